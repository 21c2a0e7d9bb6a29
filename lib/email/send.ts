import nodemailer from 'nodemailer';
import { getDb } from '@/lib/db/client';
import { devOutbox } from '@/lib/db/schema';
import { getEnv, isProduction } from '@/lib/env';

export type Email = { to: string; subject: string; text: string };

/**
 * Sends through SMTP when SMTP_URL is set. Without it (never in production) the email is
 * printed to the server console and kept in the dev outbox, so every flow works offline.
 */
export async function sendEmail(email: Email): Promise<void> {
  const env = getEnv();
  if (env.SMTP_URL) {
    const transport = nodemailer.createTransport(env.SMTP_URL);
    await transport.sendMail({ from: env.EMAIL_FROM, ...email });
    return;
  }
  if (isProduction()) throw new Error('Email is not configured: set SMTP_URL');
  await getDb().insert(devOutbox).values(email);
  console.log(`\n[dev email] To: ${email.to}\nSubject: ${email.subject}\n\n${email.text}\n(see ${env.APP_URL}/dev/outbox)\n`);
}
