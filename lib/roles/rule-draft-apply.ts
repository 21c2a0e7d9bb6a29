import { eq, sql } from 'drizzle-orm';
import { auditBy, recordAudit, type AuditContext } from '@/lib/audit/record';
import type { Executor, Transaction } from '@/lib/db/client';
import { organizations, roleRules, type Role } from '@/lib/db/schema';
import { pgArray } from '@/lib/db/sql-arrays';
import { UserFacingError } from '@/lib/errors';
import { lockOrgOwnership } from '@/lib/orgs/members';
import { cutMemberAccess } from '@/lib/orgs/member-access';
import type { RoleSettings } from './decide-member-role';
import { ROLE_LABELS } from './permissions';
import { draftRules, ruleDraftSchema, type RuleDraft } from './rule-draft';
import { countChanges, planMemberChanges, type MemberChange } from './rule-impact';
import { listRoleRules, lockOrg, type RoleRuleRow } from './rules';

type DraftRule = RuleDraft['rules'][number];

/** What a draft changes in the saved rules; an id the org no longer has is refused (someone else removed it). */
export function diffRules(current: RoleRuleRow[], draft: RuleDraft) {
  const byId = new Map(current.map((rule) => [rule.id, rule]));
  const stale = draft.rules.find((rule) => rule.id && !byId.has(rule.id));
  if (stale) throw new UserFacingError(`The rule for ${stale.idpGroup} was removed meanwhile; reload the page to see the current rules`);
  const keptIds = new Set(draft.rules.flatMap((rule) => (rule.id ? [rule.id] : [])));
  const created = draft.rules.filter((rule) => !rule.id);
  const updated = draft.rules.flatMap((rule) => {
    const before = rule.id ? byId.get(rule.id)! : undefined;
    return before && (before.idpGroup !== rule.idpGroup || before.role !== rule.role) ? [{ before, after: rule as DraftRule & { id: string } }] : [];
  });
  const deleted = current.filter((rule) => !keptIds.has(rule.id));
  const keptBefore = current.filter((rule) => keptIds.has(rule.id)).map((rule) => rule.id);
  const keptAfter = draft.rules.flatMap((rule) => (rule.id ? [rule.id] : []));
  const reordered = keptBefore.some((id, index) => keptAfter[index] !== id);
  return { created, updated, deleted, reordered };
}

/** SPEC §6: only an owner hands out Owner; an admin's draft must leave every Owner rule as it is. */
function refuseOwnerRuleChangesByNonOwner(diff: ReturnType<typeof diffRules>, actorRole: Role) {
  if (actorRole === 'owner') return;
  const touched =
    diff.created.find((rule) => rule.role === 'owner')?.idpGroup ??
    diff.updated.find(({ before, after }) => before.role === 'owner' || after.role === 'owner')?.before.idpGroup ??
    diff.deleted.find((rule) => rule.role === 'owner')?.idpGroup;
  if (touched !== undefined) {
    throw new UserFacingError(`Only an owner can add, change or remove a rule that grants Owner (the rule for ${touched}). Nothing was saved.`, 'rules');
  }
}

/** An admin may not change an owner's role or access through rules either. */
function refuseOwnerImpactByNonOwner(changes: MemberChange[], actorRole: Role) {
  if (actorRole === 'owner') return;
  const owner = changes.find((c) => c.visible && (c.before.role === 'owner' || c.after.role === 'owner'));
  if (owner) throw new UserFacingError(`These rules would change the role or access of the owner ${owner.email}; only an owner can save them. Nothing was saved.`, 'rules');
}

function parseDraft(input: unknown): RuleDraft {
  const parsed = ruleDraftSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserFacingError(issue?.message ?? 'Invalid rules', issue?.path.map(String).join('.') || undefined);
  }
  return parsed.data;
}

export type RuleDraftImpact = {
  rules: { created: number; updated: number; deleted: number; reordered: boolean };
  settings: { defaultRole?: { before: Role; after: Role }; requireMappedGroup?: { before: boolean; after: boolean } };
  considered: number;
  counts: ReturnType<typeof countChanges>;
  /** Members whose role or access changes, with the rule that decides (its group and role). */
  members: { userId: string; email: string; name: string | null; before: MemberChange['before']; after: MemberChange['after']; decidedBy: string; keptLastOwner: boolean }[];
};

function describeDecision(change: MemberChange, ruleRoles: Map<string, Role>): string {
  const { decidedBy } = change;
  if (decidedBy.kind === 'rule') return `rule ${decidedBy.group} → ${ROLE_LABELS[ruleRoles.get(decidedBy.ruleId) ?? change.after.role]}`;
  if (decidedBy.kind === 'default') return 'default role';
  if (decidedBy.kind === 'no-mapped-group') return change.keptLastOwner ? 'no mapped group (last owner keeps access)' : 'access denied: no mapped group';
  return 'kept';
}

