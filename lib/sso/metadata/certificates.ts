// @peculiar/x509 resolves its services through tsyringe, which needs a Reflect polyfill loaded first.
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { X509Certificate } from '@peculiar/x509';

/** Inside this many days of notAfter a certificate is flagged (SPEC §8a: warning badge and banner). */
export const CERTIFICATE_WARNING_DAYS = 30;
const DAY_MS = 86_400_000;

export type SigningCertificate = {
  /** Base64 DER, whitespace removed: the value the connection will trust. */
  certificate: string;
  /** RFC 4514 form, e.g. "CN=Okta IdP, O=Okta". */
  subject: string;
  commonName: string | null;
  issuer: string;
  /** SHA-256 of the DER, upper-case hex pairs joined by colons (as Okta and Entra show it). */
  fingerprintSha256: string;
  notBefore: Date;
  notAfter: Date;
  expired: boolean;
  /** Not expired yet, but notAfter is within CERTIFICATE_WARNING_DAYS. */
  expiresSoon: boolean;
  /** notBefore is still ahead: typical of the next certificate published before a rollover. */
  notYetValid: boolean;
};

function fingerprint(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)!.join(':');
}

/**
 * Reads one X509Certificate value from metadata (base64 DER, whitespace and PEM armour
 * tolerated, as IdPs wrap it at 64 or 76 columns). Throws a plain Error when it is not a
 * certificate; the caller says which one.
 */
export function describeSigningCertificate(text: string, now = new Date()): SigningCertificate {
  const base64 = text.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  if (!base64) throw new Error('it is empty');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64) || base64.length % 4 !== 0) throw new Error('it is not base64');
  const der = Buffer.from(base64, 'base64');
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(der);
  } catch {
    throw new Error('it is not a DER X.509 certificate');
  }
  const { notBefore, notAfter } = certificate;
  const expired = now.getTime() > notAfter.getTime();
  return {
    certificate: base64,
    subject: certificate.subject,
    commonName: certificate.subjectName.getField('CN')[0] ?? null,
    issuer: certificate.issuer,
    fingerprintSha256: fingerprint(der),
    notBefore,
    notAfter,
    expired,
    expiresSoon: !expired && notAfter.getTime() - now.getTime() <= CERTIFICATE_WARNING_DAYS * DAY_MS,
    notYetValid: now.getTime() < notBefore.getTime(),
  };
}
