import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db/client';
import { auditEvents, memberships, organizations, sessions, users } from '@/lib/db/schema';
import { makeMember, makeOrg, makeUser, systemActor, uniqueEmail } from '@/lib/testing/fixtures';
import { loadContextForSession } from './context';
import { createSession, findLiveSession, revokeSession, revokeUserSessions } from './sessions';
import { signInWithPassword } from './sign-in-password';
import { throttleMessage } from './throttle';

const db = getDb();
const meta = { ip: '203.0.113.7', userAgent: 'vitest' };
const revokeAll = (userId: string, orgId?: string) => revokeUserSessions(db, { userId, orgId, reason: 'test', by: systemActor });
/** A fresh client address, so the per-IP counter of one test never leaks into another. */
let ipCounter = 0;
// Per-address limits count an IPv6 address by its /64, so each fresh address gets its own /64.
const freshIp = () => ({ ip: `2001:db8:${(process.pid % 0x10000).toString(16)}:${(0x5000 + ++ipCounter).toString(16)}::1`, userAgent: 'vitest' });

describe('sessions', () => {
  it("use the org's session lifetime", async () => {
    const org = await makeOrg();
    await db.update(organizations).set({ sessionLifetimeMinutes: 5 }).where(eq(organizations.id, org.id));
    const user = await makeMember(org.id, 'member');
    const session = await createSession(db, { userId: user.id, method: 'password', orgId: org.id, meta });
    const minutes = (session.expiresAt.getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(4.9);
    expect(minutes).toBeLessThanOrEqual(5);
    const [row] = await db.select().from(sessions).where(eq(sessions.id, session.id));
    expect(row.expiresAt.getTime()).toBe(session.expiresAt.getTime());
    expect(row).toMatchObject({ userId: user.id, activeOrgId: org.id, method: 'password', revokedAt: null, ip: meta.ip, userAgent: 'vitest' });
  });

  it('default to 12 hours without an org, and follow a longer org lifetime too', async () => {
    const user = await makeUser();
    const orgless = await createSession(db, { userId: user.id, method: 'password', orgId: null, meta });
    expect((orgless.expiresAt.getTime() - Date.now()) / 60_000).toBeGreaterThan(719.9);
    expect((orgless.expiresAt.getTime() - Date.now()) / 60_000).toBeLessThanOrEqual(720);
    const org = await makeOrg();
    await db.update(organizations).set({ sessionLifetimeMinutes: 2 * 24 * 60 }).where(eq(organizations.id, org.id));
    const long = await createSession(db, { userId: user.id, method: 'password', orgId: org.id, meta });
    expect((long.expiresAt.getTime() - Date.now()) / 60_000).toBeGreaterThan(2 * 24 * 60 - 0.1);
  });

  it('are dead once expired or revoked', async () => {
    const org = await makeOrg();
    const user = await makeMember(org.id, 'member');
    const live = await createSession(db, { userId: user.id, method: 'password', orgId: org.id, meta });
    expect(await findLiveSession(db, live.id)).toBeTruthy();
    await db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.id, live.id));
    expect(await findLiveSession(db, live.id)).toBeUndefined();

    const other = await createSession(db, { userId: user.id, method: 'password', orgId: org.id, meta });
    await revokeSession(db, other.id, 'signed out');
    expect(await findLiveSession(db, other.id)).toBeUndefined();
    const [row] = await db.select().from(sessions).where(eq(sessions.id, other.id));
    expect(row.revokedAt).toBeInstanceOf(Date);
    expect(row.revokedReason).toBe('signed out');
    expect(await findLiveSession(db, '00000000-0000-0000-0000-000000000000')).toBeUndefined();
  });

  it('revokeUserSessions signs a user out everywhere, or only in one org', async () => {
    const orgA = await makeOrg();
    const orgB = await makeOrg();
    const user = await makeMember(orgA.id, 'member');
    await db.insert(memberships).values({ userId: user.id, orgId: orgB.id, role: 'viewer', source: 'manual' });
    const inA = await createSession(db, { userId: user.id, method: 'password', orgId: orgA.id, meta });
    const inB = await createSession(db, { userId: user.id, method: 'password', orgId: orgB.id, meta });
    expect(await revokeAll(user.id, orgA.id)).toBe(1);
    expect(await findLiveSession(db, inA.id)).toBeUndefined();
    expect(await findLiveSession(db, inB.id)).toBeTruthy();
    expect(await revokeAll(user.id)).toBe(1);
    expect(await findLiveSession(db, inB.id)).toBeUndefined();
  });

  it('revokeUserSessions without an org revokes every live session of that user only', async () => {
    const org = await makeOrg();
    const user = await makeMember(org.id, 'member');
    const bystander = await makeMember(org.id, 'member');
    const mine = [
      await createSession(db, { userId: user.id, method: 'password', orgId: org.id, meta }),
      await createSession(db, { userId: user.id, method: 'passkey', orgId: org.id, meta }),
      await createSession(db, { userId: user.id, method: 'password', orgId: null, meta }),
    ];
    const theirs = await createSession(db, { userId: bystander.id, method: 'password', orgId: org.id, meta });
    expect(await revokeAll(user.id)).toBe(3);
    for (const session of mine) expect(await findLiveSession(db, session.id)).toBeUndefined();
    expect(await findLiveSession(db, theirs.id)).toBeTruthy();
    // Already revoked rows are not counted (or re-stamped) again.
    expect(await revokeAll(user.id)).toBe(0);
  });

  it('revokeUserSessions audits one session.revoked event per call that revoked something', async () => {
    const orgA = await makeOrg();
    const orgB = await makeOrg();
    const user = await makeMember(orgA.id, 'member');
    await db.insert(memberships).values({ userId: user.id, orgId: orgB.id, role: 'viewer', source: 'manual' });
    await createSession(db, { userId: user.id, method: 'password', orgId: orgA.id, meta });
    await createSession(db, { userId: user.id, method: 'password', orgId: orgB.id, meta });
    await createSession(db, { userId: user.id, method: 'passkey', orgId: orgB.id, meta });
    const revokedEvents = () => db.select().from(auditEvents).where(and(eq(auditEvents.action, 'session.revoked'), eq(auditEvents.targetId, user.id))).orderBy(auditEvents.id);
    const by = { actor: { type: 'user' as const, id: user.id, label: user.email }, ip: '198.51.100.9', userAgent: 'vitest' };

    expect(await revokeUserSessions(db, { userId: user.id, orgId: orgB.id, reason: 'membership suspended', by })).toBe(2);
    // Nothing left to revoke there: no event.
    expect(await revokeUserSessions(db, { userId: user.id, orgId: orgB.id, reason: 'membership suspended', by })).toBe(0);
    // Everywhere: recorded in the user's default org (the oldest membership).
    expect(await revokeUserSessions(db, { userId: user.id, reason: 'password reset', by })).toBe(1);

    expect(await revokedEvents()).toMatchObject([
      { orgId: orgB.id, actorId: user.id, ip: '198.51.100.9', userAgent: 'vitest', targetType: 'user', targetLabel: user.email, metadata: { count: 2, reason: 'membership suspended', scopeOrgId: orgB.id } },
      { orgId: orgA.id, targetLabel: user.email, metadata: { count: 1, reason: 'password reset', scopeOrgId: null } },
    ]);
  });

  it('revokeUserSessions for a user without an org records the event in the global chain', async () => {
    const user = await makeUser();
    await createSession(db, { userId: user.id, method: 'password', orgId: null, meta });
    expect(await revokeAll(user.id)).toBe(1);
    const events = await db.select().from(auditEvents).where(and(eq(auditEvents.action, 'session.revoked'), eq(auditEvents.targetId, user.id)));
    expect(events).toMatchObject([{ orgId: null, metadata: { count: 1, reason: 'test', scopeOrgId: null } }]);
  });

  it('revokeUserSessions rolls back with the caller’s transaction, audit event included', async () => {
    const org = await makeOrg();
    const user = await makeMember(org.id, 'member');
    const session = await createSession(db, { userId: user.id, method: 'password', orgId: org.id, meta });
    await expect(
      db.transaction(async (tx) => {
        expect(await revokeUserSessions(tx, { userId: user.id, reason: 'test', by: systemActor })).toBe(1);
        throw new Error('caller failed');
      }),
    ).rejects.toThrow('caller failed');
    expect(await findLiveSession(db, session.id)).toBeTruthy();
    expect(await db.select().from(auditEvents).where(and(eq(auditEvents.action, 'session.revoked'), eq(auditEvents.targetId, user.id)))).toEqual([]);
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
    expect(await loadContextForSession(db, session.id, meta)).not.toBeNull();
    await revokeAll(user.id);
    expect(await loadContextForSession(db, session.id, meta)).toBeNull();
  });

  it('a person whose only membership is suspended keeps no org at all', async () => {
    const org = await makeOrg();
    const user = await makeMember(org.id, 'owner');
    const session = await createSession(db, { userId: user.id, method: 'password', orgId: org.id, meta });
    await db.update(memberships).set({ status: 'suspended' }).where(and(eq(memberships.userId, user.id), eq(memberships.orgId, org.id)));
    const ctx = await loadContextForSession(db, session.id, meta);
    expect(ctx?.user.id).toBe(user.id);
    expect(ctx?.org).toBeNull();
    expect(ctx?.orgs).toEqual([]);
  });

  it('an expired session gives no context', async () => {
    const org = await makeOrg();
    const user = await makeMember(org.id, 'member');
    const session = await createSession(db, { userId: user.id, method: 'password', orgId: org.id, meta });
    expect(await loadContextForSession(db, session.id, meta)).not.toBeNull();
    await db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.id, session.id));
    expect(await loadContextForSession(db, session.id, meta)).toBeNull();
  });
});

