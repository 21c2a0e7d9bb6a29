import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createSession, findLiveSession } from '@/lib/auth/sessions';
import { getDb } from '@/lib/db/client';
import { auditEvents, memberships, scimRequestLog, scimUsers, users } from '@/lib/db/schema';
import { authenticateApiKey, createApiKey } from '@/lib/gateway/api-keys';
import { createProject } from '@/lib/gateway/projects';
import { systemActor, uniqueEmail } from '@/lib/testing/fixtures';
import { makeScimOrg, scimClient } from '@/lib/testing/scim-client';
import { revokeScimToken } from './tokens';

const db = getDb();
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

function oktaUser(email: string, extra: Record<string, unknown> = {}) {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName: email,
    name: { givenName: 'Ada', familyName: 'Lovelace' },
    emails: [{ primary: true, value: email, type: 'work' }],
    displayName: 'Ada Lovelace',
    locale: 'en-US',
    externalId: `00u${Math.random().toString(36).slice(2, 12)}`,
    groups: [],
    password: 'never-stored-1!',
    active: true,
    ...extra,
  };
}

async function membershipOf(orgId: string, userId: string) {
  const [row] = await db.select().from(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
  return row;
}

describe('SCIM authentication', () => {
  it('refuses a missing, unknown or revoked token with a SCIM 401', async () => {
    const { org, token } = await makeScimOrg();
    for (const secret of [null, 'scim_not-a-real-token', 'Bearer']) {
      const reply = await scimClient(secret)('GET', '/Users');
      expect(reply.status).toBe(401);
      expect(reply.body).toMatchObject({ schemas: [ERROR], status: '401' });
      expect(reply.headers.get('content-type')).toContain('application/scim+json');
    }
    await revokeScimToken(db, { orgId: org.id, tokenId: token.id }, systemActor);
    expect((await scimClient(token.token)('GET', '/Users')).status).toBe(401);
  });
});

describe('SCIM users', () => {
  it('creates a user with a membership, finds it case-insensitively and refuses a duplicate userName', async () => {
    const { org, scim } = await makeScimOrg();
    const email = uniqueEmail('ada', 'acme-scim.test');
    const created = await scim('POST', '/Users', oktaUser(email), { contentType: 'application/json' });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`http://localhost:3000/api/scim/v2/Users/${created.body.id}`);
    expect(created.body).toMatchObject({ userName: email, active: true, name: { givenName: 'Ada' }, meta: { resourceType: 'User' } });
    expect(created.body).not.toHaveProperty('password');
    const [account] = await db.select().from(users).where(eq(users.id, created.body.id));
    expect(account.email).toBe(email);
    expect(await membershipOf(org.id, account.id)).toMatchObject({ status: 'active', role: 'member', source: 'scim' });

    const found = await scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "${email.toUpperCase()}"`)}`);
    expect(found.body).toMatchObject({ totalResults: 1, startIndex: 1, itemsPerPage: 1 });
    expect(found.body.Resources[0].id).toBe(created.body.id);

    const duplicate = await scim('POST', '/Users', oktaUser(email.toUpperCase()));
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ status: '409', scimType: 'uniqueness' });
    expect(await db.select().from(scimUsers).where(eq(scimUsers.orgId, org.id))).toHaveLength(1);
  });

  it('deactivation (Okta and Entra forms) suspends, revokes sessions and disables keys in the same request', async () => {
    const { org, scim } = await makeScimOrg();
    const email = uniqueEmail('bob', 'acme-scim.test');
    const { body: user } = await scim('POST', '/Users', oktaUser(email));
    const project = await createProject(db, { orgId: org.id, name: 'P', createdBy: user.id }, systemActor);
    const { secret } = await createApiKey(db, { orgId: org.id, projectId: project.id, userId: user.id, name: 'k' }, systemActor);
    const session = await createSession(db, { userId: user.id, method: 'sso', orgId: org.id, meta: { ip: null, userAgent: null } });
    expect(await authenticateApiKey(db, secret)).toBeTruthy();

    const off = await scim('PATCH', `/Users/${user.id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: false } }] });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect((await membershipOf(org.id, user.id)).status).toBe('suspended');
    expect(await findLiveSession(db, session.id)).toBeUndefined();
    expect(await authenticateApiKey(db, secret)).toBeFalsy();

    const on = await scim('PATCH', `/Users/${user.id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'Replace', path: 'active', value: 'True' }] });
    expect(on.body.active).toBe(true);
    expect((await membershipOf(org.id, user.id)).status).toBe('active');
    expect(await authenticateApiKey(db, secret)).toBeFalsy();

    const entraOff = await scim('PATCH', `/Users/${user.id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] });
    expect(entraOff.body.active).toBe(false);
    const actions = (await db.select().from(auditEvents).where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.targetId, user.id)))).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['user.provisioned', 'user.deactivated', 'user.reactivated', 'session.revoked']));
    const events = await db.select().from(auditEvents).where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.action, 'user.deactivated')));
    expect(events[0]).toMatchObject({ actorType: 'scim', actorLabel: 'Okta' });
  });

  it('applies Entra paths: filtered emails, name.givenName, enterprise manager as a bare string', async () => {
    const { scim } = await makeScimOrg('Entra');
    const email = uniqueEmail('eve', 'acme-scim.test');
    const { body: user } = await scim('POST', '/Users', oktaUser(email, { emails: [{ value: email, type: 'work', primary: true }] }));
    const reply = await scim('PATCH', `/Users/${user.id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [
        { op: 'Replace', path: 'name.givenName', value: 'Evelyn' },
        { op: 'Add', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 555 0100' },
        { op: 'Replace', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', value: 'Research' },
        { op: 'Add', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager', value: 'mgr-123' },
      ],
    });
    expect(reply.status).toBe(200);
    expect(reply.body.name.givenName).toBe('Evelyn');
    expect(reply.body.phoneNumbers).toEqual([{ type: 'mobile', value: '+1 555 0100' }]);
    expect(reply.body['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User']).toEqual({ department: 'Research', manager: { value: 'mgr-123' } });
    const byDepartment = await scim('GET', `/Users?filter=${encodeURIComponent('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "research" and emails[type eq "work"]')}`);
    expect(byDepartment.body.totalResults).toBe(1);
  });

  it('hides other orgs: their user ids are 404 for every method and nothing changes', async () => {
    const a = await makeScimOrg();
    const b = await makeScimOrg();
    const { body: user } = await b.scim('POST', '/Users', oktaUser(uniqueEmail('b', 'other.test')));
    for (const [method, body] of [['GET'], ['PUT', oktaUser('x@other.test')], ['PATCH', { Operations: [{ op: 'replace', value: { active: false } }] }], ['DELETE']] as const) {
      const reply = await a.scim(method, `/Users/${user.id}`, body);
      expect(reply.status).toBe(404);
      expect(reply.body).toMatchObject({ schemas: [ERROR], status: '404' });
    }
    expect((await membershipOf(b.org.id, user.id)).status).toBe('active');
    expect((await a.scim('GET', '/Users')).body.totalResults).toBe(0);
  });

  it('answers bad input with the right SCIM error and changes nothing', async () => {
    const { org, scim } = await makeScimOrg();
    const cases: [Parameters<ReturnType<typeof scimClient>>, number, string | undefined][] = [
      [['GET', `/Users?filter=${encodeURIComponent('userName xx "a"')}`], 400, 'invalidFilter'],
      [['GET', `/Users?filter=${encodeURIComponent('userName eq "a')}`], 400, 'invalidFilter'],
      [['GET', `/Users?filter=${encodeURIComponent('nickname2 eq "a"')}`], 400, 'invalidFilter'],
      [['POST', '/Users', undefined, { rawBody: '{"userName": ' }], 400, 'invalidSyntax'],
      [['POST', '/Users', { schemas: [], name: { givenName: 'x' } }], 400, 'invalidValue'],
      [['POST', '/Users', { userName: '   ' }], 400, 'invalidValue'],
      [['GET', '/Users?startIndex=99999999999999999999999&count=abc'], 400, 'invalidValue'],
      [['GET', `/Users?filter=${encodeURIComponent('meta.created gt "yesterday"')}`], 400, 'invalidFilter'],
      [['GET', `/Users?filter=${encodeURIComponent('active eq "maybe"')}`], 400, 'invalidFilter'],
      [['POST', '/Users', oktaUser('not-an-email', { emails: [] })], 400, 'invalidValue'],
      [['POST', '/Users', oktaUser(uniqueEmail(), { active: 'maybe' })], 400, 'invalidValue'],
      [['POST', '/Users', undefined, { rawBody: JSON.stringify({ userName: 'x'.repeat(1024 * 1024 + 10) }) }], 413, undefined],
    ];
    for (const [args, status, scimType] of cases) {
      const reply = await scim(...args);
      expect(reply.status, JSON.stringify(args[1])).toBe(status);
      expect(reply.body).toMatchObject({ schemas: [ERROR], status: String(status), ...(scimType ? { scimType } : {}) });
      expect(JSON.stringify(reply.body)).not.toMatch(/at .*\.ts:\d+/);
    }
    expect(await db.select().from(scimUsers).where(eq(scimUsers.orgId, org.id))).toHaveLength(0);
    expect((await scim('GET', '/Users?startIndex=99999999999999999999999')).body).toMatchObject({ totalResults: 0, Resources: [] });
    const logged = await db.select().from(scimRequestLog).where(eq(scimRequestLog.orgId, org.id));
    expect(logged.filter((row) => row.status >= 400 && row.error)).toHaveLength(cases.length);
  });

  it('PATCH errors: unknown path, remove matching nothing, read-only attribute', async () => {
    const { scim } = await makeScimOrg();
    const { body: user } = await scim('POST', '/Users', oktaUser(uniqueEmail()));
    const patch = (op: object) => scim('PATCH', `/Users/${user.id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [op] });
    expect((await patch({ op: 'replace', path: 'shoeSize', value: 44 })).body.scimType).toBe('invalidPath');
    expect((await patch({ op: 'remove', path: 'emails[type eq "home"]' })).body.scimType).toBe('noTarget');
    expect((await patch({ op: 'add', path: 'groups', value: [{ value: 'x' }] })).body.scimType).toBe('mutability');
    expect((await patch({ op: 'jump', path: 'active', value: false })).body.scimType).toBe('invalidSyntax');
    const after = await scim('GET', `/Users/${user.id}`);
    expect(after.body.meta.version).toBe(user.meta.version);
  });

  it('DELETE removes the resource but keeps the account with a suspended membership', async () => {
    const { org, scim } = await makeScimOrg();
    const { body: user } = await scim('POST', '/Users', oktaUser(uniqueEmail()));
    expect((await scim('DELETE', `/Users/${user.id}`)).status).toBe(204);
    expect((await scim('GET', `/Users/${user.id}`)).status).toBe(404);
    expect((await membershipOf(org.id, user.id)).status).toBe('suspended');
    expect(await db.select().from(users).where(eq(users.id, user.id))).toHaveLength(1);
  });

  it('pages with startIndex and count, and honours attributes / excludedAttributes', async () => {
    const { scim } = await makeScimOrg();
    for (let i = 0; i < 5; i++) await scim('POST', '/Users', oktaUser(uniqueEmail(`p${i}`)));
    const page = await scim('GET', '/Users?startIndex=2&count=2&attributes=userName');
    expect(page.body).toMatchObject({ totalResults: 5, startIndex: 2, itemsPerPage: 2 });
    expect(Object.keys(page.body.Resources[0]).sort()).toEqual(['id', 'schemas', 'userName']);
    // The total is the same whether the page has rows, is past the end, or asks for none.
    expect((await scim('GET', '/Users?startIndex=5&count=10')).body).toMatchObject({ totalResults: 5, itemsPerPage: 1 });
    expect((await scim('GET', '/Users?startIndex=6')).body).toMatchObject({ totalResults: 5, itemsPerPage: 0, Resources: [] });
    expect((await scim('GET', '/Users?count=0')).body).toMatchObject({ totalResults: 5, itemsPerPage: 0 });
    const slim = await scim('GET', '/Users?count=1&excludedAttributes=emails,name.givenName');
    expect(slim.body.Resources[0]).not.toHaveProperty('emails');
    expect(slim.body.Resources[0].name).toEqual({ familyName: 'Lovelace' });
  });
});
