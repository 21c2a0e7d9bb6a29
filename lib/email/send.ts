import nodemailer from 'nodemailer';
import { getDb } from '@/lib/db/client';
import { devOutbox } from '@/lib/db/schema';
import { getEnv, mayCaptureEmail, servesDevOutbox } from '@/lib/env';

export type Email = { to: string; subject: string; text: string };

/**
 * Sends through SMTP when SMTP_URL is set. Without it (development, or the embedded demo of
 * `npm start`: see mayCaptureEmail) the email is printed to the server console and kept in the
 * dev_outbox table, so every flow works offline.
 */
export async function sendEmail(email: Email): Promise<void> {
  const env = getEnv();
  if (env.SMTP_URL) {
    const transport = nodemailer.createTransport(env.SMTP_URL);
    await transport.sendMail({ from: env.EMAIL_FROM, ...email });
    return;
  }
  if (!mayCaptureEmail()) throw new Error('Email is not configured: set SMTP_URL');
  await getDb().insert(devOutbox).values(email);
  const listed = servesDevOutbox() ? `(also at ${env.APP_URL}/dev/outbox)\n` : '';
  console.log(`\n[dev email] To: ${email.to}\nSubject: ${email.subject}\n\n${email.text}\n${listed}`);
}
