import type { DomainCheckFailure } from '@/lib/db/schema';
import { UserFacingError } from '@/lib/errors';
import { lookupTxt, type DnsOptions } from './txt-lookup';

export const DOMAIN_TXT_PREFIX = 'llm-gateway-verification=';

export function verificationValue(token: string): string {
  return `${DOMAIN_TXT_PREFIX}${token}`;
}

export type DomainCheck = { ok: true } | { ok: false; failure: DomainCheckFailure; message: string; dnsCode?: string };

/** A failed verification, in plain words for the person who clicked "Verify now". */
export class DomainVerificationError extends UserFacingError {
  readonly failure: DomainCheckFailure;
  readonly dnsCode?: string;

  constructor(check: Extract<DomainCheck, { ok: false }>) {
    super(check.message);
    this.name = 'DomainVerificationError';
    this.failure = check.failure;
    this.dnsCode = check.dnsCode;
  }
}

export function takenCheck(domain: string): Extract<DomainCheck, { ok: false }> {
  return { ok: false, failure: 'taken', message: `${domain} is already verified by another organization` };
}

const DNS_ERRORS: Record<string, string> = {
  ETIMEOUT: 'the DNS server did not answer in time',
  ESERVFAIL: 'the DNS server reported a failure (SERVFAIL)',
  EREFUSED: 'the DNS server refused the query',
  ECONNREFUSED: 'the DNS server could not be reached',
};

/** DNS content is whatever the domain's owner typed: keep it short and free of control characters. */
function shown(record: string): string {
  const clean = record.replace(/[\u0000-\u001f\u007f]/g, '?');
  return clean.length > 120 ? `${clean.slice(0, 120)}…` : clean;
}

/** Some DNS panels store the quotes people paste around a TXT value. */
function unquoted(record: string): string {
  const trimmed = record.trim();
  return /^".*"$/.test(trimmed) ? trimmed.slice(1, -1).trim() : trimmed;
}

/** Looks for `llm-gateway-verification=<token>` among the TXT records on `domain` and says why it is not there. */
export async function checkVerificationRecord(domain: string, token: string, dns: DnsOptions = {}): Promise<DomainCheck> {
  const expected = verificationValue(token);
  const lookup = await lookupTxt(domain, dns);
  const retry = 'DNS changes can take a few minutes to appear.';
  if (lookup.kind === 'error') {
    const what = DNS_ERRORS[lookup.code] ?? 'the DNS lookup failed';
    return { ok: false, failure: 'dns_error', dnsCode: lookup.code, message: `Could not check ${domain}: ${what} (${lookup.code}). Nothing was changed; try again in a moment.` };
  }
  if (lookup.kind === 'none') {
    const why = lookup.code === 'ENOTFOUND' ? 'DNS says the name does not exist (NXDOMAIN)' : 'the name exists but has no TXT records';
    return { ok: false, failure: 'missing', dnsCode: lookup.code, message: `No TXT record found on ${domain}: ${why}. Add a TXT record on ${domain} with the value ${expected}. ${retry}` };
  }
  const records = lookup.records.map(unquoted);
  if (records.includes(expected)) return { ok: true };
  const ours = records.filter((record) => record.toLowerCase().startsWith(DOMAIN_TXT_PREFIX));
  if (ours.length > 0) {
    const found = ours.map((record) => `"${shown(record)}"`).join(', ');
    return { ok: false, failure: 'wrong_token', message: `The verification record on ${domain} has another value: found ${found}, expected "${expected}". It may be an old token; add a TXT record with the expected value (the old one can be deleted). ${retry}` };
  }
  const count = records.length === 1 ? '1 TXT record' : `${records.length} TXT records`;
  return { ok: false, failure: 'other_records', message: `${domain} has ${count}, but none is ${expected}. Add it as one more TXT record on ${domain} and keep the existing ones. ${retry}` };
}
