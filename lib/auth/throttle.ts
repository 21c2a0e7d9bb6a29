import { inArray, sql } from 'drizzle-orm';
import type { Executor } from '@/lib/db/client';
import { signInThrottles } from '@/lib/db/schema';

/** Failures allowed per window before the key is locked, and for how long. */
export const THROTTLE_LIMITS = {
  account: { maxFailures: 5, windowMinutes: 15, lockMinutes: 15 },
  ip: { maxFailures: 50, windowMinutes: 15, lockMinutes: 15 },
} as const;

export type ThrottleKeys = { account?: string; ip?: string | null };

function keysOf(keys: ThrottleKeys): { key: string; kind: keyof typeof THROTTLE_LIMITS }[] {
  const list: { key: string; kind: keyof typeof THROTTLE_LIMITS }[] = [];
  if (keys.account) list.push({ key: `account:${keys.account.toLowerCase()}`, kind: 'account' });
  if (keys.ip) list.push({ key: `ip:${keys.ip}`, kind: 'ip' });
  return list;
}

/** Minutes until the earliest permitted retry, or 0 when no key is locked. */
export async function getThrottleWait(db: Executor, keys: ThrottleKeys): Promise<number> {
  const list = keysOf(keys);
  if (list.length === 0) return 0;
  const rows = await db.select().from(signInThrottles).where(inArray(signInThrottles.key, list.map((k) => k.key)));
  const now = Date.now();
  const waits = rows.map((row) => (row.lockedUntil ? row.lockedUntil.getTime() - now : 0)).filter((ms) => ms > 0);
  return waits.length === 0 ? 0 : Math.ceil(Math.max(...waits) / 60_000);
}

/** Counts one failure per key in a single upsert; a key that reaches its limit gets locked. */
export async function recordThrottleFailure(db: Executor, keys: ThrottleKeys): Promise<void> {
  for (const { key, kind } of keysOf(keys)) {
    const limit = THROTTLE_LIMITS[kind];
    const windowStart = sql`now() - make_interval(mins => ${limit.windowMinutes})`;
    await db
      .insert(signInThrottles)
      .values({ key, failures: 1, windowStartedAt: sql`now()` })
      .onConflictDoUpdate({
        target: signInThrottles.key,
        set: {
          failures: sql`case when ${signInThrottles.windowStartedAt} < ${windowStart} then 1 else ${signInThrottles.failures} + 1 end`,
          windowStartedAt: sql`case when ${signInThrottles.windowStartedAt} < ${windowStart} then now() else ${signInThrottles.windowStartedAt} end`,
          lockedUntil: sql`case when ${signInThrottles.windowStartedAt} >= ${windowStart} and ${signInThrottles.failures} + 1 >= ${limit.maxFailures}
            then now() + make_interval(mins => ${limit.lockMinutes}) else ${signInThrottles.lockedUntil} end`,
        },
      });
  }
}

export async function clearThrottle(db: Executor, keys: ThrottleKeys): Promise<void> {
  const list = keysOf(keys);
  if (list.length) await db.delete(signInThrottles).where(inArray(signInThrottles.key, list.map((k) => k.key)));
}

export function throttleMessage(minutes: number): string {
  return `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
}
