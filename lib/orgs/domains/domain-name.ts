import { z } from 'zod';
import { asciiHostName } from '@/lib/users/email-address';

const DOMAIN_MESSAGE = 'Enter a domain name like example.com';

/**
 * A domain as typed, U-label (`bücher.de`) or A-label (`xn--bcher-kva.de`), kept as its A-label:
 * one domain, one row, and the same form emailDomain() gives for an address on it.
 */
export const domainSchema = z
  .string()
  .trim()
  .transform((input, ctx) => {
    const ascii = asciiHostName(input);
    if (ascii) return ascii;
    ctx.addIssue({ code: 'custom', message: DOMAIN_MESSAGE });
    return z.NEVER;
  });

/** Callers outside the schema (seed, tests, SSO) may hold either form; every query uses the A-label. */
export function domainKey(domain: string): string {
  return asciiHostName(domain.trim()) ?? domain.trim().toLowerCase();
}
