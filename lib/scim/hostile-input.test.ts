import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db/client';
import { scimRequestLog, scimUsers, teams } from '@/lib/db/schema';
import { uniqueEmail } from '@/lib/testing/fixtures';
import { makeScimOrg, type ScimReply } from '@/lib/testing/scim-client';

const db = getDb();
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

const userBody = (userName: string, extra: Record<string, unknown> = {}) => ({ schemas: [CORE], userName, emails: [{ value: userName, type: 'work', primary: true }], ...extra });
const patchBody = (...Operations: unknown[]) => ({ schemas: [PATCH_OP], Operations });

function expectRefused(reply: ScimReply, scimType: string, names: string) {
  expect(reply.status, JSON.stringify(reply.body)).toBe(400);
  expect(reply.body).toMatchObject({ schemas: [ERROR], status: '400', scimType });
  expect(reply.body.detail).toContain(names);
  expect(reply.body.detail).toMatch(/control character \(U\+00[01][0-9A-F]|U\+007F/);
}

/** A directory with one user and one group, and a way to see that a request changed none of it. */
async function directory() {
  const { org, scim } = await makeScimOrg();
  const email = uniqueEmail('hostile', 'hostile-input.test');
  const user = (await scim('POST', '/Users', userBody(email, { displayName: 'Ada' }))).body;
  const group = (await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Engineering', members: [{ value: user.id }] })).body;
  expect(user.id && group.id).toBeTruthy();
  async function snapshot() {
    const users = await db.select().from(scimUsers).where(eq(scimUsers.orgId, org.id));
    const groups = await db.select().from(teams).where(eq(teams.orgId, org.id));
    return { users, groups, user: (await scim('GET', `/Users/${user.id}`)).body, group: (await scim('GET', `/Groups/${group.id}`)).body };
  }
  async function loggedErrors() {
    return db.select().from(scimRequestLog).where(and(eq(scimRequestLog.orgId, org.id), eq(scimRequestLog.status, 400)));
  }
  return { org, scim, user, group, email, snapshot, loggedErrors };
}

describe('SCIM: control characters are refused with 400, never a 500, and change nothing', () => {
  it('a NUL in userName, displayName, externalId, name.givenName or an email → invalidValue naming the attribute', async () => {
    const { scim, user, snapshot, loggedErrors } = await directory();
    const before = await snapshot();
    const fresh = uniqueEmail('nul', 'hostile-input.test');
    expectRefused(await scim('POST', '/Users', userBody(fresh, { userName: `nul\u0000${fresh}` })), 'invalidValue', 'userName');
    expectRefused(await scim('POST', '/Users', userBody(fresh, { displayName: 'Ada\u0000' })), 'invalidValue', 'displayName');
    expectRefused(await scim('POST', '/Users', userBody(fresh, { externalId: '00u\u0000' })), 'invalidValue', 'externalId');
    expectRefused(await scim('POST', '/Users', userBody(fresh, { name: { givenName: 'A\u0000da' } })), 'invalidValue', 'name.givenName');
    expectRefused(await scim('PUT', `/Users/${user.id}`, userBody(user.userName, { emails: [{ value: `a\u0000${user.userName}` }] })), 'invalidValue', 'emails');
    expectRefused(await scim('PATCH', `/Users/${user.id}`, patchBody({ op: 'replace', path: 'userName', value: `x\u0000${user.userName}` })), 'invalidValue', 'userName');
    expect(await snapshot()).toEqual(before);
    expect(await loggedErrors(), 'every refusal is in the request log (jsonb cannot store NUL)').toHaveLength(6);
  });

  it('a NUL in a filter value or attribute → invalidFilter naming the attribute', async () => {
    const { scim, email, snapshot, loggedErrors } = await directory();
    const before = await snapshot();
    const filters = [`userName eq "${email}\u0000"`, `emails[value eq "\u0000${email}"]`, `displayName eq "Engi\u0000neering"`];
    expectRefused(await scim('GET', `/Users?filter=${encodeURIComponent(filters[0])}`), 'invalidFilter', 'userName');
    expectRefused(await scim('GET', `/Users?filter=${encodeURIComponent(filters[1])}`), 'invalidFilter', 'value');
    expectRefused(await scim('GET', `/Groups?filter=${encodeURIComponent(filters[2])}`), 'invalidFilter', 'displayName');
    const unnamed = await scim('GET', `/Users?filter=${encodeURIComponent('userName\u0000 eq "x"')}`);
    expect(unnamed.body).toMatchObject({ status: '400', scimType: 'invalidFilter' });
    expect(unnamed.body.detail).toContain('U+0000');
    expect(await snapshot()).toEqual(before);
    expect(await loggedErrors()).toHaveLength(4);
  });

  it('a NUL in a PATCH path (plain, filtered, or a key of a path-less value) → invalidPath', async () => {
    const { scim, user, snapshot, loggedErrors } = await directory();
    const before = await snapshot();
    const patch = (op: object) => scim('PATCH', `/Users/${user.id}`, patchBody(op));
    expectRefused(await patch({ op: 'replace', path: 'displayName\u0000', value: 'x' }), 'invalidPath', 'displayName');
    expectRefused(await patch({ op: 'replace', path: 'emails[type eq "wo\u0000rk"].value', value: 'x@y.test' }), 'invalidPath', 'emails');
    expectRefused(await patch({ op: 'replace', value: { 'name.given\u0000Name': 'x' } }), 'invalidPath', 'name.given');
    expect(await snapshot()).toEqual(before);
    expect(await loggedErrors()).toHaveLength(3);
  });

  it('a NUL in a Group displayName or member value → invalidValue; the group is unchanged', async () => {
    const { scim, user, group, snapshot, loggedErrors } = await directory();
    const before = await snapshot();
    expectRefused(await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Sales\u0000' }), 'invalidValue', 'displayName');
    expectRefused(await scim('PATCH', `/Groups/${group.id}`, patchBody({ op: 'Replace', path: 'displayName', value: 'Eng\u0000' })), 'invalidValue', 'displayName');
    expectRefused(await scim('PATCH', `/Groups/${group.id}`, patchBody({ op: 'replace', value: { displayName: '\u0000' } })), 'invalidValue', 'displayName');
    expectRefused(await scim('PATCH', `/Groups/${group.id}`, patchBody({ op: 'add', path: 'members', value: [{ value: '\u0000' }] })), 'invalidValue', 'members');
    expectRefused(await scim('PATCH', `/Groups/${group.id}`, patchBody({ op: 'Remove', path: 'members', value: [{ value: `${user.id}\u0000` }] })), 'invalidValue', 'members');
    expect(await snapshot()).toEqual(before);
    expect(await loggedErrors()).toHaveLength(5);
  });

  it('other control characters: tab, ESC, DEL and a newline outside addresses are refused; an unpaired surrogate too', async () => {
    const { scim, user, snapshot } = await directory();
    const before = await snapshot();
    for (const text of ['Ada\tLovelace', 'Ada\u001b[31m', 'Ada\u007f', 'Ada\nLovelace', 'Ada\r']) {
      const reply = await scim('PATCH', `/Users/${user.id}`, patchBody({ op: 'replace', path: 'displayName', value: text }));
      expectRefused(reply, 'invalidValue', 'displayName');
    }
    const surrogate = await scim('PATCH', `/Users/${user.id}`, patchBody({ op: 'replace', path: 'title', value: 'Chief \ud800 Officer' }));
    expect(surrogate.status).toBe(400);
    expect(surrogate.body).toMatchObject({ scimType: 'invalidValue' });
    expect(surrogate.body.detail).toContain('title');
    expect(await snapshot()).toEqual(before);
  });

  it('RFC 7643 §4.1.2: addresses.formatted and streetAddress may contain newlines, and nothing else may', async () => {
    const { scim, user } = await directory();
    const address = { type: 'work', formatted: '1 Main St\r\nSpringfield', streetAddress: '1 Main St\nFloor 2', locality: 'Springfield' };
    const reply = await scim('PATCH', `/Users/${user.id}`, patchBody({ op: 'add', path: 'addresses', value: [address] }));
    expect(reply.status).toBe(200);
    expect(reply.body.addresses).toEqual([address]);
    const refused = await scim('PATCH', `/Users/${user.id}`, patchBody({ op: 'replace', path: 'addresses[type eq "work"].locality', value: 'Spring\nfield' }));
    expectRefused(refused, 'invalidValue', 'locality');
    const tab = await scim('PATCH', `/Users/${user.id}`, patchBody({ op: 'replace', path: 'addresses[type eq "work"].formatted', value: '1 Main St\tSpringfield' }));
    expectRefused(tab, 'invalidValue', 'formatted');
  });
});
