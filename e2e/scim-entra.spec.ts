/**
 * Replays what the Microsoft Entra provisioning service really sends (e2e/fixtures/scim/entra)
 * against the running server: the tutorial's user and group operations, the enterprise
 * extension, and both PATCH dialects (default, and the aadOptscim062020 flag). Every answer is
 * checked against RFC 7643/7644 and what Entra expects.
 */
import { expect, test } from '@playwright/test';
import {
  ENTERPRISE_SCHEMA,
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
  randomId,
  scimClient,
  step,
  suffix,
  teamMemberIds,
  userByEmail,
  userRow,
  workEmail,
  type ScimClient,
  type ScimOrg,
} from './support/scim';

const usersFixture = loadFixture('entra/users.json');
const groupsFixture = loadFixture('entra/groups.json');
const enterpriseFixture = loadFixture('entra/enterprise-user.json');
const defaultDialect = loadFixture('entra/patch-default.json');
const flagDialect = loadFixture('entra/patch-aadOptscim062020.json');

/** Placeholders for the tutorial's "Create User" (userName is a UPN-like string, not an email). */
function entraUserVars() {
  const id = randomId();
  return { userName: `Test_User_${id}`, externalId: randomId(), workEmail: `test_user_${id.slice(0, 8)}@testuser.com` };
}

async function entraCreateUser(scim: ScimClient, baseURL: string, vars = entraUserVars()) {
  const reply = await scim.replay(step(usersFixture, 'Create User'), vars);
  return { user: expectCreated(reply, 'User', baseURL), vars };
}

async function entraCreateGroup(scim: ScimClient, baseURL: string, displayName = `displayName ${suffix()}`) {
  const reply = await scim.replay(step(groupsFixture, 'Create Group'), { displayName, externalId: randomId() });
  return expectCreated(reply, 'Group', baseURL);
}

