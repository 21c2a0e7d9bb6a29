import { and, eq, isNull } from 'drizzle-orm';
import { recordAudit } from '@/lib/audit/record';
import type { Executor } from '@/lib/db/client';
import { users } from '@/lib/db/schema';
import { findUserByEmail } from '@/lib/users/create-user';
import { sendVerificationEmail } from './account-emails';
import { consumeEmailToken } from './email-tokens';
import { findDefaultOrgId } from './sessions';

/** Confirms the address behind a verification link. Returns false for a bad or used link. */
export async function verifyEmailAddress(db: Executor, token: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const userId = await consumeEmailToken(tx, token, 'verify_email');
    if (!userId) return false;
    const [user] = await tx.update(users).set({ emailVerifiedAt: new Date() }).where(and(eq(users.id, userId), isNull(users.emailVerifiedAt))).returning();
    if (user) {
      await recordAudit(tx, { orgId: await findDefaultOrgId(tx, userId), actor: { type: 'user', id: userId, label: user.email }, action: 'user.email_verified', target: { type: 'user', id: userId, label: user.email } });
    }
    return true;
  });
}

/** Sends a fresh link if the account exists and is unverified; silent otherwise (no enumeration). */
export async function resendVerificationEmail(db: Executor, email: string): Promise<void> {
  const user = await findUserByEmail(db, email);
  if (user && !user.emailVerifiedAt) await sendVerificationEmail(db, user);
}
