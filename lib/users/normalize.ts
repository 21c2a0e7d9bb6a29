import { z } from 'zod';

export const emailSchema = z
  .string({ message: 'Enter your email address' })
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'Enter a valid email address, like name@company.com' }).max(254, 'Email address is too long'));

export const nameSchema = z.string().trim().min(1, 'Enter your name').max(120, 'Name must be at most 120 characters');

export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}
