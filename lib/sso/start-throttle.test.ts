import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { SsoStartLimits } from '@/lib/auth/throttle-limits';
import { getDb } from '@/lib/db/client';
import { signInThrottles, ssoLoginRequests } from '@/lib/db/schema';
import { makeSamlOrg } from '@/lib/testing/saml-fixtures';
import { checkSsoStart, SSO_BUSY_MESSAGE, ssoThrottledMessage } from './start-throttle';

const db = getDb();
let ipCounter = 0;
const freshIp = () => `198.18.${(process.pid % 250) + 1}.${++ipCounter}`;

const roomy = { address: { max: 1_000, windowMinutes: 10 }, domain: { max: 1_000, windowMinutes: 10 }, pendingPerOrg: 1_000 };

/** What the "Continue with SSO" action does once routing found the org: check, then start (a login row and Jackson's rows). */
async function startFrom(org: Awaited<ReturnType<typeof makeSamlOrg>>, ip: string, limits: SsoStartLimits) {
  const admitted = await checkSsoStart(db, { ip, domain: org.domain, orgId: org.org.id }, limits);
  if (!admitted.ok) return admitted.error;
  await org.start();
  return 'started';
}

const loginRows = async (orgId: string) => (await db.select().from(ssoLoginRequests).where(eq(ssoLoginRequests.orgId, orgId))).length;
const TEN_MINUTES = ssoThrottledMessage(600);

describe('anonymous SSO starts', () => {
  it('the start after the per-address limit is refused and creates no login row; another address is not affected', async () => {
    const org = await makeSamlOrg();
    const limits = { ...roomy, address: { max: 3, windowMinutes: 10 } };
    const ip = freshIp();
    for (let i = 0; i < 3; i++) expect(await startFrom(org, ip, limits)).toBe('started');
    expect(await loginRows(org.org.id)).toBe(3);
    expect(await startFrom(org, ip, limits)).toBe(TEN_MINUTES);
    expect(await startFrom(org, ip, limits)).toBe(TEN_MINUTES);
    expect(await loginRows(org.org.id)).toBe(3);
    expect(await startFrom(org, freshIp(), limits)).toBe('started');
    expect(await loginRows(org.org.id)).toBe(4);
    // Refused starts were not counted on the domain either.
    const [domainCount] = await db.select().from(signInThrottles).where(eq(signInThrottles.key, `sso-start-domain:${org.domain}`));
    expect(domainCount.failures).toBe(4);
  });

  it('the start after the per-domain limit is refused from any address; another domain is not affected', async () => {
    const org = await makeSamlOrg();
    const other = await makeSamlOrg();
    const limits = { ...roomy, domain: { max: 4, windowMinutes: 10 } };
    for (let i = 0; i < 4; i++) expect(await startFrom(org, freshIp(), limits)).toBe('started');
    expect(await startFrom(org, freshIp(), limits)).toBe(TEN_MINUTES);
    expect(await loginRows(org.org.id)).toBe(4);
    expect(await startFrom(other, freshIp(), limits)).toBe('started');
  });

  it('the window passes and starts are allowed again', async () => {
    const org = await makeSamlOrg();
    const limits = { ...roomy, address: { max: 2, windowMinutes: 10 } };
    const ip = freshIp();
    for (let i = 0; i < 2; i++) expect(await startFrom(org, ip, limits)).toBe('started');
    expect(await startFrom(org, ip, limits)).toBe(TEN_MINUTES);
    await db.update(signInThrottles).set({ windowStartedAt: sql`now() - interval '11 minutes'`, lockedUntil: sql`now() - interval '1 minute'` }).where(eq(signInThrottles.key, `sso-start-ip:${ip}`));
    expect(await startFrom(org, ip, limits)).toBe('started');
  });

  it('caps the pending (uncompleted, unexpired) logins of an org', async () => {
    const org = await makeSamlOrg();
    const limits = { ...roomy, pendingPerOrg: 3 };
    for (let i = 0; i < 3; i++) expect(await startFrom(org, freshIp(), limits)).toBe('started');
    expect(await startFrom(org, freshIp(), limits)).toBe(SSO_BUSY_MESSAGE);
    expect(await loginRows(org.org.id)).toBe(3);
    // Another org has its own cap.
    expect(await startFrom(await makeSamlOrg(), freshIp(), limits)).toBe('started');

    const [first, second] = await db.select().from(ssoLoginRequests).where(eq(ssoLoginRequests.orgId, org.org.id));
    await db.update(ssoLoginRequests).set({ completedAt: new Date() }).where(eq(ssoLoginRequests.id, first.id));
    expect(await startFrom(org, freshIp(), limits)).toBe('started');
    expect(await startFrom(org, freshIp(), limits)).toBe(SSO_BUSY_MESSAGE);
    await db.update(ssoLoginRequests).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(ssoLoginRequests.id, second.id));
    expect(await startFrom(org, freshIp(), limits)).toBe('started');
  });

  it('a burst from one address gets exactly the limit of starts', async () => {
    const org = await makeSamlOrg();
    const limits = { ...roomy, address: { max: 5, windowMinutes: 10 } };
    const ip = freshIp();
    const results = await Promise.all(Array.from({ length: 20 }, () => checkSsoStart(db, { ip, domain: org.domain, orgId: org.org.id }, limits)));
    expect(results.filter((r) => r.ok)).toHaveLength(5);
  });

  it('uses the real limits by default', async () => {
    const org = await makeSamlOrg();
    expect(await checkSsoStart(db, { ip: freshIp(), domain: org.domain, orgId: org.org.id })).toEqual({ ok: true });
    expect(await checkSsoStart(db, { ip: null, domain: org.domain, orgId: org.org.id })).toEqual({ ok: true });
  });
});
