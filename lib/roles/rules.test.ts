import { and, asc, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { AuditContext } from '@/lib/audit/record';
import { getDb } from '@/lib/db/client';
import { auditEvents, organizations, roleRules } from '@/lib/db/schema';
import { UserFacingError } from '@/lib/errors';
import { makeOrg } from '@/lib/testing/fixtures';
import { addRoleRule, idpGroupSchema, listRoleRules, removeRoleRule, reorderRoleRules, setDefaultRole, setRequireMappedGroup } from './rules';

const by: AuditContext = { actor: { type: 'user', id: null, label: 'rules-test@example.test' }, ip: '203.0.113.7', userAgent: 'vitest' };

const RULE_ACTIONS = ['role_rule.created', 'role_rule.deleted', 'role_rule.reordered', 'org.default_role_changed', 'org.require_mapped_group_changed'];

async function events(orgId: string) {
  return getDb()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.orgId, orgId), inArray(auditEvents.action, RULE_ACTIONS)))
    .orderBy(asc(auditEvents.seq));
}

const shape = (rules: { idpGroup: string; role: string; position: number }[]) => rules.map((r) => [r.position, r.idpGroup, r.role]);

async function orgWithRules(rules: [string, 'owner' | 'admin' | 'member' | 'viewer'][]) {
  const org = await makeOrg();
  const created = [];
  for (const [idpGroup, role] of rules) created.push(await addRoleRule(getDb(), { orgId: org.id, idpGroup, role }, by));
  return { org, rules: created };
}

async function expectRefused(promise: Promise<unknown>, message: RegExp | string) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserFacingError);
  expect((error as Error).message).toMatch(message);
}