function impactOf(diff: ReturnType<typeof diffRules>, org: RoleSettings, draft: RuleDraft, plan: Awaited<ReturnType<typeof planMemberChanges>>, ruleRoles: Map<string, Role>): RuleDraftImpact {
  return {
    rules: { created: diff.created.length, updated: diff.updated.length, deleted: diff.deleted.length, reordered: diff.reordered },
    settings: {
      ...(org.defaultRole !== draft.defaultRole ? { defaultRole: { before: org.defaultRole, after: draft.defaultRole } } : {}),
      ...(org.requireMappedGroup !== draft.requireMappedGroup ? { requireMappedGroup: { before: org.requireMappedGroup, after: draft.requireMappedGroup } } : {}),
    },
    considered: plan.considered,
    counts: countChanges(plan.changes),
    members: plan.changes
      .filter((c) => c.visible)
      .map((c) => ({ userId: c.userId, email: c.email, name: c.name, before: c.before, after: c.after, decidedBy: describeDecision(c, ruleRoles), keptLastOwner: c.keptLastOwner })),
  };
}

/** The impact preview: what applying the draft would change, without changing anything. */
export async function previewRuleDraft(db: Executor, input: { orgId: string; draft: unknown; actorRole: Role }): Promise<RuleDraftImpact> {
  const draft = parseDraft(input.draft);
  const [org] = await db.select().from(organizations).where(eq(organizations.id, input.orgId));
  if (!org) throw new UserFacingError('Organization not found');
  const diff = diffRules(await listRoleRules(db, input.orgId), draft);
  refuseOwnerRuleChangesByNonOwner(diff, input.actorRole);
  const rules = draftRules(draft);
  const plan = await planMemberChanges(db, input.orgId, rules, draft, { lock: false });
  refuseOwnerImpactByNonOwner(plan.changes, input.actorRole);
  return impactOf(diff, org, draft, plan, new Map(rules.map((r) => [r.id, r.role])));
}

async function writeRules(tx: Transaction, orgId: string, current: RoleRuleRow[], draft: RuleDraft, diff: ReturnType<typeof diffRules>, org: { id: string; name: string }, by: AuditContext) {
  const snapshot = (rule: { idpGroup: string; role: Role }, position: number) => ({ group: rule.idpGroup, role: rule.role, position });
  if (diff.deleted.length) {
    await tx.execute(sql`delete from role_rules where org_id = ${orgId} and id = any(${pgArray(diff.deleted.map((r) => r.id), 'uuid')})`);
  }
  const kept = draft.rules.flatMap((rule, index) => (rule.id ? [{ ...rule, id: rule.id, position: index + 1 }] : []));
  if (kept.length) {
    // Out of the way first, so two rules can swap groups without tripping the unique index.
    await tx.execute(sql`update role_rules set idp_group = id::text, position = -position where org_id = ${orgId} and id = any(${pgArray(kept.map((r) => r.id), 'uuid')})`);
    await tx.execute(sql`
      update role_rules r set idp_group = v.idp_group, role = v.role, position = v.position::int
      from unnest(${pgArray(kept.map((r) => r.id), 'uuid')}, ${pgArray(kept.map((r) => r.idpGroup), 'text')}, ${pgArray(kept.map((r) => r.role), 'role')}, ${pgArray(kept.map((r) => String(r.position)), 'text')})
        as v(id, idp_group, role, position)
      where r.id = v.id and r.org_id = ${orgId}`);
  }
  const created = draft.rules.flatMap((rule, index) => (rule.id ? [] : [{ orgId, idpGroup: rule.idpGroup, role: rule.role, position: index + 1 }]));
  const inserted = created.length ? await tx.insert(roleRules).values(created).returning() : [];

  for (const rule of diff.deleted) {
    await recordAudit(tx, auditBy(by, { orgId, action: 'role_rule.deleted', target: { type: 'role_rule', id: rule.id, label: rule.idpGroup }, before: snapshot(rule, rule.position) }));
  }
  for (const { before, after } of diff.updated) {
    const position = draft.rules.indexOf(after) + 1;
    await recordAudit(tx, auditBy(by, { orgId, action: 'role_rule.updated', target: { type: 'role_rule', id: before.id, label: after.idpGroup }, before: snapshot(before, before.position), after: snapshot(after, position) }));
  }
  for (const rule of inserted) {
    await recordAudit(tx, auditBy(by, { orgId, action: 'role_rule.created', target: { type: 'role_rule', id: rule.id, label: rule.idpGroup }, after: snapshot(rule, rule.position) }));
  }
  if (diff.reordered) {
    await recordAudit(tx, auditBy(by, { orgId, action: 'role_rule.reordered', target: { type: 'org', id: org.id, label: org.name }, before: { order: current.map((r) => r.idpGroup) }, after: { order: draft.rules.map((r) => r.idpGroup) } }));
  }
}

