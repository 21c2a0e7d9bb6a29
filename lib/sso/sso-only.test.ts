import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { checkLocalSignIn, SSO_REQUIRED_MESSAGE } from '@/lib/auth/local-sign-in-policy';
import { requestPasswordReset } from '@/lib/auth/password-reset';
import { createSession, findLiveSession } from '@/lib/auth/sessions';
import { signInWithSsoTicket } from '@/lib/auth/sign-in-sso';
import { signInWithPassword } from '@/lib/auth/sign-in-password';
import { signUp } from '@/lib/auth/sign-up';
import { getDb } from '@/lib/db/client';
import { apiKeys, auditEvents, devOutbox, memberships, passwordCredentials, projectMembers, sessions } from '@/lib/db/schema';
import { authenticateApiKey, createApiKey } from '@/lib/gateway/api-keys';
import { createProject } from '@/lib/gateway/projects';
import { addMember } from '@/lib/orgs/members';
import { systemActor } from '@/lib/testing/fixtures';
import { makeSamlOrg } from '@/lib/testing/saml-fixtures';
import { createUser } from '@/lib/users/create-user';
import { completeSsoLogin } from './complete-login';
import { handleSamlResponse } from './saml/handle-acs';
import { setBreakGlass, setSsoOnly } from './sso-only';

const db = getDb();
const meta = { ip: '127.0.0.1', userAgent: 'vitest' };
const password = 'a long local password';

async function ssoLogin(idp: Awaited<ReturnType<typeof makeSamlOrg>>, email: string, groups: string[] = []) {
  const identity = await handleSamlResponse(db, { samlResponse: idp.respond(email, { attributes: { email: [email], groups } }).base64, relayState: null });
  const { ticket } = await completeSsoLogin(db, identity, meta);
  return signInWithSsoTicket(db, ticket, meta, null);
}