describe('role rules', () => {
  it('appends rules in order, trims the group and audits each one', async () => {
    const { org, rules } = await orgWithRules([
      ['  engineering  ', 'member'],
      ['ai-admins', 'admin'],
      ['b2b8a4f0-1c2d-4e5f-8a9b-0c1d2e3f4a5b', 'viewer'],
    ]);
    expect(rules.map((r) => r.position)).toEqual([1, 2, 3]);
    expect(shape(await listRoleRules(getDb(), org.id))).toEqual([
      [1, 'engineering', 'member'],
      [2, 'ai-admins', 'admin'],
      [3, 'b2b8a4f0-1c2d-4e5f-8a9b-0c1d2e3f4a5b', 'viewer'],
    ]);
    const audit = await events(org.id);
    expect(audit.map((e) => e.action)).toEqual(['role_rule.created', 'role_rule.created', 'role_rule.created']);
    expect(audit[0]).toMatchObject({
      actorType: 'user',
      actorLabel: 'rules-test@example.test',
      ip: '203.0.113.7',
      targetType: 'role_rule',
      targetId: rules[0].id,
      targetLabel: 'engineering',
      after: { group: 'engineering', role: 'member', position: 1 },
    });
  });

  it('refuses a duplicate group whatever its case, and an empty or overlong group', async () => {
    const { org } = await orgWithRules([['Engineering', 'member']]);
    await expectRefused(addRoleRule(getDb(), { orgId: org.id, idpGroup: 'engineering', role: 'admin' }, by), 'A rule for group Engineering already exists');
    await expectRefused(addRoleRule(getDb(), { orgId: org.id, idpGroup: ' ENGINEERING ', role: 'viewer' }, by), /already exists/);
    await expectRefused(addRoleRule(getDb(), { orgId: org.id, idpGroup: '   ', role: 'viewer' }, by), /Enter the IdP group/);
    await expectRefused(addRoleRule(getDb(), { orgId: org.id, idpGroup: 'x'.repeat(257), role: 'viewer' }, by), /at most 256/);
    expect(idpGroupSchema.safeParse('x'.repeat(256)).success).toBe(true);
    expect(shape(await listRoleRules(getDb(), org.id))).toEqual([[1, 'Engineering', 'member']]);
    expect((await events(org.id)).map((e) => e.action)).toEqual(['role_rule.created']);
    // The same group in another org is fine.
    const other = await makeOrg();
    expect((await addRoleRule(getDb(), { orgId: other.id, idpGroup: 'engineering', role: 'admin' }, by)).position).toBe(1);
  });

  it('removes a rule, closes the gap and appends after the last one', async () => {
    const { org, rules } = await orgWithRules([
      ['a', 'viewer'],
      ['b', 'member'],
      ['c', 'admin'],
      ['d', 'owner'],
    ]);
    const removed = await removeRoleRule(getDb(), { orgId: org.id, ruleId: rules[1].id }, by);
    expect(removed.idpGroup).toBe('b');
    expect(shape(await listRoleRules(getDb(), org.id))).toEqual([
      [1, 'a', 'viewer'],
      [2, 'c', 'admin'],
      [3, 'd', 'owner'],
    ]);
    expect((await addRoleRule(getDb(), { orgId: org.id, idpGroup: 'e', role: 'member' }, by)).position).toBe(4);
    await removeRoleRule(getDb(), { orgId: org.id, ruleId: rules[0].id }, by);
    expect(shape(await listRoleRules(getDb(), org.id)).map(([position, group]) => [position, group])).toEqual([
      [1, 'c'],
      [2, 'd'],
      [3, 'e'],
    ]);
    const deleted = (await events(org.id)).filter((e) => e.action === 'role_rule.deleted');
    expect(deleted).toHaveLength(2);
    expect(deleted[0]).toMatchObject({ targetType: 'role_rule', targetId: rules[1].id, targetLabel: 'b', before: { group: 'b', role: 'member', position: 2 }, after: null });
  });

  it("refuses another org's rule id and unknown ids, changing nothing", async () => {
    const mine = await orgWithRules([['a', 'member'], ['b', 'admin']]);
    const theirs = await orgWithRules([['x', 'owner']]);
    await expectRefused(removeRoleRule(getDb(), { orgId: mine.org.id, ruleId: theirs.rules[0].id }, by), 'Role rule not found');
    await expectRefused(removeRoleRule(getDb(), { orgId: mine.org.id, ruleId: '00000000-0000-4000-8000-000000000000' }, by), 'Role rule not found');
    await expectRefused(removeRoleRule(getDb(), { orgId: mine.org.id, ruleId: 'not-a-uuid' }, by), 'Role rule not found');
    expect(shape(await listRoleRules(getDb(), theirs.org.id))).toEqual([[1, 'x', 'owner']]);
    expect(shape(await listRoleRules(getDb(), mine.org.id))).toEqual([
      [1, 'a', 'member'],
      [2, 'b', 'admin'],
    ]);
    // Reordering with the other org's id in place of one of ours is refused too.
    await expectRefused(reorderRoleRules(getDb(), { orgId: mine.org.id, ruleIds: [mine.rules[1].id, theirs.rules[0].id] }, by), /exactly once/);
    expect(shape(await listRoleRules(getDb(), mine.org.id)).map(([, group]) => group)).toEqual(['a', 'b']);
    expect(shape(await listRoleRules(getDb(), theirs.org.id))).toEqual([[1, 'x', 'owner']]);
    expect((await events(mine.org.id)).map((e) => e.action)).toEqual(['role_rule.created', 'role_rule.created']);
    expect((await events(theirs.org.id)).map((e) => e.action)).toEqual(['role_rule.created']);
  });

  it('reorders by a full permutation and audits the order before and after', async () => {
    const { org, rules } = await orgWithRules([
      ['a', 'viewer'],
      ['b', 'member'],
      ['c', 'admin'],
    ]);
    const [a, b, c] = rules;
    const reordered = await reorderRoleRules(getDb(), { orgId: org.id, ruleIds: [c.id, a.id, b.id] }, by);
    expect(shape(reordered)).toEqual([
      [1, 'c', 'admin'],
      [2, 'a', 'viewer'],
      [3, 'b', 'member'],
    ]);
    expect(shape(await listRoleRules(getDb(), org.id))).toEqual(shape(reordered));
    const [event] = (await events(org.id)).filter((e) => e.action === 'role_rule.reordered');
    expect(event).toMatchObject({ targetType: 'org', targetId: org.id, before: { order: ['a', 'b', 'c'] }, after: { order: ['c', 'a', 'b'] } });

    // The same order again is not a change: nothing is written or audited.
    await reorderRoleRules(getDb(), { orgId: org.id, ruleIds: [c.id, a.id, b.id] }, by);
    expect((await events(org.id)).filter((e) => e.action === 'role_rule.reordered')).toHaveLength(1);
  });

  it('refuses anything but a permutation of the org rules, changing nothing', async () => {
    const { org, rules } = await orgWithRules([
      ['a', 'viewer'],
      ['b', 'member'],
      ['c', 'admin'],
    ]);
    const [a, b, c] = rules.map((r) => r.id);
    for (const ruleIds of [[a, b], [a, b, c, c], [a, a, b], [a, b, c, '00000000-0000-4000-8000-000000000000'], [], [a, b, 'garbage']]) {
      await expectRefused(reorderRoleRules(getDb(), { orgId: org.id, ruleIds }, by), "The new order must list each of the organization's 3 role rules exactly once");
    }
    expect(shape(await listRoleRules(getDb(), org.id))).toEqual([
      [1, 'a', 'viewer'],
      [2, 'b', 'member'],
      [3, 'c', 'admin'],
    ]);
    expect((await events(org.id)).filter((e) => e.action === 'role_rule.reordered')).toHaveLength(0);
    // An org without rules accepts only the empty order, and nothing happens.
    const empty = await makeOrg();
    expect(await reorderRoleRules(getDb(), { orgId: empty.id, ruleIds: [] }, by)).toEqual([]);
    await expectRefused(reorderRoleRules(getDb(), { orgId: empty.id, ruleIds: [a] }, by), /0 role rules exactly once/);
  });

  it('normalises positions left with gaps by older data when reordering', async () => {
    const { org, rules } = await orgWithRules([['a', 'viewer'], ['b', 'member']]);
    await getDb().update(roleRules).set({ position: 7 }).where(eq(roleRules.id, rules[1].id));
    const reordered = await reorderRoleRules(getDb(), { orgId: org.id, ruleIds: [rules[0].id, rules[1].id] }, by);
    expect(shape(reordered)).toEqual([
      [1, 'a', 'viewer'],
      [2, 'b', 'member'],
    ]);
  });
});

