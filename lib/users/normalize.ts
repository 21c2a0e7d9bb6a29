import { z } from 'zod';
import { asciiHostName, normalizeEmailAddress } from './email-address';

/** RFC 6531 addresses (UTF-8 local part, internationalised domain) in the one form every table stores (email-address.ts). */
export const emailSchema = z
  .string({ message: 'Enter your email address' })
  .trim()
  .transform((input, ctx) => {
    const result = normalizeEmailAddress(input);
    if (result.ok) return result.email;
    ctx.addIssue({ code: 'custom', message: result.problem === 'too-long' ? 'Email address is too long' : 'Enter a valid email address, like name@company.com' });
    return z.NEVER;
  });

export const nameSchema = z.string().trim().min(1, 'Enter your name').max(120, 'Name must be at most 120 characters');

/** The domain as verified domains store it (A-label), whether the address came normalised or not. */
export function emailDomain(email: string): string {
  const domain = email.slice(email.lastIndexOf('@') + 1);
  return asciiHostName(domain) ?? domain.toLowerCase();
}