describe('password sign-in', () => {
  const password = 'a sufficiently long password';

  async function failureReasons(email: string) {
    const rows = await db.select().from(auditEvents).where(and(eq(auditEvents.action, 'auth.sign_in_failed'), eq(auditEvents.targetLabel, email)));
    return rows.sort((a, b) => a.id - b.id).map((r) => (r.metadata as { reason: string }).reason);
  }

  it('gives unknown accounts, wrong passwords and password-less accounts the same answer', async () => {
    const ip = freshIp();
    const org = await makeOrg();
    const user = await makeMember(org.id, 'member', { password });
    const ssoOnlyUser = await makeMember(org.id, 'member');
    const wrong = await signInWithPassword(db, { email: user.email, password: 'wrong password!' }, ip);
    const unknownEmail = uniqueEmail('ghost');
    const unknown = await signInWithPassword(db, { email: unknownEmail, password: 'wrong password!' }, ip);
    const noPassword = await signInWithPassword(db, { email: ssoOnlyUser.email, password: 'wrong password!' }, ip);
    expect(wrong).toEqual({ ok: false, error: 'Incorrect email or password.' });
    expect(unknown).toEqual(wrong);
    expect(noPassword).toEqual(wrong);
    expect(await failureReasons(user.email)).toEqual(['bad_password']);
    expect(await failureReasons(unknownEmail)).toEqual(['unknown_account']);
    expect(await failureReasons(ssoOnlyUser.email)).toEqual(['no_password']);
    // Failures of a known account land in its org's audit log with method and client details.
    const [row] = await db.select().from(auditEvents).where(and(eq(auditEvents.action, 'auth.sign_in_failed'), eq(auditEvents.targetLabel, user.email)));
    expect(row).toMatchObject({ orgId: org.id, actorId: user.id, ip: ip.ip, userAgent: 'vitest', metadata: { method: 'password', reason: 'bad_password' } });
    // No session was opened for anyone.
    expect(await db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);
  });

  it('signs in with the right password (case-insensitive email), opens a session and audits it', async () => {
    const org = await makeOrg();
    const user = await makeMember(org.id, 'member', { password });
    const ip = freshIp();
    const result = await signInWithPassword(db, { email: `  ${user.email.toUpperCase()} `, password }, ip);
    expect(result).toMatchObject({ ok: true, userId: user.id });
    if (!result.ok) return;
    expect((await findLiveSession(db, result.sessionId))?.activeOrgId).toBe(org.id);
    const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.action, 'auth.signed_in')));
    expect(event).toMatchObject({ actorId: user.id, targetId: result.sessionId, ip: ip.ip, metadata: { method: 'password' } });
  });

  it('locks an account from one address after 5 failures there, even for the right password', async () => {
    const org = await makeOrg();
    const user = await makeMember(org.id, 'member', { password });
    const ip = freshIp();
    for (let i = 0; i < 4; i++) expect(await signInWithPassword(db, { email: user.email, password: `wrong ${i} password` }, ip)).toEqual({ ok: false, error: 'Incorrect email or password.' });
    // The fifth failure still answers "incorrect", and locks the account.
    expect(await signInWithPassword(db, { email: user.email, password: 'wrong 5 password' }, ip)).toEqual({ ok: false, error: 'Incorrect email or password.' });
    expect(await signInWithPassword(db, { email: user.email, password }, ip)).toEqual({ ok: false, error: 'Too many failed sign-in attempts. Try again in 15 minutes.' });
    expect(throttleMessage(15 * 60)).toBe('Too many failed sign-in attempts. Try again in 15 minutes.');
    expect(throttleMessage(30)).toBe('Too many failed sign-in attempts. Try again in 30 seconds.');
    expect(await failureReasons(user.email)).toEqual(['bad_password', 'bad_password', 'bad_password', 'bad_password', 'bad_password', 'throttled']);
    expect(await db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);
    // Only that address: five wrong passwords are no way to lock the owner out from elsewhere.
    expect((await signInWithPassword(db, { email: user.email, password }, freshIp())).ok).toBe(true);
    expect(await signInWithPassword(db, { email: user.email, password }, ip)).toEqual({ ok: false, error: throttleMessage(15 * 60) });
  });

  it('throttles unknown accounts the same way, so locking does not reveal whether one exists', async () => {
    const ghost = uniqueEmail('ghost');
    const ip = freshIp();
    for (let i = 0; i < 5; i++) await signInWithPassword(db, { email: ghost, password: `wrong ${i} password` }, ip);
    expect(await signInWithPassword(db, { email: ghost, password: 'anything at all' }, ip)).toEqual({ ok: false, error: throttleMessage(15 * 60) });
    expect(await failureReasons(ghost)).toEqual(['unknown_account', 'unknown_account', 'unknown_account', 'unknown_account', 'unknown_account', 'throttled']);
  });

  it('a successful sign-in clears the account counter', async () => {
    const org = await makeOrg();
    const user = await makeMember(org.id, 'member', { password });
    const ip = freshIp();
    for (let i = 0; i < 4; i++) await signInWithPassword(db, { email: user.email, password: `wrong ${i} password` }, ip);
    expect((await signInWithPassword(db, { email: user.email, password }, ip)).ok).toBe(true);
    // Had the 4 earlier failures still counted, the next one would lock the account.
    for (let i = 0; i < 4; i++) await signInWithPassword(db, { email: user.email, password: `again ${i} wrong` }, ip);
    expect((await signInWithPassword(db, { email: user.email, password }, ip)).ok).toBe(true);
    expect(await failureReasons(user.email)).not.toContain('throttled');
  });

  it('locks a client address after many failures across accounts', async () => {
    const org = await makeOrg();
    const user = await makeMember(org.id, 'member', { password });
    const ip = freshIp();
    for (let i = 0; i < 50; i++) await signInWithPassword(db, { email: uniqueEmail(`spray${i}`), password: 'password123456' }, ip);
    expect(await signInWithPassword(db, { email: user.email, password }, ip)).toMatchObject({ ok: false, error: expect.stringMatching(/^Too many failed sign-in attempts/) });
    expect(await failureReasons(user.email)).toEqual(['throttled']);
    // The same account from elsewhere is fine.
    expect((await signInWithPassword(db, { email: user.email, password }, freshIp())).ok).toBe(true);
  });

  it('refuses an unverified email only after the password is proven', async () => {
    const ip = freshIp();
    const user = await makeUser({ password, verified: false });
    expect(await signInWithPassword(db, { email: user.email, password: 'wrong password!' }, ip)).toEqual({ ok: false, error: 'Incorrect email or password.' });
    const result = await signInWithPassword(db, { email: user.email, password }, ip);
    expect(result).toEqual({ ok: false, error: 'Please verify your email address first. We sent you a link; you can request a new one below.' });
    expect(await failureReasons(user.email)).toEqual(['bad_password', 'email_not_verified']);
    expect(await db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);
  });

  it('refuses a disabled account after the password is proven', async () => {
    const org = await makeOrg();
    const user = await makeMember(org.id, 'member', { password });
    await db.update(users).set({ status: 'disabled' }).where(eq(users.id, user.id));
    expect(await signInWithPassword(db, { email: user.email, password }, freshIp())).toEqual({ ok: false, error: 'This account is disabled. Contact your administrator.' });
    expect(await failureReasons(user.email)).toEqual(['account_disabled']);
    expect(await db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);
  });

  it('rejects malformed input without touching the database', async () => {
    const email = uniqueEmail();
    expect(await signInWithPassword(db, { email: 'nope', password }, meta)).toEqual({ ok: false, error: 'Enter a valid email address, like name@company.com' });
    expect(await signInWithPassword(db, { email, password: '' }, meta)).toEqual({ ok: false, error: 'Enter your password' });
    expect(await signInWithPassword(db, { email, password: undefined }, meta)).toEqual({ ok: false, error: 'Enter your password' });
    expect(await failureReasons(email)).toEqual([]);
  });
});
