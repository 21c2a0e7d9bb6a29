/**
 * Group → role rules and the org's fallback settings (SPEC §2 "Role rule"):
 * the highest role among the rules whose IdP group the user is in wins (see evaluate-role.ts);
 * no match → the org's default role, or denial when the org requires a mapped group.
 *
 * Every write here is audited in the same transaction as the change, attributed to `by`.
 *
 * These single-step writes (the CLI's) do not re-evaluate existing members: an SSO member's role
 * is recomputed at their next SSO login, SCIM group changes re-evaluate at once (SPEC §5). The
 * portal saves through applyRuleDraft (rule-draft-apply.ts), which re-evaluates every member the
 * rules apply to in the same transaction, with the same decision (decide-member-role.ts).
 */
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { auditBy, recordAudit, type AuditContext } from '@/lib/audit/record';
import type { Executor, Transaction } from '@/lib/db/client';
import { organizations, roleRules, type Role } from '@/lib/db/schema';
import { UserFacingError } from '@/lib/errors';
import { roleRuleInputSchema, ruleRoleSchema } from './rule-draft';

export { DEFAULT_ROLES, idpGroupSchema, roleRuleInputSchema, ruleRoleSchema } from './rule-draft';

export const ruleIdSchema = z.uuid({ message: 'Give a rule id (see the list of rules)' });

export const ruleOrderSchema = z.array(ruleIdSchema).min(1, 'Give the rule ids in their new order');

export type RoleRuleRow = typeof roleRules.$inferSelect;

export async function listRoleRules(db: Executor, orgId: string): Promise<RoleRuleRow[]> {
  return db.select().from(roleRules).where(eq(roleRules.orgId, orgId)).orderBy(asc(roleRules.position), asc(roleRules.createdAt));
}

/**
 * Locks the org row for the rest of the transaction: rule writes of one org run one at a time
 * (positions and the case-insensitive uniqueness stay consistent). `no key update` still lets
 * other tables insert rows that reference the org.
 */
export async function lockOrg(tx: Transaction, orgId: string) {
  const [org] = await tx.select().from(organizations).where(eq(organizations.id, orgId)).for('no key update');
  if (!org) throw new UserFacingError('Organization not found');
  return org;
}

function snapshot(rule: RoleRuleRow) {
  return { group: rule.idpGroup, role: rule.role, position: rule.position };
}

/** Appends a rule at the end of the org's list. */
export async function addRoleRule(db: Executor, input: { orgId: string; idpGroup: string; role: Role }, by: AuditContext): Promise<RoleRuleRow> {
  const { idpGroup, role } = parseOrThrow(roleRuleInputSchema, { idpGroup: input.idpGroup, role: input.role });
  return db.transaction(async (tx) => {
    await lockOrg(tx, input.orgId);
    const [existing] = await tx
      .select({ idpGroup: roleRules.idpGroup })
      .from(roleRules)
      .where(and(eq(roleRules.orgId, input.orgId), sql`lower(${roleRules.idpGroup}) = lower(${idpGroup})`));
    if (existing) throw new UserFacingError(`A rule for group ${existing.idpGroup} already exists`, 'idpGroup');
    const [{ last }] = await tx.select({ last: sql<number>`coalesce(max(${roleRules.position}), 0)::int` }).from(roleRules).where(eq(roleRules.orgId, input.orgId));
    const [rule] = await tx.insert(roleRules).values({ orgId: input.orgId, idpGroup, role, position: last + 1 }).returning();
    await recordAudit(tx, auditBy(by, { orgId: input.orgId, action: 'role_rule.created', target: { type: 'role_rule', id: rule.id, label: rule.idpGroup }, after: snapshot(rule) }));
    return rule;
  });
}