describe('SSO-only', () => {
  it('cannot be switched on before an admin signed in by SSO through an active connection', async () => {
    const idp = await makeSamlOrg({ rules: [['ai-admins', 'admin']] });
    await expect(setSsoOnly(db, { orgId: idp.org.id, enabled: true }, systemActor)).rejects.toThrow(/an owner or admin must sign in once with SSO/);
    // A member's SSO login is not proof enough.
    await ssoLogin(idp, idp.email('bob'), ['engineering']);
    await expect(setSsoOnly(db, { orgId: idp.org.id, enabled: true }, systemActor)).rejects.toThrow(/an owner or admin must sign in once with SSO/);
    await ssoLogin(idp, idp.email('alice'), ['ai-admins']);
    expect((await setSsoOnly(db, { orgId: idp.org.id, enabled: true }, systemActor)).ssoOnly).toBe(true);
    const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.orgId, idp.org.id), eq(auditEvents.action, 'sso.sso_only_changed')));
    expect(event).toMatchObject({ before: { ssoOnly: false }, after: { ssoOnly: true } });
  });

  it('refuses password, passkey, sign-up and password reset for the domain; break-glass keeps its password and alerts owners', async () => {
    const idp = await makeSamlOrg({ rules: [['ai-admins', 'admin']] });
    const owner = await createUser(db, { email: idp.email('owner'), name: 'Owner', password, emailVerified: true });
    await addMember(db, { orgId: idp.org.id, userId: owner.id, role: 'owner', source: 'manual' }, systemActor);
    const member = await createUser(db, { email: idp.email('dave'), name: 'Dave', password, emailVerified: true });
    await addMember(db, { orgId: idp.org.id, userId: member.id, role: 'member', source: 'manual' }, systemActor);
    await ssoLogin(idp, idp.email('alice'), ['ai-admins']);
    await setBreakGlass(db, { orgId: idp.org.id, email: owner.email, enabled: true }, systemActor);
    await setSsoOnly(db, { orgId: idp.org.id, enabled: true }, systemActor);

    expect(await signInWithPassword(db, { email: member.email, password }, meta)).toEqual({ ok: false, error: SSO_REQUIRED_MESSAGE });
    expect(await checkLocalSignIn(db, { userId: member.id, email: member.email, method: 'passkey' })).toMatchObject({ allowed: false });
    // Break-glass is for passwords only; an owner's passkey is refused too.
    expect(await checkLocalSignIn(db, { userId: owner.id, email: owner.email, method: 'passkey' })).toMatchObject({ allowed: false });
    await expect(signUp(db, { mode: 'new-org', name: 'New', email: idp.email('newbie'), password, orgName: 'Shadow IT' }, meta)).rejects.toThrow(SSO_REQUIRED_MESSAGE);
    // A reset request gets the same answer as anyone's; the email says to use SSO and carries no link.
    await requestPasswordReset(db, member.email, meta);
    expect((await db.select().from(devOutbox).where(eq(devOutbox.to, member.email))).map((m) => [m.subject, /reset-password/.test(m.text)])).toEqual([['Sign in with single sign-on', false]]);

    const breakGlass = await signInWithPassword(db, { email: owner.email, password }, meta);
    expect(breakGlass.ok).toBe(true);
    const actions = (await db.select().from(auditEvents).where(eq(auditEvents.orgId, idp.org.id))).map((e) => e.action);
    expect(actions).toContain('auth.break_glass_used');
    expect(actions).toContain('sso.break_glass_added');
    const alerts = await db.select().from(devOutbox).where(eq(devOutbox.to, owner.email));
    expect(alerts.map((a) => a.subject)).toContain(`Break-glass sign-in to ${idp.org.name}`);

    // Other domains are untouched by this org's SSO-only.
    const outsider = await createUser(db, { email: `someone-${Date.now()}@elsewhere.test`, name: 'X', password, emailVerified: true });
    expect((await signInWithPassword(db, { email: outsider.email, password }, meta)).ok).toBe(true);
  });

  it('moves an existing password user to SSO at their next SSO login, keeping id, projects and keys', async () => {
    const idp = await makeSamlOrg({ rules: [['ai-admins', 'admin'], ['engineering', 'member']] });
    const erin = await createUser(db, { email: idp.email('erin'), name: 'Erin', password, emailVerified: true });
    await addMember(db, { orgId: idp.org.id, userId: erin.id, role: 'member', source: 'manual' }, systemActor);
    const project = await createProject(db, { orgId: idp.org.id, name: 'Erin project', createdBy: erin.id }, systemActor);
    const { secret } = await createApiKey(db, { orgId: idp.org.id, projectId: project.id, userId: erin.id, name: 'laptop' }, systemActor);
    await ssoLogin(idp, idp.email('alice'), ['ai-admins']);
    await setSsoOnly(db, { orgId: idp.org.id, enabled: true }, systemActor);

    const result = await ssoLogin(idp, erin.email, ['engineering']);
    expect(result).toMatchObject({ ok: true, userId: erin.id });
    const [credential] = await db.select().from(passwordCredentials).where(eq(passwordCredentials.userId, erin.id));
    expect(credential.deactivatedAt).not.toBeNull();
    expect(await signInWithPassword(db, { email: erin.email, password }, meta)).toEqual({ ok: false, error: SSO_REQUIRED_MESSAGE });
    expect(await db.select().from(projectMembers).where(eq(projectMembers.userId, erin.id))).toHaveLength(1);
    expect(await db.select().from(apiKeys).where(eq(apiKeys.userId, erin.id))).toHaveLength(1);
    expect((await authenticateApiKey(db, secret))?.user.id).toBe(erin.id);
    const [membership] = await db.select().from(memberships).where(and(eq(memberships.userId, erin.id), eq(memberships.orgId, idp.org.id)));
    expect(membership).toMatchObject({ role: 'member', roleLockedByIdp: true });

    // Turning SSO-only off does not silently bring the retired password back.
    await setSsoOnly(db, { orgId: idp.org.id, enabled: false }, systemActor);
    expect((await signInWithPassword(db, { email: erin.email, password }, meta)).ok).toBe(false);
  });

  it('switching it on ends the domain’s password and passkey sessions, except a break-glass password', async () => {
    const idp = await makeSamlOrg({ rules: [['ai-admins', 'admin']] });
    const owner = await createUser(db, { email: idp.email('owner'), name: 'Owner', password, emailVerified: true });
    await addMember(db, { orgId: idp.org.id, userId: owner.id, role: 'owner', source: 'manual' }, systemActor);
    await setBreakGlass(db, { orgId: idp.org.id, email: owner.email, enabled: true }, systemActor);
    const member = await createUser(db, { email: idp.email('frank'), name: 'Frank', password, emailVerified: true });
    await addMember(db, { orgId: idp.org.id, userId: member.id, role: 'member', source: 'manual' }, systemActor);
    // An account on the domain that works in another org is covered too: the domain decides.
    const elsewhere = await createUser(db, { email: idp.email('gina'), name: 'Gina', password, emailVerified: true });
    const outsider = await createUser(db, { email: `hal-${Date.now()}@elsewhere.test`, name: 'Hal', password, emailVerified: true });
    const session = (userId: string, method: 'password' | 'passkey' | 'sso') => createSession(db, { userId, method, orgId: idp.org.id, meta });
    const kept = [await session(owner.id, 'password'), await session(outsider.id, 'password')];
    const ended = [await session(member.id, 'password'), await session(member.id, 'passkey'), await session(owner.id, 'passkey'), await session(elsewhere.id, 'password')];
    await ssoLogin(idp, idp.email('alice'), ['ai-admins']);
    const [alice] = await db.select().from(sessions).where(and(eq(sessions.method, 'sso'), eq(sessions.activeOrgId, idp.org.id)));
    kept.push(alice);

    await setSsoOnly(db, { orgId: idp.org.id, enabled: true }, systemActor);
    for (const row of ended) expect(await findLiveSession(db, row.id), `session ${row.id} outlived SSO-only`).toBeUndefined();
    for (const row of kept) expect(await findLiveSession(db, row.id)).toBeDefined();
    const revoked = await db.select().from(auditEvents).where(and(eq(auditEvents.orgId, idp.org.id), eq(auditEvents.action, 'session.revoked')));
    expect(revoked.map((e) => e.targetLabel).sort()).toEqual([elsewhere.email, member.email, owner.email].sort());
    const [toggled] = await db.select().from(auditEvents).where(and(eq(auditEvents.orgId, idp.org.id), eq(auditEvents.action, 'sso.sso_only_changed')));
    expect(toggled.metadata).toEqual({ sessionsRevoked: 4 });
  });

  it('limits break-glass accounts and refuses non-members', async () => {
    const idp = await makeSamlOrg();
    for (const name of ['a', 'b', 'c', 'd']) {
      const user = await createUser(db, { email: idp.email(name), name, password, emailVerified: true });
      await addMember(db, { orgId: idp.org.id, userId: user.id, role: 'admin', source: 'manual' }, systemActor);
    }
    for (const name of ['a', 'b', 'c']) await setBreakGlass(db, { orgId: idp.org.id, email: idp.email(name), enabled: true }, systemActor);
    await expect(setBreakGlass(db, { orgId: idp.org.id, email: idp.email('d'), enabled: true }, systemActor)).rejects.toThrow(/At most 3 break-glass accounts/);
    await expect(setBreakGlass(db, { orgId: idp.org.id, email: 'nobody@nowhere.test', enabled: true }, systemActor)).rejects.toThrow(/not an active member/);
  });
});
