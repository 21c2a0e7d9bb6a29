import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '@/lib/db/client';
import { passkeys, passwordCredentials } from '@/lib/db/schema';

/** Can someone sign in to this account without an IdP, with a password or a passkey still in use? */
export async function hasLocalCredentials(db: Executor, userId: string): Promise<boolean> {
  const result = await db.execute<{ local: boolean }>(sql`select
    exists (select 1 from ${passwordCredentials} where ${passwordCredentials.userId} = ${userId} and ${passwordCredentials.deactivatedAt} is null)
    or exists (select 1 from ${passkeys} where ${passkeys.userId} = ${userId} and ${passkeys.deactivatedAt} is null) as local`);
  return result.rows[0].local;
}

/** Turns off the account's password (unless kept) and passkeys; the rows stay, for the audit trail. */
export async function deactivateLocalCredentials(db: Executor, userId: string, options: { keepPassword?: boolean } = {}) {
  const passwords = options.keepPassword
    ? []
    : await db.update(passwordCredentials).set({ deactivatedAt: new Date() }).where(and(eq(passwordCredentials.userId, userId), isNull(passwordCredentials.deactivatedAt))).returning({ id: passwordCredentials.userId });
  const keys = await db.update(passkeys).set({ deactivatedAt: new Date() }).where(and(eq(passkeys.userId, userId), isNull(passkeys.deactivatedAt))).returning({ id: passkeys.id });
  return { passwordDeactivated: passwords.length > 0, passkeysDeactivated: keys.length };
}
