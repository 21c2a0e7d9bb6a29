import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { takeAttempt, waitText, type Counter } from '@/lib/auth/throttle';
import { SSO_START_LIMITS, type SsoStartLimits } from '@/lib/auth/throttle-limits';
import type { Executor } from '@/lib/db/client';
import { ssoLoginRequests } from '@/lib/db/schema';
import { addressBucket } from '@/lib/http/client-address';

export const SSO_BUSY_MESSAGE = 'Too many sign-ins to your organization are in progress right now. Try again in a few minutes.';
export const ssoThrottledMessage = (seconds: number) => `Too many single sign-on attempts. Try again in ${waitText(seconds)}.`;

/** Uncompleted, unexpired login requests of the org, counted up to `cap` (no need to count past it). */
async function countPendingLogins(db: Executor, orgId: string, cap: number): Promise<number> {
  const r = ssoLoginRequests;
  const pending = db
    .select({ one: sql`1` })
    .from(r)
    .where(and(eq(r.orgId, orgId), isNull(r.completedAt), gt(r.expiresAt, sql`now()`)))
    .limit(cap)
    .as('pending');
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(pending);
  return row.n;
}

/**
 * Whether an anonymous SSO start may create its login request (and Jackson's rows): per client
 * address, per email domain, and a cap on the org's pending logins (SSO_START_LIMITS). A refused
 * start is counted nowhere and must create nothing. The pending cap is checked before the insert
 * without a lock, so parallel starts may pass it by a few; the address and domain counts are exact.
 */
export async function checkSsoStart(
  db: Executor,
  input: { ip: string | null; domain: string; orgId: string },
  limits: SsoStartLimits = SSO_START_LIMITS,
): Promise<{ ok: true } | { ok: false; error: string }> {
  if ((await countPendingLogins(db, input.orgId, limits.pendingPerOrg)) >= limits.pendingPerOrg) return { ok: false, error: SSO_BUSY_MESSAGE };
  const counters: Counter[] = [];
  if (input.ip) counters.push({ key: `sso-start-ip:${addressBucket(input.ip)}`, limit: limits.address });
  counters.push({ key: `sso-start-domain:${input.domain.toLowerCase()}`, limit: limits.domain });
  const wait = await takeAttempt(db, counters);
  return wait > 0 ? { ok: false, error: ssoThrottledMessage(wait) } : { ok: true };
}