test.describe('Microsoft Entra provisioning requests, replayed', () => {
  let tenant: ScimOrg;
  let scim: ScimClient;

  test.beforeEach(async ({ request }) => {
    tenant = await makeScimOrg('Microsoft Entra ID');
    scim = scimClient(request, tenant.token);
  });

  test('user lifecycle: Test Connection, lookups by userName / externalId / work email, PATCH, disable, DELETE', async ({ baseURL }) => {
    const vars = entraUserVars();

    // Test Connection: a random GUID as the matching attribute → 200 and an empty ListResponse.
    const probe = await scim.replay(step(usersFixture, 'Test Connection (random GUID as the matching attribute)'), { randomGuid: randomId() });
    expect(expectListResponse(probe, { totalResults: 0 })).toEqual([]);
    const zero = await scim.replay(step(usersFixture, 'Get User by query - Zero results'), vars);
    expect(expectListResponse(zero, { totalResults: 0 })).toEqual([]);

    const created = await scim.replay(step(usersFixture, 'Create User'), vars);
    const user = expectCreated(created, 'User', baseURL!);
    expectUser(user, baseURL!, { userName: vars.userName, active: true });
    expect(user.externalId).toBe(vars.externalId);
    expect(user.name).toMatchObject({ formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' });
    expect(user.emails).toEqual([expect.objectContaining({ primary: true, type: 'work', value: vars.workEmail })]);
    // The sign-in address is the primary email (userName is not an email here).
    expect((await userRow(user.id)).email).toBe(vars.workEmail.toLowerCase());
    expect(await membershipOf(tenant.orgId, user.id)).toMatchObject({ status: 'active', source: 'scim' });

    const read = await scim.replay(step(usersFixture, 'Get User'), { userId: user.id });
    expectStatus(read, 200);
    expectUser(read.body, baseURL!, { id: user.id, userName: vars.userName, active: true });
    expect(read.body.externalId).toBe(vars.externalId);

    const byUserName = await scim.replay(step(usersFixture, 'Get User by query'), vars);
    expect(expectListResponse(byUserName, { totalResults: 1 })[0].id).toBe(user.id);
    const byExternalId = await scim.replay(step(usersFixture, 'Query by the matching attribute externalId'), vars);
    expect(expectListResponse(byExternalId, { totalResults: 1 })[0].id).toBe(user.id);
    const byWorkEmail = await scim.replay(step(usersFixture, 'Query by emails[type eq "work"].value (user uniqueness on work email)'), vars);
    expect(expectListResponse(byWorkEmail, { totalResults: 1 })[0].id).toBe(user.id);
    for (const listed of byUserName.body.Resources) expectUser(listed, baseURL!, { id: user.id });

    const updatedEmail = `updated-${suffix()}@microsoft.com`;
    const multi = await scim.replay(step(usersFixture, 'Update User [Multi-valued properties]'), { userId: user.id, updatedEmail });
    expectStatus(multi, 200);
    expectUser(multi.body, baseURL!, { id: user.id, active: true });
    expect(workEmail(multi.body)).toBe(updatedEmail);
    expect(multi.body.emails).toHaveLength(1);
    expect(multi.body.name).toMatchObject({ familyName: 'updatedFamilyName', givenName: 'givenName' });
    const byNewEmail = await scim.replay(step(usersFixture, 'Query by emails[type eq "work"].value (user uniqueness on work email)'), { workEmail: updatedEmail });
    expect(expectListResponse(byNewEmail, { totalResults: 1 })[0].id).toBe(user.id);

    const newUserName = `${randomId()}@testuser.com`;
    const single = await scim.replay(step(usersFixture, 'Update User [Single-valued properties]'), { userId: user.id, newUserName });
    expectStatus(single, 200);
    expectUser(single.body, baseURL!, { id: user.id, userName: newUserName });
    expectListResponse(await scim.replay(step(usersFixture, 'Get User by query'), vars), { totalResults: 0 });
    expect(expectListResponse(await scim.replay(step(usersFixture, 'Get User by query'), { userName: newUserName }), { totalResults: 1 })[0].id).toBe(user.id);

    const disable = await scim.replay(step(usersFixture, 'Disable User'), { userId: user.id });
    expectStatus(disable, 200);
    expectUser(disable.body, baseURL!, { id: user.id, active: false });
    expect((await membershipOf(tenant.orgId, user.id)).status).toBe('suspended');
    // Entra: "The user object should be returned in a request whether or not the user is active."
    expectUser((await scim.get(`/Users/${user.id}`)).body, baseURL!, { id: user.id, active: false });
    expect(expectListResponse(await scim.replay(step(usersFixture, 'Get User by query'), { userName: newUserName }), { totalResults: 1 })[0].active).toBe(false);

    const removed = await scim.replay(step(usersFixture, 'Delete User'), { userId: user.id });
    expectStatus(removed, 204);
    expect(removed.text).toBe('');
    expectScimError(await scim.replay(step(usersFixture, 'Get User'), { userId: user.id }), 404);
    expectListResponse(await scim.replay(step(usersFixture, 'Get User by query'), { userName: newUserName }), { totalResults: 0 });
    expectScimError(await scim.replay(step(usersFixture, 'Delete User'), { userId: user.id }), 404);
    // The account stays, with its membership suspended.
    expect((await membershipOf(tenant.orgId, user.id)).status).toBe('suspended');
  });

  test('groups: lookup by displayName with excludedAttributes=members, create, rename, add and remove members, delete', async ({ baseURL }) => {
    const { user: member } = await entraCreateUser(scim, baseURL!);
    const displayName = `displayName ${suffix()}`;
    const externalId = randomId();

    const before = await scim.replay(step(groupsFixture, 'Get Group by displayName (before create)'), { displayName });
    expect(expectListResponse(before, { totalResults: 0 })).toEqual([]);

    const created = await scim.replay(step(groupsFixture, 'Create Group'), { displayName, externalId });
    const group = expectCreated(created, 'Group', baseURL!);
    expectGroup(group, baseURL!, { displayName });
    expect(group.schemas).toContain(GROUP_SCHEMA);
    expect(group.externalId).toBe(externalId);
    expect(group.members ?? []).toEqual([]);

    const read = await scim.replay(step(groupsFixture, 'Get Group'), { groupId: group.id });
    expectStatus(read, 200);
    expectGroup(read.body, baseURL!, { id: group.id, displayName });
    expect(read.body).not.toHaveProperty('members');
    expect(read.body.externalId).toBe(externalId);

    const byName = await scim.replay(step(groupsFixture, 'Get Group by displayName'), { displayName });
    const [listed] = expectListResponse(byName, { totalResults: 1 });
    expectGroup(listed, baseURL!, { id: group.id, displayName });
    expect(listed).not.toHaveProperty('members');

    const newDisplayName = `${randomId()}updatedDisplayName`;
    const rename = await scim.replay(step(groupsFixture, 'Update Group [Non-member attributes]'), { groupId: group.id, newDisplayName });
    expectStatus(rename, 204);
    expect(rename.text).toBe('');
    expect(expectListResponse(await scim.replay(step(groupsFixture, 'Get Group by displayName'), { displayName: newDisplayName }), { totalResults: 1 })[0].id).toBe(group.id);
    expectListResponse(await scim.replay(step(groupsFixture, 'Get Group by displayName'), { displayName }), { totalResults: 0 });

    const add = await scim.replay(step(groupsFixture, 'Update Group [Add Members]'), { groupId: group.id, memberId: member.id });
    expectStatus(add, 204);
    expect(add.text).toBe('');
    const withMember = await scim.get(`/Groups/${group.id}`);
    expectStatus(withMember, 200);
    expectGroup(withMember.body, baseURL!, { id: group.id, displayName: newDisplayName });
    expectMembers(withMember.body, baseURL!, [member]);
    expect(await teamMemberIds(group.id)).toEqual([member.id]);
    // Adding the same member again (Entra retries) changes nothing and is not an error.
    expectStatus(await scim.replay(step(groupsFixture, 'Update Group [Add Members]'), { groupId: group.id, memberId: member.id }), 204);
    expect(await teamMemberIds(group.id)).toEqual([member.id]);

    const remove = await scim.replay(step(groupsFixture, 'Update Group [Remove Members]'), { groupId: group.id, memberId: member.id });
    expectStatus(remove, 204);
    expect((await scim.get(`/Groups/${group.id}`)).body.members ?? []).toEqual([]);
    expect(await teamMemberIds(group.id)).toEqual([]);

    const removed = await scim.replay(step(groupsFixture, 'Delete Group'), { groupId: group.id });
    expectStatus(removed, 204);
    expect(removed.text).toBe('');
    expectScimError(await scim.replay(step(groupsFixture, 'Get Group'), { groupId: group.id }), 404);
    expectListResponse(await scim.replay(step(groupsFixture, 'Get Group by displayName'), { displayName: newDisplayName }), { totalResults: 0 });
    expectStatus(await scim.get(`/Users/${member.id}`), 200);
  });

  test('enterprise extension: department and employeeNumber on create, manager linked by a bare-string PATCH', async ({ baseURL }) => {
    const { user: manager } = await entraCreateUser(scim, baseURL!);
    const vars = { ...entraUserVars(), department: 'Finance', employeeNumber: `E${suffix()}` };

    const created = await scim.replay(step(enterpriseFixture, 'Create User with the enterprise extension'), vars);
    const user = expectCreated(created, 'User', baseURL!);
    expectUser(user, baseURL!, { userName: vars.userName, active: true });
    expect(user.schemas).toEqual(expect.arrayContaining(['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE_SCHEMA]));
    expect(user[ENTERPRISE_SCHEMA]).toMatchObject({ department: 'Finance', employeeNumber: vars.employeeNumber });

    const link = await scim.replay(step(enterpriseFixture, 'Link the manager (reference attribute, bare id string)'), { userId: user.id, managerId: manager.id });
    expectStatus(link, 200);
    expectUser(link.body, baseURL!, { id: user.id });
    expect(link.body[ENTERPRISE_SCHEMA].manager.value).toBe(manager.id);
    expect(link.body[ENTERPRISE_SCHEMA]).toMatchObject({ department: 'Finance', employeeNumber: vars.employeeNumber });

    const department = await scim.replay(step(enterpriseFixture, 'Replace department (default dialect, URN-qualified path)'), { userId: user.id, newDepartment: 'Legal' });
    expectStatus(department, 200);
    expect(department.body[ENTERPRISE_SCHEMA]).toMatchObject({ department: 'Legal', employeeNumber: vars.employeeNumber });
    expect(department.body[ENTERPRISE_SCHEMA].manager.value).toBe(manager.id);

    const reread = await scim.get(`/Users/${user.id}`);
    expectStatus(reread, 200);
    expect(reread.body[ENTERPRISE_SCHEMA]).toMatchObject({ department: 'Legal', employeeNumber: vars.employeeNumber, manager: expect.objectContaining({ value: manager.id }) });

    // Microsoft's own endpoint test: other-case attribute names (RFC 7643 §2.1: case-insensitive).
    const other = { userName: `UserName${suffix()}`, externalId: randomId(), workEmail: `testing-${suffix()}@bob2.com`, homeEmail: `testinghome-${suffix()}@bob3.com`, managerId: manager.id };
    const postman = await scim.replay(step(enterpriseFixture, 'Post EnterpriseUser (Microsoft\'s SCIM reference test collection)'), other);
    const second = expectCreated(postman, 'User', baseURL!);
    expectUser(second, baseURL!, { userName: other.userName, active: true });
    expect(second[ENTERPRISE_SCHEMA]).toMatchObject({ department: 'bob', manager: expect.objectContaining({ value: manager.id }) });
    const primary = second.emails.find((e: any) => e.primary === true);
    expect(primary?.value, '"Primary": true marks the primary email').toBe(other.workEmail);
    expect((await userRow(second.id)).email).toBe(other.workEmail.toLowerCase());
    expect(await userByEmail(other.homeEmail)).toBeUndefined();
  });

  test('default PATCH dialect (no aadOptscim062020): "False" as a string, Add nickName, one Replace per attribute, member removal by value array', async ({ baseURL }) => {
    const { user, vars } = await entraCreateUser(scim, baseURL!);

    const disable = await scim.replay(step(defaultDialect, 'Requests made to disable users (without feature flag)'), { userId: user.id });
    expectStatus(disable, 200);
    expectUser(disable.body, baseURL!, { id: user.id, active: false });
    expect((await membershipOf(tenant.orgId, user.id)).status).toBe('suspended');

    const nick = await scim.replay(step(defaultDialect, 'Requests made to add a single-value string attribute (without feature flag)'), { userId: user.id });
    expectStatus(nick, 200);
    expect(nick.body.nickName).toBe('Babs');
    expect(nick.body.active).toBe(false);

    const newWorkEmail = `TestBcwqnm-${suffix()}@test.microsoft.com`;
    const many = await scim.replay(step(defaultDialect, 'Requests to replace multiple attributes (without feature flag)'), { userId: user.id, newWorkEmail });
    expectStatus(many, 200);
    expectUser(many.body, baseURL!, { id: user.id, userName: vars.userName, active: false });
    expect(many.body).toMatchObject({ displayName: 'Pvlo', externalId: 'Eqpj', nickName: 'Babs', name: expect.objectContaining({ givenName: 'Gtfd', familyName: 'Pkqf' }) });
    expect(workEmail(many.body)).toBe(newWorkEmail);
    expect(many.body.emails).toHaveLength(1);
    expect(many.body[ENTERPRISE_SCHEMA]).toMatchObject({ employeeNumber: 'Eqpj' });
    expect(many.body.schemas).toContain(ENTERPRISE_SCHEMA);
    const reread = await scim.get(`/Users/${user.id}`);
    expect(reread.body).toMatchObject({ displayName: 'Pvlo', externalId: 'Eqpj', [ENTERPRISE_SCHEMA]: expect.objectContaining({ employeeNumber: 'Eqpj' }) });

    const group = await entraCreateGroup(scim, baseURL!);
    expectStatus(await scim.replay(step(groupsFixture, 'Update Group [Add Members]'), { groupId: group.id, memberId: user.id }), 204);
    expect(await teamMemberIds(group.id)).toEqual([user.id]);
    const removeMember = await scim.replay(step(defaultDialect, 'Requests made to remove a group member (without feature flag)'), { groupId: group.id, memberId: user.id });
    expectStatus(removeMember, 204);
    expect(await teamMemberIds(group.id)).toEqual([]);
    expect((await scim.get(`/Groups/${group.id}`)).body.members ?? []).toEqual([]);
  });

  test('aadOptscim062020 dialect: boolean active, lower-case ops, replace with a value object keyed by paths, member removal by filter path', async ({ baseURL }) => {
    const { user, vars } = await entraCreateUser(scim, baseURL!);

    const disable = await scim.replay(step(flagDialect, 'Requests made to disable users (with feature flag)'), { userId: user.id });
    expectStatus(disable, 200);
    expectUser(disable.body, baseURL!, { id: user.id, active: false });
    expect((await membershipOf(tenant.orgId, user.id)).status).toBe('suspended');

    const nick = await scim.replay(step(flagDialect, 'Requests made to add a single-value string attribute (with feature flag)'), { userId: user.id });
    expectStatus(nick, 200);
    expect(nick.body.nickName).toBe('Babs');

    const newWorkEmail = `TestMhvaes-${suffix()}@test.microsoft.com`;
    const many = await scim.replay(step(flagDialect, 'Requests to replace multiple attributes (with feature flag)'), { userId: user.id, newWorkEmail });
    expectStatus(many, 200);
    expectUser(many.body, baseURL!, { id: user.id, userName: vars.userName, active: false });
    expect(many.body).toMatchObject({ displayName: 'Bjfe', name: expect.objectContaining({ givenName: 'Kkom', familyName: 'Unua' }) });
    // The dotted keys are paths, not attribute names with a dot in them.
    expect(many.body).not.toHaveProperty(['name.givenName']);
    expect(many.body[ENTERPRISE_SCHEMA]).toMatchObject({ employeeNumber: 'Aklq' });
    expect(workEmail(many.body)).toBe(newWorkEmail);
    expect(many.body.externalId).toBe(vars.externalId);

    const group = await entraCreateGroup(scim, baseURL!);
    expectStatus(await scim.replay(step(groupsFixture, 'Update Group [Add Members]'), { groupId: group.id, memberId: user.id }), 204);
    const removeMember = await scim.replay(step(flagDialect, 'Requests made to remove a group member (with feature flag)'), { groupId: group.id, memberId: user.id });
    expectStatus(removeMember, 204);
    expect(await teamMemberIds(group.id)).toEqual([]);
  });
});
