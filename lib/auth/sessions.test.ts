import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db/client';
import { auditEvents, memberships, organizations, sessions, users } from '@/lib/db/schema';
import { makeMember, makeOrg, makeUser, uniqueEmail } from '@/lib/testing/fixtures';
import { loadContextForSession } from './context';
import { createSession, findLiveSession, revokeUserSessions } from './sessions';
import { signInWithPassword } from './sign-in-password';
import { throttleMessage } from './throttle';

const db = getDb();
const meta = { ip: '203.0.113.7', userAgent: 'vitest' };

describe('sessions', () => {
  it("use the org's session lifetime", async () => {
    const org = await makeOrg();
    await db.update(organizations).set({ sessionLifetimeMinutes: 5 }).where(eq(organizations.id, org.id));
    const user = await makeMember(org.id, 'member');
    const session = await createSession(db, { userId: user.id, method: 'password', orgId: org.id, meta });
    const minutes = (session.expiresAt.getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(4.9);
    expect(minutes).toBeLessThanOrEqual(5);
  });

  it('are dead once expired or revoked', async () => {
    const org = await makeOrg();
    const user = await makeMember(org.id, 'member');
    const live = await createSession(db, { userId: user.id, method: 'password', orgId: org.id, meta });
    expect(await findLiveSession(db, live.id)).toBeTruthy();
    await db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.id, live.id));
    expect(await findLiveSession(db, live.id)).toBeUndefined();
  });

  it('revokeUserSessions signs a user out everywhere, or only in one org', async () => {
    const orgA = await makeOrg();
    const orgB = await makeOrg();
    const user = await makeMember(orgA.id, 'member');
    await db.insert(memberships).values({ userId: user.id, orgId: orgB.id, role: 'viewer', source: 'manual' });
    const inA = await createSession(db, { userId: user.id, method: 'password', orgId: orgA.id, meta });
    const inB = await createSession(db, { userId: user.id, method: 'password', orgId: orgB.id, meta });
    expect(await revokeUserSessions(db, user.id, orgA.id)).toBe(1);
    expect(await findLiveSession(db, inA.id)).toBeUndefined();
    expect(await findLiveSession(db, inB.id)).toBeTruthy();
    expect(await revokeUserSessions(db, user.id)).toBe(1);
    expect(await findLiveSession(db, inB.id)).toBeUndefined();
  });

  it('the per-request context re-checks the row, the user and the membership', async () => {
    const orgA = await makeOrg({ name: 'Alpha' });
    const orgB = await makeOrg({ name: 'Beta' });
    const user = await makeMember(orgA.id, 'admin');
    await db.insert(memberships).values({ userId: user.id, orgId: orgB.id, role: 'viewer', source: 'manual' });
    const session = await createSession(db, { userId: user.id, method: 'password', orgId: orgA.id, meta });
    expect((await loadContextForSession(db, session.id, meta))?.org).toMatchObject({ id: orgA.id, role: 'admin' });

    await db.update(memberships).set({ status: 'suspended' }).where(and(eq(memberships.userId, user.id), eq(memberships.orgId, orgA.id)));
    const fallback = await loadContextForSession(db, session.id, meta);
    expect(fallback?.org).toMatchObject({ id: orgB.id, role: 'viewer' });
    expect(fallback?.orgs.map((o) => o.id)).toEqual([orgB.id]);

    await db.update(users).set({ status: 'disabled' }).where(eq(users.id, user.id));
    expect(await loadContextForSession(db, session.id, meta)).toBeNull();
    await db.update(users).set({ status: 'active' }).where(eq(users.id, user.id));
    await revokeUserSessions(db, user.id);
    expect(await loadContextForSession(db, session.id, meta)).toBeNull();
  });
});

describe('password sign-in', () => {
  const password = 'a sufficiently long password';

  async function failureReasons(email: string) {
    const rows = await db.select().from(auditEvents).where(eq(auditEvents.action, 'auth.sign_in_failed'));
    return rows.filter((r) => r.targetLabel === email).map((r) => (r.metadata as { reason: string }).reason);
  }

  it('gives unknown accounts and wrong passwords the same answer', async () => {
    const org = await makeOrg();
    const user = await makeMember(org.id, 'member', { password });
    const wrong = await signInWithPassword(db, { email: user.email, password: 'wrong password!' }, meta);
    const unknownEmail = uniqueEmail('ghost');
    const unknown = await signInWithPassword(db, { email: unknownEmail, password: 'wrong password!' }, meta);
    expect(wrong).toEqual({ ok: false, error: 'Incorrect email or password.' });
    expect(unknown).toEqual(wrong);
    expect(await failureReasons(user.email)).toEqual(['bad_password']);
    expect(await failureReasons(unknownEmail)).toEqual(['unknown_account']);
  });

  it('signs in with the right password (case-insensitive email) and opens a session', async () => {
    const org = await makeOrg();
    const user = await makeMember(org.id, 'member', { password });
    const result = await signInWithPassword(db, { email: user.email.toUpperCase(), password }, meta);
    expect(result.ok).toBe(true);
    if (result.ok) expect((await findLiveSession(db, result.sessionId))?.activeOrgId).toBe(org.id);
  });

  it('locks an account after 5 failures, even for the right password, and clears on success', async () => {
    const org = await makeOrg();
    const user = await makeMember(org.id, 'member', { password });
    const ip = { ...meta, ip: `198.51.100.${Math.floor(Math.random() * 250)}` };
    for (let i = 0; i < 4; i++) await signInWithPassword(db, { email: user.email, password: `wrong ${i} password` }, ip);
    expect((await signInWithPassword(db, { email: user.email, password }, ip)).ok).toBe(true);
    for (let i = 0; i < 5; i++) await signInWithPassword(db, { email: user.email, password: `wrong ${i} password` }, ip);
    expect(await signInWithPassword(db, { email: user.email, password }, ip)).toEqual({ ok: false, error: throttleMessage(15) });
    expect(throttleMessage(15)).toBe('Too many failed sign-in attempts. Try again in 15 minutes.');
    expect(await failureReasons(user.email)).toContain('throttled');
  });

  it('refuses an unverified email only after the password is proven', async () => {
    const user = await makeUser({ password, verified: false });
    expect(await signInWithPassword(db, { email: user.email, password: 'wrong password!' }, meta)).toEqual({ ok: false, error: 'Incorrect email or password.' });
    const result = await signInWithPassword(db, { email: user.email, password }, meta);
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/^Please verify your email address first/) });
  });

  it('rejects malformed input without touching the database', async () => {
    expect(await signInWithPassword(db, { email: 'nope', password }, meta)).toEqual({ ok: false, error: 'Enter a valid email address, like name@company.com' });
    expect(await signInWithPassword(db, { email: uniqueEmail(), password: '' }, meta)).toEqual({ ok: false, error: 'Enter your password' });
  });
});
