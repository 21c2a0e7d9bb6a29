/**
 * Replays what Okta really sends (e2e/fixtures/scim/okta) against the running server:
 * the Runscope "Okta SCIM 2.0 SPEC Test" sequence, then the user and Group Push requests of
 * Okta's SCIM 2.0 protocol reference. Every answer is checked against RFC 7643/7644 and what
 * Okta asserts.
 */
import { expect, test } from '@playwright/test';
import { sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { auditEvents, scimRequestLog } from '@/lib/db/schema';
import {
  ERROR_SCHEMA,
  expectCreated,
  expectGroup,
  expectListResponse,
  expectMembers,
  expectScimError,
  expectStatus,
  expectUser,
  GROUP_SCHEMA,
  loadFixture,
  makeScimOrg,
  membershipOf,
  scimClient,
  step,
  suffix,
  teamMemberIds,
  teamsOf,
  userRow,
  USER_SCHEMA,
  type ScimClient,
  type ScimOrg,
} from './support/scim';

const specTest = loadFixture('okta/spec-test.json');
const usersFixture = loadFixture('okta/users.json');
const groupsFixture = loadFixture('okta/groups.json');

/** What Okta's Initial_Script_Spec.txt generates before each run. */
function runscopeVariables() {
  const digits = String(Math.floor(Math.random() * 1000)).padStart(3, '0');
  const firstname = `Runscope${digits}`;
  const lastname = `H${suffix()}lab${digits}`;
  const email = `${firstname}${lastname}@atko.com`;
  return {
    randomGivenName: firstname,
    randomFamilyName: lastname,
    randomEmail: email,
    randomUsername: email,
    InvalidUserEmail: `abcdefgh-${suffix()}@atko.com`,
    UserIdThatDoesNotExist: '010101001010101011001010101011',
    randomUsernameCaps: email.toUpperCase(),
  };
}

/** Creates a user the way Okta does (users.json "Create the User") and returns the resource. */
async function oktaCreateUser(scim: ScimClient, baseURL: string, userName: string) {
  const created = await scim.replay(step(usersFixture, 'Create the User'), { userName, oktaUserId: `00u${suffix()}`, password: `pw-${suffix()}` });
  return expectCreated(created, 'User', baseURL);
}

test.describe('Okta SCIM 2.0 SPEC Test (Runscope), replayed', () => {
  let tenant: ScimOrg;
  let scim: ScimClient;

  test.beforeEach(async ({ request }) => {
    tenant = await makeScimOrg('Okta');
    scim = scimClient(request, tenant.token);
  });

  test('every step passes with Okta’s own assertions and the RFC’s', async ({ baseURL }) => {
    const vars: Record<string, string> = runscopeVariables();
    // "Create at least one user in your SCIM server before running the Okta SCIM API test suite."
    const seed = await oktaCreateUser(scim, baseURL!, `seed-${suffix()}@atko.com`);

    // 1. GET /Users?count=1&startIndex=1
    const first = await scim.replay(step(specTest, 'Required Test: Test Users endpoint'), vars);
    const page = expectListResponse(first, { totalResults: 1, startIndex: 1 });
    expect(first.body.itemsPerPage).toBe(1);
    expect(page).toHaveLength(1);
    const listed = page[0];
    expectUser(listed, baseURL!, { id: seed.id });
    expect(listed.name.familyName).toBeTruthy();
    expect(listed.name.givenName).toBeTruthy();
    expect(listed.userName).toBeTruthy();
    expect(listed.active).toBe(true);
    expect(listed.emails[0].value).toBeTruthy();
    vars.ISVUserid = listed.id;

    // 2. GET /Users/{ISVUserid}
    const byId = await scim.replay(step(specTest, 'Required Test: Get Users/{{id}} '), vars);
    expectStatus(byId, 200);
    expectUser(byId.body, baseURL!, { id: vars.ISVUserid, active: true });
    expect(byId.body.name.familyName).toBeTruthy();
    expect(byId.body.name.givenName).toBeTruthy();
    expect(byId.body.emails[0].value).toBeTruthy();

    // 3. filter userName eq InvalidUserEmail → empty list
    const invalid = await scim.replay(step(specTest, 'Required Test: Test invalid User by username'), vars);
    expect(expectListResponse(invalid, { totalResults: 0 })).toEqual([]);

    // 4. GET /Users/010101001010101011001010101011 (not a UUID) → 404, not 400
    const missing = await scim.replay(step(specTest, 'Required Test: Test invalid User by ID'), vars);
    expectScimError(missing, 404);

    // 5. the random user does not exist yet
    const notYet = await scim.replay(step(specTest, "Required Test: Make sure random user doesn't exist"), vars);
    expect(expectListResponse(notYet, { totalResults: 0 })).toEqual([]);

    // 6. POST /Users as application/json
    const create = await scim.replay(step(specTest, 'Required Test: Create Okta user with realistic values'), vars);
    const user = expectCreated(create, 'User', baseURL!);
    expectUser(user, baseURL!, { userName: vars.randomUsername, active: true });
    expect(user.schemas).toContain(USER_SCHEMA);
    expect(user.name).toMatchObject({ givenName: vars.randomGivenName, familyName: vars.randomFamilyName });
    expect(user.emails[0].value).toBe(vars.randomEmail);
    expect(user.displayName).toBe(`${vars.randomGivenName} ${vars.randomFamilyName}`);
    vars.idUserOne = user.id;
    // The directory's user is a real account with an active SCIM membership in this org.
    const membership = await membershipOf(tenant.orgId, user.id);
    expect(membership).toMatchObject({ status: 'active', source: 'scim' });
    expect((await userRow(user.id)).email).toBe(vars.randomEmail.toLowerCase());

    // 7. GET the created user
    const verify = await scim.replay(step(specTest, 'Required Test: Verify that user was created'), vars);
    expectStatus(verify, 200);
    expectUser(verify.body, baseURL!, { id: user.id, userName: vars.randomUsername });
    expect(verify.body.name).toMatchObject({ givenName: vars.randomGivenName, familyName: vars.randomFamilyName });
    expect(verify.body.meta).toEqual(user.meta);

    // 8. the same user again → 409 uniqueness, nothing created
    const again = await scim.replay(step(specTest, 'Required Test: Expect failure when recreating user with same values'), vars);
    expectScimError(again, 409, 'uniqueness');

    // 9. userName is case-insensitive (RFC 7643 §4.1.1 caseExact false): the caps filter finds the user
    const caps = await scim.replay(step(specTest, 'Required Test: Username Case Sensitivity Check'), vars);
    const found = expectListResponse(caps, { totalResults: 1 });
    expect(found[0].id).toBe(user.id);

    // 10. GET /Groups (Okta also times this step at 600 ms; speed belongs to the benchmarks, not here)
    const groups = await scim.replay(step(specTest, 'Optional Test: Verify Groups endpoint'), vars);
    expectListResponse(groups, { totalResults: 0 });

    // 11. "Authorization: non-token" → 401 with the error schema and status "401"
    const unauthorized = await scim.replay(step(specTest, 'Required Test: Check status 401'), vars);
    expectScimError(unauthorized, 401);

    // 12. GET /Users/00919288221112222 → 404
    const notFound = await scim.replay(step(specTest, 'Required Test: Check status 404'), vars);
    expectScimError(notFound, 404);
    expect(notFound.body.schemas).toContain(ERROR_SCHEMA);

    // Only the seed and the one created user exist.
    const all = await scim.get('/Users');
    expect(expectListResponse(all, { totalResults: 2 }).map((u) => u.id).sort()).toEqual([seed.id, user.id].sort());
  });
});

test.describe('Okta provisioning requests (SCIM 2.0 protocol reference), replayed', () => {
  let tenant: ScimOrg;
  let scim: ScimClient;

  test.beforeEach(async ({ request }) => {
    tenant = await makeScimOrg('Okta');
    scim = scimClient(request, tenant.token);
  });

  test('lookup, create with profile and password, read, PUT, deactivate and reactivate a user', async ({ baseURL }) => {
    const userName = `test.user-${suffix()}@okta.local`;
    const password = `1mz050nq-${suffix()}`;
    const oktaUserId = `00ujl29u0le5T6Aj${suffix()}`;

    const lookup = await scim.replay(step(usersFixture, 'Determine if the User already exists'), { userName });
    expect(expectListResponse(lookup, { totalResults: 0 })).toEqual([]);

    const created = await scim.replay(step(usersFixture, 'Create the User'), { userName, oktaUserId, password });
    const user = expectCreated(created, 'User', baseURL!);
    expectUser(user, baseURL!, { userName, active: true });
    expect(user).toMatchObject({ externalId: oktaUserId, locale: 'en-US', displayName: 'Test User', name: { givenName: 'Test', familyName: 'User' } });
    expect(user.emails).toEqual([expect.objectContaining({ primary: true, value: userName, type: 'work' })]);
    // password is writeOnly / returned "never" (RFC 7643 §4.1.1) and must not be kept in clear anywhere we can read.
    expect(created.text).not.toContain(password);
    const leaks = await getDb().execute(sql`
      select 'scim_request_log' as place from ${scimRequestLog} where ${scimRequestLog.orgId} = ${tenant.orgId} and ${scimRequestLog.body}::text like ${`%${password}%`}
      union all select 'audit_events' from ${auditEvents} where ${auditEvents.orgId} = ${tenant.orgId} and (coalesce(${auditEvents.after}::text, '') || coalesce(${auditEvents.metadata}::text, '')) like ${`%${password}%`}
      union all select 'scim_users' from scim_users where org_id = ${tenant.orgId} and resource::text like ${`%${password}%`}`);
    expect(leaks.rows, 'Okta’s password is stored or logged in clear').toEqual([]);

    const lookupAgain = await scim.replay(step(usersFixture, 'Determine if the User already exists'), { userName });
    expect(expectListResponse(lookupAgain, { totalResults: 1 })[0].id).toBe(user.id);

    const imported = await scim.replay(step(usersFixture, 'Retrieve Users (import, paged by 100)'));
    expect(expectListResponse(imported, { totalResults: 1 }).map((u) => u.id)).toEqual([user.id]);

    const read = await scim.replay(step(usersFixture, 'Retrieve a specific User'), { userId: user.id });
    expectStatus(read, 200);
    expectUser(read.body, baseURL!, { id: user.id, userName });
    expect(read.body).not.toHaveProperty('password');

    // PUT the whole resource back with a middle name, as Okta does (id, meta and groups included).
    const put = await scim.replay(step(usersFixture, 'Update the User (PUT)'), { userId: user.id, userName });
    expectStatus(put, 200);
    expectUser(put.body, baseURL!, { id: user.id, userName, active: true });
    expect(put.body.name).toMatchObject({ givenName: 'Another', middleName: 'Excited', familyName: 'User' });
    expect(put.body.meta.created).toBe(user.meta.created);
    expect(Date.parse(put.body.meta.lastModified)).toBeGreaterThanOrEqual(Date.parse(user.meta.lastModified));
    expect(put.body.meta.version).not.toBe(user.meta.version);
    const reread = await scim.get(`/Users/${user.id}`);
    expect(reread.body.name.middleName).toBe('Excited');

    const off = await scim.replay(step(usersFixture, 'Deactivate the User (PATCH)'), { userId: user.id });
    expectStatus(off, 200);
    expectUser(off.body, baseURL!, { id: user.id, userName, active: false });
    expect(off.body.name.middleName).toBe('Excited');
    expect((await membershipOf(tenant.orgId, user.id)).status).toBe('suspended');
    // A deactivated user is still returned by GET and by the userName lookup.
    const stillThere = await scim.get(`/Users/${user.id}`);
    expectUser(stillThere.body, baseURL!, { id: user.id, active: false });
    expect(expectListResponse(await scim.replay(step(usersFixture, 'Determine if the User already exists'), { userName }), { totalResults: 1 })[0].active).toBe(false);

    const on = await scim.replay(step(usersFixture, 'Reactivate the User (PATCH)'), { userId: user.id });
    expectStatus(on, 200);
    expectUser(on.body, baseURL!, { id: user.id, active: true });
    expect((await membershipOf(tenant.orgId, user.id)).status).toBe('active');
  });

  test('Group Push: create, list, read, rename, full push, membership update, delete', async ({ baseURL }) => {
    const [a, b, c] = await Promise.all(['ann', 'bob', 'cat'].map((n) => oktaCreateUser(scim, baseURL!, `${n}-${suffix()}@okta.local`)));
    const displayName = `Test SCIMv2 ${suffix()}`;

    const created = await scim.replay(step(groupsFixture, 'Create Groups'), { displayName });
    const group = expectCreated(created, 'Group', baseURL!);
    expectGroup(group, baseURL!, { displayName });
    expect(group.schemas).toEqual([GROUP_SCHEMA]);
    expect(group.members ?? []).toEqual([]);
    expect((await teamsOf(tenant.orgId)).map((t) => t.name), 'the group became a team').toEqual([displayName]);

    const listed = await scim.replay(step(groupsFixture, 'Retrieve Groups'));
    const resources = expectListResponse(listed, { totalResults: 1 });
    expectGroup(resources[0], baseURL!, { id: group.id, displayName });

    const read = await scim.replay(step(groupsFixture, 'Retrieve specific Groups'), { groupId: group.id });
    expectStatus(read, 200);
    expectGroup(read.body, baseURL!, { id: group.id, displayName });

    // Okta renames before every membership update: replace without path, value carries id + displayName.
    const renamed = `${displayName} renamed`;
    const rename = await scim.replay(step(groupsFixture, 'Update a specific Group name'), { groupId: group.id, displayName: renamed });
    expectStatus(rename, 204);
    expect(rename.text).toBe('');
    const afterRename = await scim.get(`/Groups/${group.id}`);
    expectGroup(afterRename.body, baseURL!, { id: group.id, displayName: renamed });

    const push = await scim.replay(step(groupsFixture, 'Update specific Group membership (full push)'), {
      groupId: group.id, firstUserId: a.id, firstUserName: a.userName, secondUserId: b.id, secondUserName: b.userName,
    });
    expectStatus(push, 204);
    const afterPush = await scim.get(`/Groups/${group.id}`);
    expectMembers(afterPush.body, baseURL!, [a, b]);
    expect(await teamMemberIds(afterPush.body.id)).toEqual([a.id, b.id].sort());

    // The rename Okta sends before each membership update leaves members alone.
    const renameAgain = await scim.replay(step(groupsFixture, 'Update a specific Group name'), { groupId: group.id, displayName: renamed });
    expectStatus(renameAgain, 204);
    expect(await teamMemberIds(group.id)).toEqual([a.id, b.id].sort());

    const update = await scim.replay(step(groupsFixture, 'Update specific Group membership'), {
      groupId: group.id, removedUserId: b.id, addedUserId: c.id, addedUserName: c.userName,
    });
    expectStatus(update, 204);
    const afterUpdate = await scim.get(`/Groups/${group.id}`);
    expectMembers(afterUpdate.body, baseURL!, [a, c]);
    expect(await teamMemberIds(group.id)).toEqual([a.id, c.id].sort());
    expect(Date.parse(afterUpdate.body.meta.lastModified)).toBeGreaterThanOrEqual(Date.parse(group.meta.lastModified));

    // Removing a member from the group does not deactivate the user.
    expect((await membershipOf(tenant.orgId, b.id)).status).toBe('active');

    const removed = await scim.replay(step(groupsFixture, 'Delete a specific Group'), { groupId: group.id });
    expectStatus(removed, 204);
    expect(removed.text).toBe('');
    expectScimError(await scim.get(`/Groups/${group.id}`), 404);
    expectListResponse(await scim.replay(step(groupsFixture, 'Retrieve Groups')), { totalResults: 0 });
    expect(await teamMemberIds(group.id)).toEqual([]);
    // Users outlive their group.
    for (const u of [a, b, c]) expectStatus(await scim.get(`/Users/${u.id}`), 200);
  });
});
