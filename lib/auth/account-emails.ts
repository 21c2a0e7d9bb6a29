import type { Executor } from '@/lib/db/client';
import { sendEmail } from '@/lib/email/send';
import { getEnv } from '@/lib/env';
import { issueEmailToken } from './email-tokens';

export async function sendVerificationEmail(db: Executor, user: { id: string; email: string; name: string }): Promise<void> {
  const token = await issueEmailToken(db, user.id, 'verify_email');
  const link = `${getEnv().APP_URL}/verify-email?token=${token}`;
  await sendEmail({
    to: user.email,
    subject: 'Verify your email address',
    text: `Hi ${user.name || 'there'},\n\nConfirm your email address to finish setting up your account:\n${link}\n\nThe link works once and expires in 24 hours.`,
  });
}

export async function sendPasswordResetEmail(db: Executor, user: { id: string; email: string; name: string }): Promise<void> {
  const token = await issueEmailToken(db, user.id, 'reset_password');
  const link = `${getEnv().APP_URL}/reset-password?token=${token}`;
  await sendEmail({
    to: user.email,
    subject: 'Reset your password',
    text: `Hi ${user.name || 'there'},\n\nSomeone (hopefully you) asked to reset your password. Choose a new one here:\n${link}\n\nThe link works once and expires in 30 minutes. If you did not ask for this, ignore this email.`,
  });
}

/** Instead of a reset link, for an account whose organization requires SSO (not break-glass): there is no password to reset. */
export async function sendUseSsoEmail(user: { email: string; name: string }): Promise<void> {
  await sendEmail({
    to: user.email,
    subject: 'Sign in with single sign-on',
    text: `Hi ${user.name || 'there'},\n\nSomeone (hopefully you) asked to reset your password. Your organization signs in with single sign-on, so there is no password to reset: use “Continue with SSO” with your work email at ${getEnv().APP_URL}/login.\n\nIf you did not ask for this, ignore this email.`,
  });
}

export async function sendInviteEmail(invite: { email: string; orgName: string; inviterEmail: string; token: string }): Promise<string> {
  const link = `${getEnv().APP_URL}/invite/${invite.token}`;
  await sendEmail({
    to: invite.email,
    subject: `You're invited to ${invite.orgName}`,
    text: `${invite.inviterEmail} invited you to join ${invite.orgName} on the LLM Gateway console.\n\nAccept the invite:\n${link}\n\nThe link expires in 7 days.`,
  });
  return link;
}
