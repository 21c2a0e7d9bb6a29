import { and, count, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db/client';
import { auditEvents, memberships, scimRequestLog, scimUsers, teamMembers, teams } from '@/lib/db/schema';
import { addRoleRule } from '@/lib/roles/rules';
import { systemActor, uniqueEmail } from '@/lib/testing/fixtures';
import { makeScimOrg, type scimClient } from '@/lib/testing/scim-client';
import { getEnv } from '@/lib/env';
import { scimRateLimiter } from './rate-limit';
import { authenticateScimToken } from './tokens';

const db = getDb();
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
type Client = ReturnType<typeof scimClient>;

async function createUsers(scim: Client, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const email = uniqueEmail(`g${i}`, 'groups.test');
    const reply = await scim('POST', '/Users', { userName: email, emails: [{ value: email, primary: true }], active: true });
    ids.push(reply.body.id);
  }
  return ids;
}

async function roleOf(orgId: string, userId: string) {
  const [row] = await db.select().from(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
  return row;
}

describe('SCIM groups', () => {
  it('creates a group as a team with members; Okta and Entra member changes; 409 on a duplicate name', async () => {
    const { org, scim } = await makeScimOrg();
    const [a, b, c] = await createUsers(scim, 3);
    const created = await scim('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Engineering', members: [{ value: a }, { value: b }] });
    expect(created.status).toBe(201);
    expect(created.body.members.map((m: { value: string }) => m.value).sort()).toEqual([a, b].sort());
    const [team] = await db.select().from(teams).where(eq(teams.id, created.body.id));
    expect(team).toMatchObject({ orgId: org.id, name: 'Engineering', scimManaged: true });

    const dup = await scim('POST', '/Groups', { displayName: 'engineering' });
    expect(dup).toMatchObject({ status: 409, body: { scimType: 'uniqueness' } });

    // Okta: add, then remove with a value filter; Entra: remove with a value list.
    expect((await scim('PATCH', `/Groups/${team.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: c, display: 'c' }] }] })).status).toBe(204);
    expect((await scim('PATCH', `/Groups/${team.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: `members[value eq "${a}"]` }] })).status).toBe(204);
    expect((await scim('PATCH', `/Groups/${team.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Remove', path: 'members', value: [{ value: b }] }] })).status).toBe(204);
    const now = await scim('GET', `/Groups/${team.id}`);
    expect(now.body.members.map((m: { value: string }) => m.value)).toEqual([c]);
    expect((await scim('GET', `/Groups/${team.id}?excludedAttributes=members`)).body).not.toHaveProperty('members');

    const byMember = await scim('GET', `/Groups?filter=${encodeURIComponent(`displayName eq "ENGINEERING" and members[value eq "${c}"]`)}`);
    expect(byMember.body.totalResults).toBe(1);
    const user = await scim('GET', `/Users/${c}`);
    expect(user.body.groups).toEqual([expect.objectContaining({ value: team.id, display: 'Engineering' })]);
  });

  it('refuses a member from another org or a made-up id, and changes nothing', async () => {
    const a = await makeScimOrg();
    const b = await makeScimOrg();
    const [mine] = await createUsers(a.scim, 1);
    const [theirs] = await createUsers(b.scim, 1);
    const { body: group } = await a.scim('POST', '/Groups', { displayName: 'Team', members: [{ value: mine }] });
    for (const value of [theirs, 'not-a-uuid', '3b241101-e2bb-4255-8caf-4136c566a962']) {
      const reply = await a.scim('PATCH', `/Groups/${group.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value }] }] });
      expect(reply).toMatchObject({ status: 400, body: { scimType: 'invalidValue' } });
    }
    expect(await db.select().from(teamMembers).where(eq(teamMembers.teamId, group.id))).toEqual([expect.objectContaining({ userId: mine })]);
    expect((await b.scim('GET', `/Groups/${group.id}`)).status).toBe(404);
  });

  it('re-decides roles at once through the rule engine when membership changes', async () => {
    const { org, scim } = await makeScimOrg();
    const rule = await addRoleRule(db, { orgId: org.id, idpGroup: 'ai-admins', role: 'admin' }, systemActor);
    const [alice] = await createUsers(scim, 1);
    expect((await roleOf(org.id, alice)).role).toBe('member');
    const { body: group } = await scim('POST', '/Groups', { displayName: 'ai-admins', members: [{ value: alice }] });
    expect(await roleOf(org.id, alice)).toMatchObject({ role: 'admin', roleLockedByIdp: true, roleRuleId: rule.id });
    const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.action, 'member.role_changed'), eq(auditEvents.targetId, alice)));
    expect(event).toMatchObject({ actorType: 'scim', before: { role: 'member' }, after: { role: 'admin' } });
    expect(event.metadata).toMatchObject({ reason: 'group rule', ruleId: rule.id });

    await scim('PATCH', `/Groups/${group.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { id: group.id, displayName: 'ai-users' } }] });
    expect(await roleOf(org.id, alice)).toMatchObject({ role: 'member', roleLockedByIdp: false });
  });

  it('cuts access when the org requires a mapped group and the user leaves the last one', async () => {
    const { org, scim } = await makeScimOrg();
    await addRoleRule(db, { orgId: org.id, idpGroup: 'staff', role: 'member' }, systemActor);
    await db.execute(`update organizations set require_mapped_group = true where id = '${org.id}'`);
    const [dan] = await createUsers(scim, 1);
    expect((await roleOf(org.id, dan)).status).toBe('suspended');
    const { body: group } = await scim('POST', '/Groups', { displayName: 'staff', members: [{ value: dan }] });
    expect((await roleOf(org.id, dan)).status).toBe('active');
    await scim('DELETE', `/Groups/${group.id}`);
    expect((await roleOf(org.id, dan)).status).toBe('suspended');
  });

  it('adds 1,000 members in one PATCH, and concurrent PATCHes never lose a member', async () => {
    const { org, scim } = await makeScimOrg();
    const { body: group } = await scim('POST', '/Groups', { displayName: 'Everyone' });
    const ids = (await createUsers(scim, 40)).slice();
    // Bulk-provision the rest directly: 1,000 users through POST would only slow the test.
    const bulk = await db.execute<{ id: string }>(`
      with u as (insert into users (email, name) select 'bulk-' || g || '-' || md5(random()::text) || '@bulk.test', 'Bulk ' || g from generate_series(1, 960) g returning id, email)
      insert into scim_users (org_id, user_id, user_name, active, resource) select '${org.id}', id, email, true, '{}'::jsonb from u returning user_id as id`);
    await db.execute(`insert into memberships (org_id, user_id, role, source) select '${org.id}', user_id, 'member', 'scim' from scim_users where org_id = '${org.id}' on conflict do nothing`);
    const all = [...ids, ...bulk.rows.map((r) => r.id)];
    expect(all).toHaveLength(1000);

    const reply = await scim('PATCH', `/Groups/${group.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: all.map((value) => ({ value })) }] });
    expect(reply.status).toBe(204);
    const [{ n }] = await db.select({ n: count() }).from(teamMembers).where(eq(teamMembers.teamId, group.id));
    expect(n).toBe(1000);

    const { body: second } = await scim('POST', '/Groups', { displayName: 'Parallel' });
    await Promise.all(ids.map((value) => scim('PATCH', `/Groups/${second.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value }] }] })));
    const members = await db.select().from(teamMembers).where(and(eq(teamMembers.teamId, second.id), inArray(teamMembers.userId, ids)));
    expect(members).toHaveLength(ids.length);
    expect(await db.select({ n: count() }).from(scimUsers).where(eq(scimUsers.orgId, org.id))).toEqual([{ n: 1000 }]);
  });
});

describe('SCIM rate limit and request log', () => {
  it('answers 429 in the SCIM error format with Retry-After over HTTP, and counts nothing else', async () => {
    const { org, token, scim } = await makeScimOrg();
    const limit = getEnv().SCIM_RATE_LIMIT_PER_MINUTE;
    for (let i = 0; i < limit; i++) scimRateLimiter().take(token.id, limit);
    const reply = await scim('POST', '/Users', { userName: uniqueEmail('late', 'rate.test') });
    expect(reply.status).toBe(429);
    expect(reply.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '429' });
    expect(Number(reply.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await db.select().from(scimUsers).where(eq(scimUsers.orgId, org.id))).toHaveLength(0);
  });

  it('drops request-log entries older than the retention as new requests arrive', async () => {
    const { org, token, scim } = await makeScimOrg();
    await db.insert(scimRequestLog).values({ orgId: org.id, tokenId: token.id, method: 'GET', path: '/old', status: 200, durationMs: 1, createdAt: new Date(Date.now() - 40 * 86_400_000) });
    await scim('GET', '/Users');
    const paths = (await db.select().from(scimRequestLog).where(eq(scimRequestLog.orgId, org.id))).map((r) => r.path);
    expect(paths).toEqual(['/api/scim/v2/Users']);
  });

  it('answers 429 with Retry-After once a token exceeds its per-minute budget', async () => {
    const { token } = await makeScimOrg();
    for (let i = 0; i < 3; i++) expect((await authenticateScimToken(db, token.token, 3)).ok).toBe(true);
    const limited = await authenticateScimToken(db, token.token, 3);
    expect(limited).toMatchObject({ ok: false, reason: 'rate_limited' });
    expect(limited.ok === false && limited.reason === 'rate_limited' && limited.retryAfterSeconds).toBeGreaterThan(0);
  });
});
