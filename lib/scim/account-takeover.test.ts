import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createSession, findLiveSession } from '@/lib/auth/sessions';
import { signInWithPassword } from '@/lib/auth/sign-in-password';
import { getDb } from '@/lib/db/client';
import { auditEvents, memberships, passwordCredentials, scimUsers, users } from '@/lib/db/schema';
import { addDomain, verifyDomain } from '@/lib/orgs/domains';
import { addMember } from '@/lib/orgs/members';
import { completeSsoLogin } from '@/lib/sso/complete-login';
import { handleSamlResponse } from '@/lib/sso/saml/handle-acs';
import { makeUser, systemActor } from '@/lib/testing/fixtures';
import { makeSamlOrg } from '@/lib/testing/saml-fixtures';
import { makeScimOrg, scimClient } from '@/lib/testing/scim-client';
import { createUser } from '@/lib/users/create-user';
import { createScimToken } from './tokens';

const db = getDb();
const meta = { ip: '127.0.0.1', userAgent: 'vitest' };
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const password = 'the attacker password';

const domainName = () => `${randomBytes(4).toString('hex')}.test`;
const patch = (...operations: unknown[]) => ({ schemas: [PATCH_OP], Operations: operations });

async function verifiedDomainOf(orgId: string) {
  const domain = domainName();
  await addDomain(db, orgId, domain, systemActor);
  await verifyDomain(db, orgId, domain, systemActor, { skipDns: true });
  return domain;
}

async function accountOf(userId: string) {
  const [row] = await db.select().from(users).where(eq(users.id, userId));
  return row;
}

async function scimRowsOf(orgId: string) {
  return db.select().from(scimUsers).where(eq(scimUsers.orgId, orgId));
}