/** Removes one rule of this org; later rules move up so positions stay 1..n. */
export async function removeRoleRule(db: Executor, input: { orgId: string; ruleId: string }, by: AuditContext): Promise<RoleRuleRow> {
  if (!z.uuid().safeParse(input.ruleId).success) throw new UserFacingError('Role rule not found');
  return db.transaction(async (tx) => {
    await lockOrg(tx, input.orgId);
    const [rule] = await tx.delete(roleRules).where(and(eq(roleRules.orgId, input.orgId), eq(roleRules.id, input.ruleId))).returning();
    if (!rule) throw new UserFacingError('Role rule not found');
    await tx
      .update(roleRules)
      .set({ position: sql`${roleRules.position} - 1` })
      .where(and(eq(roleRules.orgId, input.orgId), gt(roleRules.position, rule.position)));
    await recordAudit(tx, auditBy(by, { orgId: input.orgId, action: 'role_rule.deleted', target: { type: 'role_rule', id: rule.id, label: rule.idpGroup }, before: snapshot(rule) }));
    return rule;
  });
}

/**
 * Puts the org's rules in the given order (positions 1..n). `ruleIds` must name every rule of
 * the org exactly once; anything else is refused and nothing changes.
 * Order decides ties only: the highest matching role wins wherever it is listed.
 */
export async function reorderRoleRules(db: Executor, input: { orgId: string; ruleIds: string[] }, by: AuditContext): Promise<RoleRuleRow[]> {
  return db.transaction(async (tx) => {
    const org = await lockOrg(tx, input.orgId);
    const current = await listRoleRules(tx, input.orgId);
    const byId = new Map(current.map((rule) => [rule.id, rule]));
    const isPermutation = input.ruleIds.length === current.length && new Set(input.ruleIds).size === input.ruleIds.length && input.ruleIds.every((id) => byId.has(id));
    if (!isPermutation) {
      throw new UserFacingError(`The new order must list each of the organization's ${current.length} role rule${current.length === 1 ? '' : 's'} exactly once`, 'ruleIds');
    }
    const before = current.map((rule) => rule.idpGroup);
    const after = input.ruleIds.map((id) => byId.get(id)!.idpGroup);
    if (input.ruleIds.every((id, index) => current[index].id === id && current[index].position === index + 1)) return current;
    const reordered: RoleRuleRow[] = [];
    for (const [index, id] of input.ruleIds.entries()) {
      const [row] = await tx.update(roleRules).set({ position: index + 1 }).where(and(eq(roleRules.orgId, input.orgId), eq(roleRules.id, id))).returning();
      reordered.push(row);
    }
    await recordAudit(tx, auditBy(by, { orgId: input.orgId, action: 'role_rule.reordered', target: { type: 'org', id: org.id, label: org.name }, before: { order: before }, after: { order: after } }));
    return reordered;
  });
}

/** The role of users who match no rule (when the org does not require a mapped group). */
export async function setDefaultRole(db: Executor, input: { orgId: string; role: Role }, by: AuditContext) {
  if (input.role === 'owner') throw new UserFacingError('The default role cannot be Owner', 'role');
  const role = parseOrThrow(ruleRoleSchema, input.role);
  return db.transaction(async (tx) => {
    const org = await lockOrg(tx, input.orgId);
    if (org.defaultRole === role) return org;
    const [updated] = await tx.update(organizations).set({ defaultRole: role, updatedAt: new Date() }).where(eq(organizations.id, org.id)).returning();
    await recordAudit(tx, auditBy(by, { orgId: org.id, action: 'org.default_role_changed', target: { type: 'org', id: org.id, label: org.name }, before: { defaultRole: org.defaultRole }, after: { defaultRole: role } }));
    return updated;
  });
}

/** When required, an SSO user who matches no rule is denied access instead of getting the default role. */
export async function setRequireMappedGroup(db: Executor, input: { orgId: string; required: boolean }, by: AuditContext) {
  return db.transaction(async (tx) => {
    const org = await lockOrg(tx, input.orgId);
    if (org.requireMappedGroup === input.required) return org;
    const [updated] = await tx.update(organizations).set({ requireMappedGroup: input.required, updatedAt: new Date() }).where(eq(organizations.id, org.id)).returning();
    await recordAudit(tx, auditBy(by, { orgId: org.id, action: 'org.require_mapped_group_changed', target: { type: 'org', id: org.id, label: org.name }, before: { requireMappedGroup: org.requireMappedGroup }, after: { requireMappedGroup: input.required } }));
    return updated;
  });
}

function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserFacingError(issue?.message ?? 'Invalid input', issue?.path.map(String).join('.') || undefined);
  }
  return parsed.data;
}
