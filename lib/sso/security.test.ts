import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createSession, findLiveSession } from '@/lib/auth/sessions';
import { signInWithSsoTicket } from '@/lib/auth/sign-in-sso';
import { getDb } from '@/lib/db/client';
import { auditEvents, memberships, organizations } from '@/lib/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { addMember } from '@/lib/orgs/members';
import { setSessionLifetime, signOutEveryone } from '@/lib/orgs/session-policy';
import { makeMember, makeOrg, systemActor } from '@/lib/testing/fixtures';
import { makeSamlOrg } from '@/lib/testing/saml-fixtures';
import { createUser } from '@/lib/users/create-user';
import { completeSsoLogin } from './complete-login';
import { finishSsoLogin } from './finish-login';
import { claimSamlLogin, handleSamlResponse, verifySamlLogin } from './saml/handle-acs';
import { listSsoSignInAttempts } from './sign-in-attempts';
import { hasAdminSsoLogin, setBreakGlass } from './sso-only';
import { previewSsoOnly, ssoOnlyReadiness } from './sso-only-preview';

const db = getDb();
const meta = { ip: '127.0.0.1', userAgent: 'vitest' };
const password = 'a long local password';

async function lifetimeOf(orgId: string) {
  return (await db.select({ m: organizations.sessionLifetimeMinutes }).from(organizations).where(eq(organizations.id, orgId)))[0].m;
}

async function auditCount(orgId: string) {
  return (await db.select().from(auditEvents).where(eq(auditEvents.orgId, orgId))).length;
}

describe('session lifetime', () => {
  it('accepts 15 minutes to 30 days, audited, and new sessions use it', async () => {
    const org = await makeOrg();
    const user = await makeMember(org.id, 'member');
    await setSessionLifetime(db, { orgId: org.id, minutes: 60 }, systemActor);
    const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.action, 'org.session_lifetime_changed')));
    expect(event).toMatchObject({ before: { sessionLifetimeMinutes: 720 }, after: { sessionLifetimeMinutes: 60 } });
    const session = await createSession(db, { userId: user.id, method: 'password', orgId: org.id, meta });
    expect(session.expiresAt.getTime() - Date.now()).toBeGreaterThan(59 * 60_000);
    expect(session.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(60 * 60_000);
    await setSessionLifetime(db, { orgId: org.id, minutes: 15 }, systemActor);
    await setSessionLifetime(db, { orgId: org.id, minutes: 43_200 }, systemActor);
    expect(await lifetimeOf(org.id)).toBe(43_200);
  });

  it('refuses 0, 14, more than 30 days, fractions and text, and changes nothing', async () => {
    const org = await makeOrg();
    const events = await auditCount(org.id);
    for (const minutes of [0, 14, 43_201, 90.5, Number.NaN, 'soon' as unknown as number]) {
      await expect(setSessionLifetime(db, { orgId: org.id, minutes }, systemActor)).rejects.toThrow('Enter a whole number of minutes from 15 (15 minutes) to 43200 (30 days)');
    }
    expect(await lifetimeOf(org.id)).toBe(720);
    expect(await auditCount(org.id)).toBe(events);
  });
});

describe('sign out everyone', () => {
  it('ends every live session in the org except the caller’s, and leaves other orgs alone', async () => {
    const org = await makeOrg();
    const other = await makeOrg();
    const admin = await makeMember(org.id, 'admin');
    const member = await makeMember(org.id, 'member');
    const mine = await createSession(db, { userId: admin.id, method: 'password', orgId: org.id, meta });
    const myOther = await createSession(db, { userId: admin.id, method: 'password', orgId: org.id, meta });
    const theirs = await createSession(db, { userId: member.id, method: 'password', orgId: org.id, meta });
    const elsewhere = await createSession(db, { userId: member.id, method: 'password', orgId: other.id, meta });
    expect(await signOutEveryone(db, { orgId: org.id, keepSessionId: mine.id }, systemActor)).toBe(2);
    expect(await findLiveSession(db, mine.id)).toBeDefined();
    expect(await findLiveSession(db, myOther.id)).toBeUndefined();
    expect(await findLiveSession(db, theirs.id)).toBeUndefined();
    expect(await findLiveSession(db, elsewhere.id)).toBeDefined();
    const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.action, 'org.signed_out_everyone')));
    expect(event.metadata).toEqual({ sessionsRevoked: 2, people: 2, keptCallerSession: true });
  });
});