async function writeSettings(tx: Transaction, org: typeof organizations.$inferSelect, draft: RuleDraft, by: AuditContext) {
  if (org.defaultRole === draft.defaultRole && org.requireMappedGroup === draft.requireMappedGroup) return;
  await tx.update(organizations).set({ defaultRole: draft.defaultRole, requireMappedGroup: draft.requireMappedGroup, updatedAt: new Date() }).where(eq(organizations.id, org.id));
  const target = { type: 'org', id: org.id, label: org.name };
  if (org.defaultRole !== draft.defaultRole) {
    await recordAudit(tx, auditBy(by, { orgId: org.id, action: 'org.default_role_changed', target, before: { defaultRole: org.defaultRole }, after: { defaultRole: draft.defaultRole } }));
  }
  if (org.requireMappedGroup !== draft.requireMappedGroup) {
    await recordAudit(tx, auditBy(by, { orgId: org.id, action: 'org.require_mapped_group_changed', target, before: { requireMappedGroup: org.requireMappedGroup }, after: { requireMappedGroup: draft.requireMappedGroup } }));
  }
}

/** Every member the rules apply to gets what the saved rules decide: one statement, audited per member, access cut at once. */
async function reevaluateMembers(tx: Transaction, orgId: string, settings: RoleSettings, by: AuditContext) {
  const rules = await listRoleRules(tx, orgId);
  const plan = await planMemberChanges(tx, orgId, rules, settings, { lock: true });
  const { changes } = plan;
  if (changes.length) {
    await tx.execute(sql`
      update memberships m set role = v.role, status = v.status, role_locked_by_idp = v.locked, role_rule_id = v.rule_id, updated_at = now()
      from unnest(
        ${pgArray(changes.map((c) => c.membershipId), 'uuid')},
        ${pgArray(changes.map((c) => c.after.role), 'role')},
        ${pgArray(changes.map((c) => c.after.status), 'membership_status')},
        ${pgArray(changes.map((c) => c.lockedByIdp), 'boolean')},
        ${pgArray(changes.map((c) => c.ruleId), 'uuid')}
      ) as v(id, role, status, locked, rule_id)
      where m.id = v.id and m.org_id = ${orgId}`);
  }
  for (const change of changes) {
    const target = { type: 'user', id: change.userId, label: change.email };
    const { decidedBy } = change;
    const why = decidedBy.kind === 'rule' ? { reason: 'group rule', ruleId: decidedBy.ruleId, group: decidedBy.group } : { reason: decidedBy.kind === 'default' ? 'default role' : 'no mapped group' };
    if (change.before.role !== change.after.role) {
      await recordAudit(tx, auditBy(by, { orgId, action: 'member.role_changed', target, before: { role: change.before.role }, after: { role: change.after.role }, metadata: { ...why, trigger: 'role rules changed', summary: `${ROLE_LABELS[change.before.role]} → ${ROLE_LABELS[change.after.role]}` } }));
    }
    if (change.before.status === 'active' && change.after.status === 'suspended') {
      const cut = await cutMemberAccess(tx, { orgId, userId: change.userId, reason: 'Role rules: in no group mapped to a role', by });
      await recordAudit(tx, auditBy(by, { orgId, action: 'user.deactivated', target, before: { status: 'active' }, after: { status: 'suspended' }, metadata: { via: 'role rules', reason: 'in no group mapped to a role', ...cut } }));
    } else if (change.before.status === 'suspended' && change.after.status === 'active') {
      await recordAudit(tx, auditBy(by, { orgId, action: 'user.reactivated', target, before: { status: 'suspended' }, after: { status: 'active' }, metadata: { via: 'role rules', apiKeys: 'stay disabled until re-enabled by a person' } }));
    }
  }
  return { plan, rules };
}

/**
 * Saves the draft and re-evaluates members, all in one transaction under the org's locks (org row,
 * then owner lock, as SCIM writes take them). The member changes are recomputed here from the saved
 * rules, never taken from the client's preview: a stale preview still applies the right thing.
 */
export async function applyRuleDraft(db: Executor, input: { orgId: string; draft: unknown; actorRole: Role }, by: AuditContext): Promise<RuleDraftImpact> {
  const draft = parseDraft(input.draft);
  return db.transaction(async (tx) => {
    const org = await lockOrg(tx, input.orgId);
    await lockOrgOwnership(tx, input.orgId);
    const current = await listRoleRules(tx, input.orgId);
    const diff = diffRules(current, draft);
    refuseOwnerRuleChangesByNonOwner(diff, input.actorRole);
    await writeRules(tx, input.orgId, current, draft, diff, org, by);
    await writeSettings(tx, org, draft, by);
    const { plan, rules } = await reevaluateMembers(tx, input.orgId, draft, by);
    // Throwing rolls back everything above: an admin's save never touches an owner.
    refuseOwnerImpactByNonOwner(plan.changes, input.actorRole);
    return impactOf(diff, org, draft, plan, new Map(rules.map((r) => [r.id, r.role])));
  });
}
