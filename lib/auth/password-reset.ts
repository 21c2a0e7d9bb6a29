import { eq } from 'drizzle-orm';
import { auditBy, recordAudit } from '@/lib/audit/record';
import type { Executor } from '@/lib/db/client';
import { passwordCredentials, users } from '@/lib/db/schema';
import { UserFacingError } from '@/lib/errors';
import { findUserByEmail, setUserPassword } from '@/lib/users/create-user';
import { sendPasswordResetEmail } from './account-emails';
import { consumeEmailToken } from './email-tokens';
import { checkLocalSignIn, SSO_REQUIRED_MESSAGE } from './local-sign-in-policy';
import { findDefaultOrgId, revokeUserSessions, type RequestMeta } from './sessions';
import { clearThrottle } from './throttle';

export const RESET_REQUESTED_MESSAGE = 'If an account exists for that address, we sent a link to reset the password. It expires in 30 minutes.';

/** Emails a reset link when the account may use a password. The answer never reveals whether it exists. */
export async function requestPasswordReset(db: Executor, email: string): Promise<void> {
  const policy = await checkLocalSignIn(db, { email, method: 'password' });
  const user = await findUserByEmail(db, email);
  if (!policy.allowed) {
    if (!user) throw new UserFacingError(SSO_REQUIRED_MESSAGE);
    const breakGlass = await checkLocalSignIn(db, { email, userId: user.id, method: 'password' });
    if (!breakGlass.allowed) throw new UserFacingError(SSO_REQUIRED_MESSAGE);
  }
  if (user && user.status === 'active') await sendPasswordResetEmail(db, user);
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
    await clearThrottle(tx, { account: user.email });
    await recordAudit(tx, auditBy(by, { orgId: await findDefaultOrgId(tx, userId), action: 'user.password_reset', target: { type: 'user', id: userId, label: user.email } }));
  });
}
