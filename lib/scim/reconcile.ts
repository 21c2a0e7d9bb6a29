import { sql } from 'drizzle-orm';
import type { Transaction } from '@/lib/db/client';
import type { Role } from '@/lib/db/schema';
import { pgArray } from '@/lib/db/sql-arrays';
import { cutMemberAccess } from '@/lib/orgs/member-access';
import { countActiveOwners } from '@/lib/orgs/members';
import { decideMemberRole } from '@/lib/roles/decide-member-role';
import { loadMemberGroups } from '@/lib/roles/member-groups';
import { ROLE_LABELS } from '@/lib/roles/permissions';
import { listRoleRules } from '@/lib/roles/rules';
import type { ScimWrite } from './write';

type MemberState = {
  id: string;
  user_id: string;
  email: string;
  role: Role;
  status: 'active' | 'suspended';
  role_locked_by_idp: boolean;
  role_rule_id: string | null;
  scim_active: boolean | null;
};

async function loadMembers(tx: Transaction, orgId: string, userIds: string[]): Promise<MemberState[]> {
  const result = await tx.execute<MemberState>(sql`
    select m.id, m.user_id, u.email, m.role, m.status, m.role_locked_by_idp, m.role_rule_id, su.active as scim_active
    from memberships m
    join users u on u.id = m.user_id
    left join scim_users su on su.org_id = m.org_id and su.user_id = m.user_id
    where m.org_id = ${orgId} and m.user_id = any(${pgArray(userIds, 'uuid')})
    order by m.id
    for update of m`);
  return result.rows;
}

/**
 * Re-decides role and access of the given members after a directory change, with the same rule
 * engine as SSO login (SPEC §2): roles from group rules (highest wins), status from the SCIM
 * `active` flag and the org's "require a mapped group" setting. One statement updates them all;
 * members who lose access are cut off before the request returns (SPEC §5).
 * Runs inside runScimWrite, which holds the org's locks and writes the queued audit events.
 */
export async function reconcileMemberships({ tx, org, by, audit }: ScimWrite, input: { orgId: string; userIds: string[]; reason: string }) {
  const userIds = [...new Set(input.userIds)];
  if (userIds.length === 0) return;
  const rules = await listRoleRules(tx, input.orgId);
  const members = await loadMembers(tx, input.orgId, userIds);
  // All the org's teams count, the SSO-synced ones standing for the groups of the last SSO login.
  const groups = await loadMemberGroups(tx, input.orgId, members.map((m) => m.user_id));
  let activeOwners = await countActiveOwners(tx, input.orgId);

  const changed: { member: MemberState; role: Role; status: MemberState['status']; locked: boolean; ruleId: string | null }[] = [];

  for (const member of members) {
    // Rules never demote the last active owner (counted as this loop changes owners); an owner changes that by hand.
    const decision = decideMemberRole({
      rules,
      settings: org,
      groups: groups.get(member.user_id) ?? [],
      member: { role: member.role, status: member.status, lockedByIdp: member.role_locked_by_idp },
      activeOwners,
    });
    const { decidedBy } = decision;
    const role: Role = decision.role ?? member.role;
    const status = member.scim_active === null ? member.status : member.scim_active && decision.access === 'granted' ? 'active' : 'suspended';
    const locked = decision.lockedByIdp;
    const ruleId = decidedBy.kind === 'rule' ? decidedBy.ruleId : null;
    if (role === member.role && status === member.status && locked === member.role_locked_by_idp && ruleId === member.role_rule_id) continue;
    if (member.role === 'owner' && member.status === 'active' && (role !== 'owner' || status !== 'active')) activeOwners--;
    changed.push({ member, role, status, locked, ruleId });
    const target = { type: 'user', id: member.user_id, label: member.email };
    if (role !== member.role) {
      const why = decidedBy.kind === 'rule' ? { reason: 'group rule', ruleId: decidedBy.ruleId, group: decidedBy.group } : { reason: 'default role' };
      audit({ action: 'member.role_changed', target, before: { role: member.role }, after: { role }, metadata: { ...why, trigger: input.reason, summary: `${ROLE_LABELS[member.role]} → ${ROLE_LABELS[role]}` } });
    }
    if (status !== member.status) {
      const why = member.scim_active ? 'in no group mapped to a role' : 'deactivated in the directory';
      if (status === 'suspended') {
        const cut = await cutMemberAccess(tx, { orgId: input.orgId, userId: member.user_id, reason: `SCIM: ${why}`, by });
        audit({ action: 'user.deactivated', target, before: { status: member.status }, after: { status }, metadata: { via: 'scim', reason: why, trigger: input.reason, ...cut } });
      } else {
        audit({ action: 'user.reactivated', target, before: { status: member.status }, after: { status }, metadata: { via: 'scim', trigger: input.reason, apiKeys: 'stay disabled until re-enabled by a person' } });
      }
    }
  }
  if (changed.length === 0) return;
  await tx.execute(sql`
    update memberships m set role = v.role, status = v.status, role_locked_by_idp = v.locked, role_rule_id = v.rule_id, updated_at = now()
    from unnest(
      ${pgArray(changed.map((c) => c.member.id), 'uuid')},
      ${pgArray(changed.map((c) => c.role), 'role')},
      ${pgArray(changed.map((c) => c.status), 'membership_status')},
      ${pgArray(changed.map((c) => c.locked), 'boolean')},
      ${pgArray(changed.map((c) => c.ruleId), 'uuid')}
    ) as v(id, role, status, locked, rule_id)
    where m.id = v.id`);
}
