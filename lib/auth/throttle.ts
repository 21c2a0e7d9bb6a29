import { eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '@/lib/db/client';
import { signInThrottles } from '@/lib/db/schema';

/** Password checks allowed per window before the key is locked, and for how long. */
export const THROTTLE_LIMITS = {
  account: { maxFailures: 5, windowMinutes: 15, lockMinutes: 15 },
  ip: { maxFailures: 50, windowMinutes: 15, lockMinutes: 15 },
} as const;

type ThrottleKind = keyof typeof THROTTLE_LIMITS;
export type ThrottleKeys = { account?: string; ip?: string | null };

function keysOf(keys: ThrottleKeys): { key: string; kind: ThrottleKind }[] {
  const list: { key: string; kind: ThrottleKind }[] = [];
  if (keys.account) list.push({ key: `account:${keys.account.toLowerCase()}`, kind: 'account' });
  if (keys.ip) list.push({ key: `ip:${keys.ip}`, kind: 'ip' });
  return list;
}

/**
 * Counts one attempt on one key in a single upsert and returns the new count, so parallel
 * requests each get a distinct number. An active lock is never reset, even once the
 * counting window has passed; an expired lock or window starts a fresh count.
 */
async function countAttempt(db: Executor, key: string, kind: ThrottleKind) {
  const limit = THROTTLE_LIMITS[kind];
  const t = signInThrottles;
  const locked = sql`${t.lockedUntil} > now()`;
  const fresh = sql`(${t.lockedUntil} <= now() or (${t.lockedUntil} is null and ${t.windowStartedAt} < now() - make_interval(mins => ${limit.windowMinutes})))`;
  const [row] = await db
    .insert(t)
    .values({ key, failures: 1, windowStartedAt: sql`now()` })
    .onConflictDoUpdate({
      target: t.key,
      set: {
        failures: sql`case when ${fresh} then 1 else ${t.failures} + 1 end`,
        windowStartedAt: sql`case when ${fresh} then now() else ${t.windowStartedAt} end`,
        lockedUntil: sql`case when ${fresh} then null when ${locked} then ${t.lockedUntil}
          when ${t.failures} + 1 >= ${limit.maxFailures} then now() + make_interval(mins => ${limit.lockMinutes}) end`,
      },
    })
    .returning({
      attempts: t.failures,
      waitMinutes: sql<number>`ceil(extract(epoch from ${t.lockedUntil} - now()) / 60)::int`,
    });
  // A statement that queued behind the one setting the lock started earlier, so it can read a few ms over the lock time.
  const waitMinutes = Math.min(Math.max(row.waitMinutes ?? limit.lockMinutes, 1), limit.lockMinutes);
  return { over: row.attempts > limit.maxFailures, waitMinutes };
}

/** Takes back one counted attempt; the lock goes once the count is under the limit again. */
async function refundAttempt(db: Executor, key: string, kind: ThrottleKind) {
  const limit = THROTTLE_LIMITS[kind];
  const t = signInThrottles;
  await db
    .update(t)
    .set({
      failures: sql`greatest(${t.failures} - 1, 0)`,
      lockedUntil: sql`case when ${t.failures} - 1 >= ${limit.maxFailures} then ${t.lockedUntil} end`,
    })
    .where(eq(t.key, key));
}

/**
 * Counts a sign-in attempt on every key before the password is checked. Returns the minutes
 * to wait when a key is over its limit; such a refused attempt is not counted on any key, so
 * a locked address cannot lock the accounts it tries, nor a locked account its address.
 */
export async function beginSignInAttempt(db: Executor, keys: ThrottleKeys): Promise<number> {
  const list = keysOf(keys);
  let wait = 0;
  for (const { key, kind } of list) {
    const result = await countAttempt(db, key, kind);
    if (result.over) wait = Math.max(wait, result.waitMinutes);
  }
  if (wait > 0) await refundSignInAttempt(db, keys);
  return wait;
}

/** Takes back an attempt counted by beginSignInAttempt (a correct password is not a guess). */
export async function refundSignInAttempt(db: Executor, keys: ThrottleKeys): Promise<void> {
  for (const { key, kind } of keysOf(keys)) await refundAttempt(db, key, kind);
}

export async function clearThrottle(db: Executor, keys: ThrottleKeys): Promise<void> {
  const list = keysOf(keys);
  if (list.length) await db.delete(signInThrottles).where(inArray(signInThrottles.key, list.map((k) => k.key)));
}

export function throttleMessage(minutes: number): string {
  return `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
}
