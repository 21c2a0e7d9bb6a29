/**
 * SCIM refusals over HTTP: authentication, org isolation, bad filters and bodies, PATCH errors,
 * uniqueness and body size. Each must answer the RFC 7644 §3.12 error with the right status and
 * scimType, never a 500 or a stack trace (checked on every reply by support/scim.ts), and leave
 * the database exactly as it was.
 */
import { expect, test } from '@playwright/test';
import {
  expectCreated,
  expectListResponse,
  expectScimError,
  expectStatus,
  GROUP_SCHEMA,
  makeScimOrg,
  membershipOf,
  orgSnapshot,
  PATCH_SCHEMA,
  randomId,
  revokeToken,
  scimClient,
  suffix,
  teamMemberIds,
  userByEmail,
  USER_SCHEMA,
  type ScimClient,
  type ScimOrg,
} from './support/scim';

function userBody(userName: string, extra: Record<string, unknown> = {}) {
  return { schemas: [USER_SCHEMA], userName, name: { givenName: 'Err', familyName: 'Case' }, emails: [{ value: userName, type: 'work', primary: true }], active: true, ...extra };
}

const patch = (...Operations: unknown[]) => ({ schemas: [PATCH_SCHEMA], Operations });

async function createUser(scim: ScimClient, baseURL: string, userName = `err-${suffix()}@errors.test`) {
  return expectCreated(await scim.post('/Users', userBody(userName)), 'User', baseURL);
}

async function createGroup(scim: ScimClient, baseURL: string, displayName = `Group ${suffix()}`, members: string[] = []) {
  return expectCreated(await scim.post('/Groups', { schemas: [GROUP_SCHEMA], displayName, members: members.map((value) => ({ value })) }), 'Group', baseURL);
}

