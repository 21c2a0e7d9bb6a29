import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { generate } from 'selfsigned';

export type IdpCredentials = { privateKey: string; certPem: string; certBase64: string };

/** The console's client registration at the demo IdP, kept with its key. */
export type DemoIdpSecrets = IdpCredentials & { oidcClientSecret: string };

function certBody(pem: string): string {
  return pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
}

/** A fresh RSA-2048 key and self-signed certificate, as an IdP signs with (10 years unless `validity` says otherwise). */
export async function createIdpCredentials(commonName = 'Demo IdP', validity: { notBefore?: Date; notAfter?: Date } = {}): Promise<IdpCredentials> {
  const notAfterDate = validity.notAfter ?? new Date(Date.now() + 10 * 365 * 86_400_000);
  const result = await generate([{ name: 'commonName', value: commonName }], { keySize: 2048, algorithm: 'sha256', notBeforeDate: validity.notBefore, notAfterDate });
  return { privateKey: result.private, certPem: result.cert, certBase64: certBody(result.cert) };
}

/** The demo IdP keeps its key and client secret across restarts so the seeded connections stay valid. */
export async function loadOrCreateIdpCredentials(dir: string): Promise<DemoIdpSecrets> {
  const file = path.join(dir, 'credentials.json');
  const saved = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<DemoIdpSecrets>) : undefined;
  if (saved?.privateKey && saved.oidcClientSecret) return saved as DemoIdpSecrets;
  const credentials = { ...(saved?.privateKey ? (saved as IdpCredentials) : await createIdpCredentials()), oidcClientSecret: randomBytes(24).toString('base64url') };
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
}
