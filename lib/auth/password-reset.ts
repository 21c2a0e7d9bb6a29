import { eq } from 'drizzle-orm';
import { auditBy, recordAudit } from '@/lib/audit/record';
import type { Executor } from '@/lib/db/client';
import { passwordCredentials, users } from '@/lib/db/schema';
import { UserFacingError } from '@/lib/errors';
import { addressBucket } from '@/lib/http/client-address';
import { findUserByEmail, setUserPassword } from '@/lib/users/create-user';
import { sendPasswordResetEmail, sendUseSsoEmail } from './account-emails';
import { consumeEmailToken } from './email-tokens';
import { checkLocalSignIn, SSO_REQUIRED_MESSAGE } from './local-sign-in-policy';
import { findDefaultOrgId, revokeUserSessions, type RequestMeta } from './sessions';
import { clearAccountCounters } from './sign-in-throttle';
import { takeAttempt, waitText, type Counter } from './throttle';
import { PASSWORD_RESET_LIMITS } from './throttle-limits';

export const RESET_REQUESTED_MESSAGE = 'If an account exists for that address, we sent a link to reset the password. It expires in 30 minutes.';

export const resetThrottledMessage = (seconds: number) => `Too many password reset requests. Try again in ${waitText(seconds)}.`;

/**
 * Emails a reset link when the account may use a password, or (SSO-only domain, not break-glass)
 * an email saying to use SSO instead. Whatever the account, the caller answers
 * RESET_REQUESTED_MESSAGE: neither existence nor break-glass status shows. Throttled per client
 * address and per email (PASSWORD_RESET_LIMITS), counted whether or not the account exists.
 */
export async function requestPasswordReset(db: Executor, email: string, meta: RequestMeta): Promise<void> {
  const counters: Counter[] = [{ key: `reset-email:${email.toLowerCase()}`, limit: PASSWORD_RESET_LIMITS.email }];
  if (meta.ip) counters.unshift({ key: `reset-ip:${addressBucket(meta.ip)}`, limit: PASSWORD_RESET_LIMITS.address });
  const wait = await takeAttempt(db, counters);
  if (wait > 0) throw new UserFacingError(resetThrottledMessage(wait));
  const user = await findUserByEmail(db, email);
  if (!user || user.status !== 'active') return;
  const policy = await checkLocalSignIn(db, { email, userId: user.id, method: 'password' });
  if (policy.allowed) await sendPasswordResetEmail(db, user);
  else await sendUseSsoEmail(user);
}

/** Sets a new password from a single-use link, then signs the account out everywhere. */
export async function resetPassword(db: Executor, input: { token: string; password: string }, meta: RequestMeta): Promise<void> {
  await db.transaction(async (tx) => {
    const userId = await consumeEmailToken(tx, input.token, 'reset_password');
    if (!userId) throw new UserFacingError('This reset link is invalid, already used or expired. Request a new one.');
    const [user] = await tx.select().from(users).where(eq(users.id, userId));
    const policy = await checkLocalSignIn(tx, { email: user.email, userId, method: 'password' });
    if (!policy.allowed) throw new UserFacingError(SSO_REQUIRED_MESSAGE);
    const [credential] = await tx.select().from(passwordCredentials).where(eq(passwordCredentials.userId, userId));
    if (credential?.deactivatedAt) throw new UserFacingError('Your password was turned off when your account moved to single sign-on. Use “Continue with SSO”.');
    await setUserPassword(tx, userId, input.password);
    // Clicking the emailed link proves the address, so an unverified sign-up becomes verified.
    if (!user.emailVerifiedAt) await tx.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, userId));
    const by = { actor: { type: 'user' as const, id: userId, label: user.email }, ip: meta.ip, userAgent: meta.userAgent };
    await revokeUserSessions(tx, { userId, reason: 'password reset', by });
    await clearAccountCounters(tx, user.email);
    await recordAudit(tx, auditBy(by, { orgId: await findDefaultOrgId(tx, userId), action: 'user.password_reset', target: { type: 'user', id: userId, label: user.email } }));
  });
}
