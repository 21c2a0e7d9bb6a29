import { eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '@/lib/db/client';
import { signInThrottles } from '@/lib/db/schema';
import type { HardLimit, SpacedLimit } from './throttle-limits';

/** One counter: a key (kind and subject, e.g. `account:ann@x.test`) and the limit it is held to. */
export type Counter = { key: string; limit: HardLimit | SpacedLimit };

const isSpaced = (limit: HardLimit | SpacedLimit): limit is SpacedLimit => 'free' in limit;

/**
 * Counts one attempt on one key in a single upsert, unless the key is locked: then the row is
 * left alone and nothing is returned. Parallel requests queue on the row, so each sees the count
 * and lock the previous one left (a burst gets no more attempts than the limit).
 */
async function countAttempt(db: Executor, { key, limit }: Counter): Promise<boolean> {
  const t = signInThrottles;
  const window = sql`make_interval(mins => ${limit.windowMinutes})`;
  let fresh;
  let lockAfter;
  if (isSpaced(limit)) {
    fresh = sql`((${t.lockedUntil} is null and ${t.windowStartedAt} < now() - ${window}) or ${t.lockedUntil} < now() - make_interval(mins => ${limit.quietMinutes}))`;
    // After the free attempts, the n-th must wait firstGap * 2^(n - free) after the previous one (capped).
    lockAfter = (count: SQL) => sql`case when ${count} >= ${limit.free} then now() + make_interval(secs => least(${limit.firstGapSeconds} * power(2, least(${count} - ${limit.free}, 20)), ${limit.maxGapSeconds})) end`;
  } else {
    fresh = sql`(${t.lockedUntil} <= now() or (${t.lockedUntil} is null and ${t.windowStartedAt} < now() - ${window}))`;
    const lockEnd = limit.lockMinutes
      ? sql`now() + make_interval(mins => ${limit.lockMinutes})`
      : sql`case when ${fresh} then now() else ${t.windowStartedAt} end + ${window}`;
    lockAfter = (count: SQL) => sql`case when ${count} >= ${limit.max} then ${lockEnd} end`;
  }
  const count = sql`case when ${fresh} then 1 else ${t.failures} + 1 end`;
  const rows = await db
    .insert(t)
    .values({ key, failures: 1, windowStartedAt: sql`now()` })
    .onConflictDoUpdate({
      target: t.key,
      set: {
        failures: count,
        windowStartedAt: sql`case when ${fresh} then now() else ${t.windowStartedAt} end`,
        lockedUntil: lockAfter(count),
      },
      setWhere: sql`${t.lockedUntil} is null or ${t.lockedUntil} <= now()`,
    })
    .returning({ key: t.key });
  return rows.length === 1;
}

/** Seconds until a locked key opens again (at least 1: it was locked a moment ago). */
async function secondsLocked(db: Executor, key: string): Promise<number> {
  const [row] = await db
    .select({ seconds: sql<number>`ceil(extract(epoch from ${signInThrottles.lockedUntil} - now()))::int` })
    .from(signInThrottles)
    .where(eq(signInThrottles.key, key));
  return Math.max(row?.seconds ?? 1, 1);
}

/** Takes back one counted attempt; a hard lock goes once the count is under the limit again. */
async function refundAttempt(db: Executor, { key, limit }: Counter): Promise<void> {
  const t = signInThrottles;
  const threshold = isSpaced(limit) ? limit.free : limit.max;
  await db
    .update(t)
    .set({
      failures: sql`greatest(${t.failures} - 1, 0)`,
      lockedUntil: sql`case when ${t.failures} - 1 >= ${threshold} then ${t.lockedUntil} end`,
    })
    .where(eq(t.key, key));
}

/**
 * Counts an attempt on every counter, in order, before the guarded work runs (a password check,
 * an email, a login row). Returns 0 to go ahead, or the seconds to wait: then the attempt is
 * counted on no key at all, so a refused client cannot push any other counter (a locked address
 * cannot lock the accounts it tries, nor a locked account the addresses trying it).
 */
export async function takeAttempt(db: Executor, counters: Counter[]): Promise<number> {
  const counted: Counter[] = [];
  for (const counter of counters) {
    if (await countAttempt(db, counter)) {
      counted.push(counter);
      continue;
    }
    for (const done of counted) await refundAttempt(db, done);
    return secondsLocked(db, counter.key);
  }
  return 0;
}

/** Takes back an attempt counted by takeAttempt (it turned out not to be one: a correct password). */
export async function refundAttempts(db: Executor, counters: Counter[]): Promise<void> {
  for (const counter of counters) await refundAttempt(db, counter);
}

export async function clearCounters(db: Executor, keys: string[]): Promise<void> {
  if (keys.length) await db.delete(signInThrottles).where(inArray(signInThrottles.key, keys));
}

/** "N seconds" under two minutes, else whole minutes rounded up. */
export function waitText(seconds: number): string {
  if (seconds < 120) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

export function throttleMessage(seconds: number): string {
  return `Too many failed sign-in attempts. Try again in ${waitText(seconds)}.`;
}
