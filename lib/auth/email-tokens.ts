import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { generateSecret, hashSecret } from '@/lib/crypto/tokens';
import type { Executor } from '@/lib/db/client';
import { emailTokens } from '@/lib/db/schema';

type Purpose = 'verify_email' | 'reset_password';

const LIFETIME_MINUTES: Record<Purpose, number> = { verify_email: 24 * 60, reset_password: 30 };

/** Issues a single-use emailed token; earlier unused tokens of the same purpose stop working. */
export async function issueEmailToken(db: Executor, userId: string, purpose: Purpose): Promise<string> {
  const token = generateSecret('', 32);
  await db.update(emailTokens).set({ usedAt: sql`now()` }).where(and(eq(emailTokens.userId, userId), eq(emailTokens.purpose, purpose), isNull(emailTokens.usedAt)));
  await db.insert(emailTokens).values({ userId, purpose, tokenHash: hashSecret(token), expiresAt: new Date(Date.now() + LIFETIME_MINUTES[purpose] * 60_000) });
  return token;
}

/** Marks the token used and returns its user id, or undefined when unknown, used or expired. */
export async function consumeEmailToken(db: Executor, token: string, purpose: Purpose): Promise<string | undefined> {
  if (!token || token.length > 200) return undefined;
  const [row] = await db
    .update(emailTokens)
    .set({ usedAt: sql`now()` })
    .where(and(eq(emailTokens.tokenHash, hashSecret(token)), eq(emailTokens.purpose, purpose), isNull(emailTokens.usedAt), gt(emailTokens.expiresAt, sql`now()`)))
    .returning({ userId: emailTokens.userId });
  return row?.userId;
}

/** Checks a token without using it (to render the reset form only for a live link). */
export async function isEmailTokenLive(db: Executor, token: string, purpose: Purpose): Promise<boolean> {
  if (!token || token.length > 200) return false;
  const [row] = await db
    .select({ id: emailTokens.id })
    .from(emailTokens)
    .where(and(eq(emailTokens.tokenHash, hashSecret(token)), eq(emailTokens.purpose, purpose), isNull(emailTokens.usedAt), gt(emailTokens.expiresAt, sql`now()`)));
  return Boolean(row);
}