describe('SSO-only readiness and preview', () => {
  it('says why it cannot be switched on yet, until an admin signed in by SSO', async () => {
    expect(await ssoOnlyReadiness(db, (await makeOrg({ plan: 'team' })).id)).toEqual({ ready: false, reason: 'SSO-only needs the Enterprise plan.' });
    expect(await ssoOnlyReadiness(db, (await makeOrg()).id)).toMatchObject({ ready: false, reason: expect.stringMatching(/^Add an SSO connection first/) });
    const idp = await makeSamlOrg({ rules: [['ai-admins', 'admin']] });
    expect(await ssoOnlyReadiness(db, idp.org.id)).toMatchObject({ ready: false, reason: expect.stringMatching(/owner or admin must first sign in with SSO, or pass a connection test/) });
    const identity = await handleSamlResponse(db, { samlResponse: idp.respond(idp.email('alice'), { attributes: { email: [idp.email('alice')], groups: ['ai-admins'] } }).base64, relayState: null });
    await signInWithSsoTicket(db, (await completeSsoLogin(db, identity, meta)).ticket, meta, null);
    expect(await ssoOnlyReadiness(db, idp.org.id)).toEqual({ ready: true });
  });

  it('counts the accounts on verified domains that lose password/passkey sign-in, and lists break-glass accounts', async () => {
    const idp = await makeSamlOrg();
    const owner = await createUser(db, { email: idp.email('owner'), name: 'Owner', password, emailVerified: true });
    await addMember(db, { orgId: idp.org.id, userId: owner.id, role: 'owner', source: 'manual' }, systemActor);
    const dave = await createUser(db, { email: idp.email('dave'), name: 'Dave', password, emailVerified: true });
    await addMember(db, { orgId: idp.org.id, userId: dave.id, role: 'member', source: 'manual' }, systemActor);
    // Not a member, but on the domain: SSO-only covers the domain, not the member list.
    await createUser(db, { email: idp.email('erin'), name: 'Erin', password, emailVerified: true });
    // On the domain without any password or passkey: nothing to lose.
    await createUser(db, { email: idp.email('sso-only-person'), name: 'Frank', emailVerified: true });
    await createSession(db, { userId: dave.id, method: 'password', orgId: idp.org.id, meta });
    await createSession(db, { userId: owner.id, method: 'password', orgId: idp.org.id, meta });
    await setBreakGlass(db, { orgId: idp.org.id, email: owner.email, enabled: true }, systemActor);
    expect(await previewSsoOnly(db, idp.org.id)).toEqual({
      verifiedDomains: [idp.domain],
      accountsLosingLocalSignIn: 2,
      sessionsEnded: 1,
      breakGlass: [{ membershipId: expect.any(String), email: owner.email, name: 'Owner', role: 'owner' }],
    });
  });
});