function expectRefused(reply: { status: number; body: any }, detail: RegExp) {
  expect(reply.status, JSON.stringify(reply.body)).toBe(400);
  expect(reply.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
  expect(reply.body.detail).toMatch(detail);
}

/** SPEC §4.5 for directories: org B's SCIM token cannot take over an account on org A's verified domain. */
describe('cross-org account takeover through SCIM', () => {
  it('the repro fails at its first step: B cannot link its password user without owning its domain', async () => {
    const a = await makeSamlOrg();
    const b = await makeScimOrg();
    const attacker = await makeUser({ email: `atk@${domainName()}`, password });
    const reply = await b.scim('POST', '/Users', { schemas: [USER], userName: attacker.email, emails: [{ value: attacker.email, primary: true }] });
    expectRefused(reply, /already has an account that signs in with its own password or passkey/);
    expect(await db.select().from(memberships).where(eq(memberships.userId, attacker.id))).toEqual([]);
    expect(await scimRowsOf(b.org.id)).toEqual([]);
    // And the direct route: creating an account on A's domain is refused too.
    expectRefused(await b.scim('POST', '/Users', { schemas: [USER], userName: a.email('adm') }), /verified domain of another organization/);
    expect(await db.select().from(users).where(eq(users.email, a.email('adm')))).toEqual([]);
  });

  it('a linked account is never renamed onto another org’s domain: PATCH emails, Entra value path, userName, PUT', async () => {
    const a = await makeSamlOrg();
    const b = await makeScimOrg();
    const bDomain = await verifiedDomainOf(b.org.id);
    const target = a.email(`adm-${randomBytes(2).toString('hex')}`);
    const variants: [string, (id: string, email: string) => Promise<{ status: number; body: any }>][] = [
      ['PATCH emails', (id) => b.scim('PATCH', `/Users/${id}`, patch({ op: 'replace', path: 'emails', value: [{ value: target, type: 'work', primary: true }] }))],
      ['PATCH Entra emails[type eq "work"].value', (id) => b.scim('PATCH', `/Users/${id}`, patch({ op: 'Replace', path: 'emails[type eq "work"].value', value: target }))],
      ['PATCH userName (no emails)', (id) => b.scim('PATCH', `/Users/${id}`, patch({ op: 'replace', path: 'userName', value: target }))],
      ['PUT', (id) => b.scim('PUT', `/Users/${id}`, { schemas: [USER], userName: target, emails: [{ value: target, type: 'work', primary: true }] })],
    ];
    for (const [name, rename] of variants) {
      const attacker = await createUser(db, { email: `atk-${randomBytes(3).toString('hex')}@${bDomain}`, name: 'Atk', password, emailVerified: true });
      const withEmails = name !== 'PATCH userName (no emails)';
      const body = { schemas: [USER], userName: attacker.email, ...(withEmails ? { emails: [{ value: attacker.email, type: 'work', primary: true }] } : {}) };
      const created = await b.scim('POST', '/Users', body);
      expect(created.status, `${name}: link inside B's own domain`).toBe(201);
      const before = await db.select().from(scimUsers).where(and(eq(scimUsers.orgId, b.org.id), eq(scimUsers.userId, attacker.id)));

      expectRefused(await rename(created.body.id, target), /verified domain of another organization/);
      expect((await accountOf(attacker.id)).email, name).toBe(attacker.email);
      expect(await db.select().from(scimUsers).where(and(eq(scimUsers.orgId, b.org.id), eq(scimUsers.userId, attacker.id))), `${name}: nothing changed`).toEqual(before);
      expect(await signInWithPassword(db, { email: target, password }, meta)).toMatchObject({ ok: false });
    }
  });

  it('a directory never renames an account that has a password, or that another org also uses', async () => {
    const b = await makeScimOrg();
    const bDomain = await verifiedDomainOf(b.org.id);
    const withPassword = await createUser(db, { email: `pw-${randomBytes(3).toString('hex')}@${bDomain}`, name: 'Pw', password, emailVerified: true });
    const linked = await b.scim('POST', '/Users', { schemas: [USER], userName: withPassword.email });
    expect(linked.status).toBe(201);
    const free = `renamed-${randomBytes(3).toString('hex')}@${bDomain}`;
    expectRefused(await b.scim('PATCH', `/Users/${linked.body.id}`, patch({ op: 'replace', path: 'userName', value: free })), /signs in with its own password or passkey/);
    expect((await accountOf(withPassword.id)).email).toBe(withPassword.email);

    const other = await makeScimOrg();
    const shared = await b.scim('POST', '/Users', { schemas: [USER], userName: `shared-${randomBytes(3).toString('hex')}@${bDomain}` });
    await addMember(db, { orgId: other.org.id, userId: shared.body.id, role: 'member', source: 'manual' }, systemActor);
    expectRefused(await b.scim('PATCH', `/Users/${shared.body.id}`, patch({ op: 'replace', path: 'userName', value: free })), /also a member of another organization/);
  });

  it('an account the directory created is renamed, its sessions end and its address is unverified again', async () => {
    const b = await makeScimOrg();
    const contractor = `ext-${randomBytes(3).toString('hex')}@${domainName()}`;
    const created = await b.scim('POST', '/Users', { schemas: [USER], userName: contractor });
    expect(created.status).toBe(201);
    expect(await accountOf(created.body.id)).toMatchObject({ email: contractor, emailSetByOrgId: b.org.id, emailVerifiedAt: null });
    const session = await createSession(db, { userId: created.body.id, method: 'sso', orgId: b.org.id, meta });

    const renamed = `ext2-${randomBytes(3).toString('hex')}@${domainName()}`;
    const reply = await b.scim('PATCH', `/Users/${created.body.id}`, patch({ op: 'replace', path: 'userName', value: renamed }));
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(await accountOf(created.body.id)).toMatchObject({ email: renamed, emailSetByOrgId: b.org.id, emailVerifiedAt: null });
    expect(await findLiveSession(db, session.id)).toBeUndefined();
    const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.orgId, b.org.id), eq(auditEvents.action, 'user.email_changed')));
    expect(event).toMatchObject({ before: { email: contractor }, after: { email: renamed } });

    // Onto an address another account already uses: a conflict, nothing changed.
    const taken = await makeUser();
    const conflict = await b.scim('PATCH', `/Users/${created.body.id}`, patch({ op: 'replace', path: 'userName', value: taken.email }));
    expect(conflict.status).toBe(409);
    expect((await accountOf(created.body.id)).email).toBe(renamed);
  });

  it('an account the directory did not create moves only within the org’s own verified domains', async () => {
    const a = await makeSamlOrg();
    const identity = await handleSamlResponse(db, { samlResponse: a.respond(a.email('jit')).base64, relayState: null });
    const { userId } = await completeSsoLogin(db, identity, meta);
    const scim = (await makeScimOrgFor(a.org.id)).scim;
    const linked = await scim('POST', '/Users', { schemas: [USER], userName: a.email('jit') });
    expect(linked.status).toBe(201);
    expect(linked.body.id).toBe(userId);
    expectRefused(await scim('PATCH', `/Users/${userId}`, patch({ op: 'replace', path: 'userName', value: `jit@${domainName()}` })), /did not create the account/);
    const moved = await scim('PATCH', `/Users/${userId}`, patch({ op: 'replace', path: 'userName', value: a.email('jit.renamed') }));
    expect(moved.status).toBe(200);
    expect((await accountOf(userId)).email).toBe(a.email('jit.renamed'));
  });

  it('an invited member with a password may be linked even outside the org’s verified domains', async () => {
    const b = await makeScimOrg();
    const invited = await makeUser({ email: `guest-${randomBytes(3).toString('hex')}@${domainName()}`, password });
    await addMember(db, { orgId: b.org.id, userId: invited.id, role: 'member', source: 'invite' }, systemActor);
    expect((await b.scim('POST', '/Users', { schemas: [USER], userName: invited.email })).status).toBe(201);
  });

  it('an SSO login never adopts an account another org’s directory created, nor keeps a squatter’s password', async () => {
    const b = await makeScimOrg();
    const c = await makeSamlOrg();
    // B provisions an address on a domain nobody has verified yet; C verifies that domain later.
    const lateDomain = domainName();
    const planted = await b.scim('POST', '/Users', { schemas: [USER], userName: `ceo@${lateDomain}` });
    expect(planted.status).toBe(201);
    await addDomain(db, c.org.id, lateDomain, systemActor);
    await verifyDomain(db, c.org.id, lateDomain, systemActor, { skipDns: true });
    const identity = await handleSamlResponse(db, { samlResponse: c.respond(`ceo@${lateDomain}`).base64, relayState: null });
    await expect(completeSsoLogin(db, identity, meta)).rejects.toMatchObject({ code: 'account_managed_elsewhere' });
    expect(await db.select().from(memberships).where(and(eq(memberships.orgId, c.org.id), eq(memberships.userId, planted.body.id)))).toEqual([]);

    // Someone signed up with C's address before C verified it and never proved the mailbox.
    const squatter = await createUser(db, { email: c.email('cfo'), name: 'Squatter', password, emailVerified: false });
    const cfo = await handleSamlResponse(db, { samlResponse: c.respond(c.email('cfo')).base64, relayState: null });
    const { userId } = await completeSsoLogin(db, cfo, meta);
    expect(userId).toBe(squatter.id);
    const [credential] = await db.select().from(passwordCredentials).where(eq(passwordCredentials.userId, squatter.id));
    expect(credential.deactivatedAt).not.toBeNull();
    expect((await accountOf(squatter.id)).emailVerifiedAt).not.toBeNull();
  });
});

async function makeScimOrgFor(orgId: string) {
  const token = await createScimToken(db, { orgId, name: 'Okta' }, systemActor);
  return { scim: scimClient(token.token) };
}