describe('org role settings', () => {
  it('sets the default role, refuses Owner and audits before and after', async () => {
    const org = await makeOrg();
    expect(org.defaultRole).toBe('member');
    expect((await setDefaultRole(getDb(), { orgId: org.id, role: 'viewer' }, by)).defaultRole).toBe('viewer');
    await expectRefused(setDefaultRole(getDb(), { orgId: org.id, role: 'owner' }, by), 'The default role cannot be Owner');
    // Unchanged: no event.
    await setDefaultRole(getDb(), { orgId: org.id, role: 'viewer' }, by);
    const [row] = await getDb().select().from(organizations).where(eq(organizations.id, org.id));
    expect(row.defaultRole).toBe('viewer');
    const audit = await events(org.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'org.default_role_changed', targetType: 'org', targetId: org.id, actorLabel: 'rules-test@example.test', before: { defaultRole: 'member' }, after: { defaultRole: 'viewer' } });
  });

  it('turns require-mapped-group on and off, audited', async () => {
    const org = await makeOrg();
    expect((await setRequireMappedGroup(getDb(), { orgId: org.id, required: true }, by)).requireMappedGroup).toBe(true);
    await setRequireMappedGroup(getDb(), { orgId: org.id, required: true }, by);
    expect((await setRequireMappedGroup(getDb(), { orgId: org.id, required: false }, by)).requireMappedGroup).toBe(false);
    const audit = await events(org.id);
    expect(audit.map((e) => [e.action, e.before, e.after])).toEqual([
      ['org.require_mapped_group_changed', { requireMappedGroup: false }, { requireMappedGroup: true }],
      ['org.require_mapped_group_changed', { requireMappedGroup: true }, { requireMappedGroup: false }],
    ]);
  });

  it('refuses writes for an organization that does not exist', async () => {
    const ghost = '00000000-0000-4000-8000-00000000dead';
    await expectRefused(addRoleRule(getDb(), { orgId: ghost, idpGroup: 'a', role: 'member' }, by), 'Organization not found');
    await expectRefused(setDefaultRole(getDb(), { orgId: ghost, role: 'viewer' }, by), 'Organization not found');
    await expectRefused(setRequireMappedGroup(getDb(), { orgId: ghost, required: true }, by), 'Organization not found');
  });

  it('keeps positions consistent when rules are added concurrently', async () => {
    const org = await makeOrg();
    const groups = Array.from({ length: 8 }, (_, i) => `group-${i}`);
    await Promise.all(groups.map((idpGroup) => addRoleRule(getDb(), { orgId: org.id, idpGroup, role: 'member' }, by)));
    const positions = (await listRoleRules(getDb(), org.id)).map((r) => r.position);
    expect(positions).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // Case-insensitive duplicates racing each other: exactly one wins.
    const results = await Promise.allSettled(['Dup', 'dup', 'DUP'].map((idpGroup) => addRoleRule(getDb(), { orgId: org.id, idpGroup, role: 'viewer' }, by)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason instanceof UserFacingError)).toBe(true);
  });
});