describe('the proof that SSO works, kept on the membership', () => {
  it('an admin’s SSO sign-in is recorded on their membership with its connection', async () => {
    const idp = await makeSamlOrg({ rules: [['ai-admins', 'admin']] });
    const alice = idp.email('alice');
    const identity = await handleSamlResponse(db, { samlResponse: idp.respond(alice, { attributes: { email: [alice], groups: ['ai-admins'] } }).base64, relayState: null });
    const signedIn = await signInWithSsoTicket(db, (await completeSsoLogin(db, identity, meta)).ticket, meta, null);
    if (!signedIn.ok) throw new Error(signedIn.error);
    const [row] = await db.select().from(memberships).where(and(eq(memberships.orgId, idp.org.id), eq(memberships.userId, signedIn.userId)));
    expect(row).toMatchObject({ lastSsoConnectionId: idp.connection.id, lastSsoLoginAt: expect.any(Date) });
    expect(await hasAdminSsoLogin(db, idp.org.id)).toBe(true);
  });

  it('is read from the membership, not from audit_events', async () => {
    const idp = await makeSamlOrg();
    const admin = await makeMember(idp.org.id, 'admin');
    // A sign-in event in the audit log alone (what the old check counted) proves nothing any more.
    await recordAudit(db, { orgId: idp.org.id, actor: { type: 'user', id: admin.id, label: admin.email }, action: 'auth.signed_in', metadata: { method: 'sso', connectionId: idp.connection.id } });
    expect(await hasAdminSsoLogin(db, idp.org.id)).toBe(false);
    // The membership's record alone, with no audit event, does.
    await db.update(memberships).set({ lastSsoLoginAt: new Date(), lastSsoConnectionId: idp.connection.id }).where(and(eq(memberships.orgId, idp.org.id), eq(memberships.userId, admin.id)));
    expect(await hasAdminSsoLogin(db, idp.org.id)).toBe(true);
    // Only through a current connection, and only for an active owner or admin.
    await db.update(memberships).set({ lastSsoConnectionId: 'a-deleted-connection' }).where(and(eq(memberships.orgId, idp.org.id), eq(memberships.userId, admin.id)));
    expect(await hasAdminSsoLogin(db, idp.org.id)).toBe(false);
    await db.update(memberships).set({ lastSsoConnectionId: idp.connection.id, role: 'member' }).where(and(eq(memberships.orgId, idp.org.id), eq(memberships.userId, admin.id)));
    expect(await hasAdminSsoLogin(db, idp.org.id)).toBe(false);
  });
});

describe('break-glass accounts', () => {
  it('are owners or admins only', async () => {
    const org = await makeOrg();
    const admin = await makeMember(org.id, 'admin');
    const member = await makeMember(org.id, 'member');
    const viewer = await makeMember(org.id, 'viewer');
    const events = await auditCount(org.id);
    await expect(setBreakGlass(db, { orgId: org.id, email: member.email, enabled: true }, systemActor)).rejects.toThrow(`${member.email} is a member: only owners and admins can be break-glass accounts`);
    await expect(setBreakGlass(db, { orgId: org.id, email: viewer.email, enabled: true }, systemActor)).rejects.toThrow(/only owners and admins can be break-glass accounts/);
    expect(await auditCount(org.id)).toBe(events);
    expect((await setBreakGlass(db, { orgId: org.id, email: admin.email, enabled: true }, systemActor)).breakGlass).toBe(true);
  });
});

describe('recent SSO sign-in attempts', () => {
  it('lists successes and refusals newest first, with email, connection, the plain reason and the error id', async () => {
    const idp = await makeSamlOrg();
    const carol = idp.email('carol');
    const identity = await handleSamlResponse(db, { samlResponse: idp.respond(carol).base64, relayState: null });
    await signInWithSsoTicket(db, (await completeSsoLogin(db, identity, meta)).ticket, meta, null);
    // A refused login: an address outside the org's verified domain.
    const started = await idp.start();
    const stranger = 'mallory@elsewhere.test';
    const response = idp.respond(stranger, { inResponseTo: started.requestId, attributes: { email: [stranger] } }).base64;
    const next = await finishSsoLogin(db, 'saml', meta, { claim: () => claimSamlLogin(db, started.relayState), verify: (claimed) => verifySamlLogin(db, { samlResponse: response, relayState: started.relayState }, claimed) });
    const errorId = new URL(next, 'http://x').searchParams.get('error_id');
    expect(errorId).toMatch(/^sso_[0-9a-f]{12}$/);

    const attempts = await listSsoSignInAttempts(db, idp.org.id);
    expect(attempts).toEqual([
      { id: expect.any(Number), at: expect.any(Date), email: stranger, connection: 'Okta', ok: false, reason: expect.stringMatching(/has not verified/), code: 'domain_not_verified', detail: expect.any(String), errorId },
      { id: expect.any(Number), at: expect.any(Date), email: carol, connection: 'Okta', ok: true, reason: null, code: null, detail: null, errorId: null },
    ]);
    expect(await listSsoSignInAttempts(db, (await makeOrg()).id)).toEqual([]);
  });
});
