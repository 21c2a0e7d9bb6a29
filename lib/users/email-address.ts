import { domainToASCII, domainToUnicode } from 'node:url';

/**
 * Email addresses as RFC 6531 allows them (UTF-8 local part, internationalised domain), in one
 * canonical form: NFC, lower case by JavaScript's Unicode case mapping, domain as its A-label
 * (`zoë@Bücher.de` → `zoë@xn--bcher-kva.de`). ASCII addresses keep exactly the form they always
 * had, so stored accounts need no migration, and the domain part compares as-is with verified
 * domains (stored as A-labels too).
 */
export type EmailAddressResult = { ok: true; email: string } | { ok: false; problem: 'invalid' | 'too-long' };

const MAX_LOCAL_OCTETS = 64; // RFC 5321 §4.5.3.1.1
const MAX_ADDRESS_OCTETS = 254; // RFC 5321 path limit (256) minus the angle brackets

/**
 * One dot-atom: the ASCII characters the previous (zod) check allowed, plus any non-ASCII letter,
 * combining mark or digit. Non-ASCII punctuation, symbols, spaces and invisible characters stay
 * out: fullwidth ＠, the one-dot leader ․ and bidi controls only serve to make look-alikes.
 */
const LOCAL_PART = /^[a-z0-9_'+\-\p{L}\p{M}\p{N}]+(\.[a-z0-9_'+\-\p{L}\p{M}\p{N}]+)*$/u;
const TOP_LEVEL_LABEL = /^([a-z]{2,63}|xn--[a-z0-9-]+)$/;
const LDH_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * The A-label form of a host name (IDNA/UTS #46 as in WHATWG URL: lower case, NFC, fullwidth dots
 * mapped), or undefined when it is not a DNS host name of at least two labels with an alphabetic
 * (or IDN) top-level label.
 */
export function asciiHostName(domain: string): string | undefined {
  // Whitespace and invisible characters first: domainToASCII drops some silently (soft hyphen).
  if (/[\p{Z}\p{C}]/u.test(domain)) return undefined;
  const ascii = domainToASCII(domain);
  // domainToASCII accepts `_`, IPv4 literals, trailing dots and U-labels with edge hyphens (no
  // CheckHyphens, WHATWG URL); a mail domain takes none of them.
  const unicode = ascii && domainToUnicode(ascii);
  if (!ascii || !unicode || ascii.length > 253) return undefined;
  const labels = ascii.split('.');
  if (labels.length < 2 || !labels.every((label) => LDH_LABEL.test(label))) return undefined;
  if (unicode.split('.').some((label) => label.startsWith('-') || label.endsWith('-'))) return undefined;
  return TOP_LEVEL_LABEL.test(labels[labels.length - 1]) ? ascii : undefined;
}

export function normalizeEmailAddress(input: string): EmailAddressResult {
  const text = input.trim().normalize('NFC');
  const at = text.indexOf('@');
  if (at < 0 || at !== text.lastIndexOf('@')) return { ok: false, problem: 'invalid' };
  const local = text.slice(0, at).toLowerCase().normalize('NFC');
  const domain = text.slice(at + 1);
  if (!LOCAL_PART.test(local)) return { ok: false, problem: 'invalid' };
  if (Buffer.byteLength(local, 'utf8') > MAX_LOCAL_OCTETS) return { ok: false, problem: 'too-long' };
  const ascii = asciiHostName(domain);
  if (!ascii) return { ok: false, problem: 'invalid' };
  const email = `${local}@${ascii}`;
  return Buffer.byteLength(email, 'utf8') > MAX_ADDRESS_OCTETS ? { ok: false, problem: 'too-long' } : { ok: true, email };
}