test.describe('SCIM errors', () => {
  let tenant: ScimOrg;
  let scim: ScimClient;
  let user: any;
  let group: any;

  test.beforeEach(async ({ request, baseURL }) => {
    tenant = await makeScimOrg('Okta');
    scim = scimClient(request, tenant.token);
    user = await createUser(scim, baseURL!);
    group = await createGroup(scim, baseURL!, `Group ${suffix()}`, [user.id]);
  });

  /** Runs `act`, then checks the org looks exactly as before. */
  async function unchanged(act: () => Promise<void>) {
    const before = await orgSnapshot(scim, tenant.orgId);
    await act();
    expect(await orgSnapshot(scim, tenant.orgId), 'the refused request changed the database').toEqual(before);
  }

  test('no token, a wrong token, a non-Bearer header or a revoked token → 401, and nothing is written', async ({ request, baseURL }) => {
    const newName = `nobody-${suffix()}@errors.test`;
    const attempts: { label: string; authorization: string | null }[] = [
      { label: 'no Authorization header', authorization: null },
      { label: 'unknown scim_ token', authorization: `Bearer scim_${'x'.repeat(43)}` },
      { label: 'token of another kind', authorization: `Bearer ${randomId()}` },
      { label: 'Okta SPEC test "non-token"', authorization: 'non-token' },
      { label: 'Basic scheme', authorization: `Basic ${Buffer.from(`u:${tenant.token}`).toString('base64')}` },
      { label: 'empty Bearer', authorization: 'Bearer ' },
    ];
    await unchanged(async () => {
      for (const { label, authorization } of attempts) {
        const anonymous = scimClient(request, null);
        const calls = [
          anonymous.send('GET', '/Users', { authorization }),
          anonymous.send('GET', `/Users/${user.id}`, { authorization }),
          anonymous.send('POST', '/Users', { authorization, body: userBody(newName) }),
          anonymous.send('PATCH', `/Users/${user.id}`, { authorization, body: patch({ op: 'replace', value: { active: false } }) }),
          anonymous.send('DELETE', `/Users/${user.id}`, { authorization }),
          anonymous.send('PATCH', `/Groups/${group.id}`, { authorization, body: patch({ op: 'remove', path: 'members' }) }),
          anonymous.send('DELETE', `/Groups/${group.id}`, { authorization }),
          anonymous.send('GET', '/ServiceProviderConfig', { authorization }),
        ];
        for (const reply of await Promise.all(calls)) {
          expect.soft(reply.status, `${label}: ${reply.request}`).toBe(401);
          if (reply.status === 401) expectScimError(reply, 401);
        }
      }
    });
    expect(await userByEmail(newName)).toBeUndefined();

    // A revoked token stops at once.
    const second = await makeScimOrg('Entra');
    const secondScim = scimClient(request, second.token);
    const victim = await createUser(secondScim, baseURL!);
    await revokeToken(second.orgId, second.tokenId);
    for (const reply of [
      await secondScim.get('/Users'),
      await secondScim.get(`/Users/${victim.id}`),
      await secondScim.patch(`/Users/${victim.id}`, patch({ op: 'replace', value: { active: false } })),
      await secondScim.delete(`/Users/${victim.id}`),
      await secondScim.post('/Users', userBody(`after-revoke-${suffix()}@errors.test`)),
    ]) expectScimError(reply, 401);
    expect((await membershipOf(second.orgId, victim.id)).status).toBe('active');
  });

  test('a token of org A never sees, changes or deletes users and groups of org B (404), and both orgs stay unchanged', async ({ request, baseURL }) => {
    const other = await makeScimOrg('Entra');
    const otherScim = scimClient(request, other.token);
    const theirUser = await createUser(otherScim, baseURL!);
    const theirGroup = await createGroup(otherScim, baseURL!, `Their group ${suffix()}`, [theirUser.id]);
    const theirs = await orgSnapshot(otherScim, other.orgId);

    await unchanged(async () => {
      const u = `/Users/${theirUser.id}`;
      const g = `/Groups/${theirGroup.id}`;
      for (const reply of [
        await scim.get(u),
        await scim.put(u, userBody(theirUser.userName, { active: false })),
        await scim.patch(u, patch({ op: 'replace', value: { active: false } })),
        await scim.patch(u, patch({ op: 'Replace', path: 'active', value: 'False' })),
        await scim.delete(u),
        await scim.get(g),
        await scim.put(g, { schemas: [GROUP_SCHEMA], displayName: 'Taken over', members: [] }),
        await scim.patch(g, patch({ op: 'replace', value: { displayName: 'Taken over' } })),
        await scim.patch(g, patch({ op: 'remove', path: `members[value eq "${theirUser.id}"]` })),
        await scim.delete(g),
      ]) expectScimError(reply, 404);

      // Lists and filters only ever show the caller's org.
      const users = expectListResponse(await scim.get('/Users?count=1000'));
      expect(users.map((r) => r.id)).not.toContain(theirUser.id);
      expectListResponse(await scim.get(`/Users?filter=${encodeURIComponent(`userName eq "${theirUser.userName}"`)}`), { totalResults: 0 });
      expectListResponse(await scim.get(`/Users?filter=${encodeURIComponent(`id eq "${theirUser.id}"`)}`), { totalResults: 0 });
      expectListResponse(await scim.get(`/Groups?filter=${encodeURIComponent(`displayName eq "${theirGroup.displayName}"`)}`), { totalResults: 0 });

      // Their user cannot be pulled into our group: 400 invalidValue.
      expectScimError(await scim.patch(`/Groups/${group.id}`, patch({ op: 'add', path: 'members', value: [{ value: theirUser.id }] })), 400, 'invalidValue');
      expectScimError(await scim.post('/Groups', { schemas: [GROUP_SCHEMA], displayName: `Mixed ${suffix()}`, members: [{ value: theirUser.id }] }), 400, 'invalidValue');
    });

    expect(await orgSnapshot(otherScim, other.orgId), 'org B changed').toEqual(theirs);
    expect((await membershipOf(other.orgId, theirUser.id)).status).toBe('active');
    expect(await membershipOf(tenant.orgId, theirUser.id)).toBeUndefined();
    expect(await teamMemberIds(theirGroup.id)).toEqual([theirUser.id]);
  });

  test('bad filters → 400 invalidFilter', async () => {
    await unchanged(async () => {
      for (const filter of ['userName xx "a"', 'userName eq "a', 'userName eq "a" and', '(userName eq "a"', 'userName eq', 'emails[type eq "work"', 'userName eq "a" or or displayName eq "b"']) {
        expectScimError(await scim.get(`/Users?filter=${encodeURIComponent(filter)}`), 400, 'invalidFilter');
      }
      for (const filter of ['displayName xx "a"', 'displayName eq "unbalanced']) {
        expectScimError(await scim.get(`/Groups?filter=${encodeURIComponent(filter)}`), 400, 'invalidFilter');
      }
    });
  });

  test('malformed JSON → 400 invalidSyntax', async () => {
    await unchanged(async () => {
      for (const raw of ['{"schemas": [', '{userName: "x"}', "{'userName': 'x'}", '{"userName": "x",}', 'not json at all']) {
        expectScimError(await scim.send('POST', '/Users', { raw }), 400, 'invalidSyntax');
        expectScimError(await scim.send('PUT', `/Users/${user.id}`, { raw }), 400, 'invalidSyntax');
        expectScimError(await scim.send('PATCH', `/Users/${user.id}`, { raw, contentType: 'application/json' }), 400, 'invalidSyntax');
        expectScimError(await scim.send('POST', '/Groups', { raw }), 400, 'invalidSyntax');
        expectScimError(await scim.send('PATCH', `/Groups/${group.id}`, { raw }), 400, 'invalidSyntax');
      }
    });
  });

  test('wrong types and missing required attributes → 400 invalidValue', async () => {
    const name = `typed-${suffix()}@errors.test`;
    await unchanged(async () => {
      expectScimError(await scim.post('/Users', userBody(name, { active: 'maybe' })), 400, 'invalidValue');
      expectScimError(await scim.post('/Users', userBody(name, { active: 7 })), 400, 'invalidValue');
      const { userName: _omit, ...noUserName } = userBody(name);
      expectScimError(await scim.post('/Users', noUserName), 400, 'invalidValue');
      expectScimError(await scim.post('/Users', userBody('')), 400, 'invalidValue');
      expectScimError(await scim.post('/Users', userBody(name, { emails: 'not-a-list' })), 400, 'invalidValue');
      expectScimError(await scim.post('/Users', userBody(name, { name: 'just a string' })), 400, 'invalidValue');
      expectScimError(await scim.put(`/Users/${user.id}`, userBody(user.userName, { active: 'maybe' })), 400, 'invalidValue');
      expectScimError(await scim.put(`/Users/${user.id}`, noUserName), 400, 'invalidValue');
      expectScimError(await scim.patch(`/Users/${user.id}`, patch({ op: 'replace', path: 'active', value: 'maybe' })), 400, 'invalidValue');
      expectScimError(await scim.patch(`/Users/${user.id}`, patch({ op: 'replace', value: { active: 'maybe' } })), 400, 'invalidValue');
      expectScimError(await scim.post('/Groups', { schemas: [GROUP_SCHEMA], members: [] }), 400, 'invalidValue');
      // A member id that is no user of this directory: a made-up UUID, or not a UUID at all.
      expectScimError(await scim.patch(`/Groups/${group.id}`, patch({ op: 'add', path: 'members', value: [{ value: randomId() }] })), 400, 'invalidValue');
      expectScimError(await scim.patch(`/Groups/${group.id}`, patch({ op: 'add', path: 'members', value: [{ value: 'f648f8d5ea4e4cd38e9c' }] })), 400, 'invalidValue');
      expectScimError(await scim.patch(`/Groups/${group.id}`, patch({ op: 'replace', path: 'members', value: [{ value: user.id }, { value: randomId() }] })), 400, 'invalidValue');
    });
    expect(await userByEmail(name)).toBeUndefined();
  });

  test('PATCH with an unknown path → 400 invalidPath; remove with a filter that matches nothing → 400 noTarget', async () => {
    await unchanged(async () => {
      expectScimError(await scim.patch(`/Users/${user.id}`, patch({ op: 'replace', path: 'favouriteColour', value: 'blue' })), 400, 'invalidPath');
      expectScimError(await scim.patch(`/Users/${user.id}`, patch({ op: 'add', path: 'name.nickName', value: 'x' })), 400, 'invalidPath');
      expectScimError(await scim.patch(`/Users/${user.id}`, patch({ op: 'replace', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:shoeSize', value: '9' })), 400, 'invalidPath');
      expectScimError(await scim.patch(`/Groups/${group.id}`, patch({ op: 'replace', path: 'owner', value: 'me' })), 400, 'invalidPath');
      // A valid first operation is rolled back with the failing second one.
      expectScimError(await scim.patch(`/Users/${user.id}`, patch({ op: 'replace', path: 'displayName', value: 'Half done' }, { op: 'replace', path: 'favouriteColour', value: 'blue' })), 400, 'invalidPath');

      expectScimError(await scim.patch(`/Users/${user.id}`, patch({ op: 'remove', path: 'emails[type eq "home"]' })), 400, 'noTarget');
      expectScimError(await scim.patch(`/Users/${user.id}`, patch({ op: 'replace', path: 'emails[type eq "home"].value', value: 'x@errors.test' }, { op: 'remove', path: 'emails[value eq "nobody@errors.test"]' })), 400, 'noTarget');
    });
  });

  test('duplicate userName (any case) → 409 uniqueness; duplicate group displayName → 409 uniqueness', async ({ baseURL }) => {
    const other = await createUser(scim, baseURL!);
    const otherGroup = await createGroup(scim, baseURL!);
    await unchanged(async () => {
      expectScimError(await scim.post('/Users', userBody(user.userName)), 409, 'uniqueness');
      expectScimError(await scim.post('/Users', userBody(user.userName.toUpperCase())), 409, 'uniqueness');
      expectScimError(await scim.put(`/Users/${other.id}`, userBody(user.userName.toUpperCase())), 409, 'uniqueness');
      expectScimError(await scim.patch(`/Users/${other.id}`, patch({ op: 'replace', path: 'userName', value: user.userName })), 409, 'uniqueness');
      expectScimError(await scim.post('/Groups', { schemas: [GROUP_SCHEMA], displayName: group.displayName, members: [] }), 409, 'uniqueness');
      expectScimError(await scim.patch(`/Groups/${otherGroup.id}`, patch({ op: 'replace', path: 'displayName', value: group.displayName })), 409, 'uniqueness');
      expectScimError(await scim.put(`/Groups/${otherGroup.id}`, { schemas: [GROUP_SCHEMA], displayName: group.displayName, members: [] }), 409, 'uniqueness');
    });
  });

  test('a body over 1 MiB → 413', async () => {
    const filler = 'x'.repeat(1024 * 1024 + 16);
    const name = `huge-${suffix()}@errors.test`;
    await unchanged(async () => {
      expectScimError(await scim.send('POST', '/Users', { raw: JSON.stringify(userBody(name, { nickName: filler })) }), 413);
      expectScimError(await scim.send('PATCH', `/Users/${user.id}`, { raw: JSON.stringify(patch({ op: 'replace', path: 'nickName', value: filler })) }), 413);
      expectScimError(await scim.send('PUT', `/Users/${user.id}`, { raw: JSON.stringify(userBody(user.userName, { nickName: filler })) }), 413);
      expectScimError(await scim.send('POST', '/Groups', { raw: JSON.stringify({ schemas: [GROUP_SCHEMA], displayName: filler }) }), 413);
    });
    expect(await userByEmail(name)).toBeUndefined();
  });

  test('ids that are not UUIDs, or belong to nobody → 404 (never 400 or 500)', async () => {
    await unchanged(async () => {
      for (const id of ['00919288221112222', '010101001010101011001010101011', 'f648f8d5ea4e4cd38e9c', randomId(), "1' or '1'='1", '%00']) {
        const p = encodeURIComponent(id);
        expectScimError(await scim.get(`/Users/${p}`), 404);
        expectScimError(await scim.put(`/Users/${p}`, userBody(`ghost-${suffix()}@errors.test`)), 404);
        expectScimError(await scim.patch(`/Users/${p}`, patch({ op: 'replace', value: { active: false } })), 404);
        expectScimError(await scim.delete(`/Users/${p}`), 404);
        expectScimError(await scim.get(`/Groups/${p}`), 404);
        expectScimError(await scim.patch(`/Groups/${p}`, patch({ op: 'replace', value: { displayName: 'x' } })), 404);
        expectScimError(await scim.delete(`/Groups/${p}`), 404);
      }
    });
  });

  test('the deleted user is gone for every method, and the discovery endpoints answer', async ({ baseURL }) => {
    const gone = await createUser(scim, baseURL!);
    expectStatus(await scim.delete(`/Users/${gone.id}`), 204);
    await unchanged(async () => {
      expectScimError(await scim.get(`/Users/${gone.id}`), 404);
      expectScimError(await scim.patch(`/Users/${gone.id}`, patch({ op: 'replace', value: { active: true } })), 404);
      expectScimError(await scim.put(`/Users/${gone.id}`, userBody(gone.userName)), 404);
      expectScimError(await scim.delete(`/Users/${gone.id}`), 404);
      expectScimError(await scim.patch(`/Groups/${group.id}`, patch({ op: 'add', path: 'members', value: [{ value: gone.id }] })), 400, 'invalidValue');
    });

    const spc = await scim.get('/ServiceProviderConfig');
    expectStatus(spc, 200);
    expect(spc.body.schemas).toEqual(['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig']);
    expect(spc.body.patch.supported).toBe(true);
    expect(spc.body.filter.supported).toBe(true);
    expect(spc.body.authenticationSchemes.length).toBeGreaterThan(0);
    const types = expectListResponse(await scim.get('/ResourceTypes'));
    expect(types.map((t) => t.name).sort()).toEqual(['Group', 'User']);
    const schemas = expectListResponse(await scim.get('/Schemas'));
    expect(schemas.map((s) => s.id)).toEqual(expect.arrayContaining([USER_SCHEMA, 'urn:ietf:params:scim:schemas:core:2.0:Group', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User']));
  });
});
