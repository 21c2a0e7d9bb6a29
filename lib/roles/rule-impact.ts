import { sql } from 'drizzle-orm';
import type { Executor } from '@/lib/db/client';
import type { Role } from '@/lib/db/schema';
import { countActiveOwners } from '@/lib/orgs/members';
import { decideMemberRole, type MemberRoleDecision, type RoleSettings } from './decide-member-role';
import type { RoleRule } from './evaluate-role';
import { loadMemberGroups } from './member-groups';

type Status = 'active' | 'suspended';

type RuleManagedMember = {
  id: string;
  user_id: string;
  email: string;
  name: string | null;
  role: Role;
  status: Status;
  role_locked_by_idp: boolean;
  role_rule_id: string | null;
  scim_active: boolean | null;
};

export type MemberChange = {
  membershipId: string;
  userId: string;
  email: string;
  name: string | null;
  before: { role: Role; status: Status };
  after: { role: Role; status: Status };
  lockedByIdp: boolean;
  ruleId: string | null;
  decidedBy: MemberRoleDecision['decidedBy'];
  /** The last active owner keeps role and access whatever the rules say. */
  keptLastOwner: boolean;
  /** Only the lock or the deciding rule changes: written, but not listed as a change. */
  visible: boolean;
};

/**
 * Which members the rules apply to: those whose role the IdP decides (they joined by SSO or
 * SCIM, or a rule set their role) and anyone with known IdP groups (teams from SSO logins or
 * SCIM). Members added by hand or by invite without groups keep their role and access.
 */
async function loadRuleManagedMembers(db: Executor, orgId: string, options: { lock: boolean }): Promise<RuleManagedMember[]> {
  const result = await db.execute<RuleManagedMember>(sql`
    select m.id, m.user_id, u.email, u.name, m.role, m.status, m.role_locked_by_idp, m.role_rule_id, su.active as scim_active
    from memberships m
    join users u on u.id = m.user_id
    left join scim_users su on su.org_id = m.org_id and su.user_id = m.user_id
    where m.org_id = ${orgId}
      and (m.source in ('sso', 'scim') or m.role_locked_by_idp
        or exists (select 1 from team_members tm join teams t on t.id = tm.team_id where tm.user_id = m.user_id and t.org_id = m.org_id))
    order by u.email, m.id
    ${options.lock ? sql`for update of m` : sql``}`);
  return result.rows;
}

/**
 * What the given rules and settings do to every member they apply to, with the one role
 * decision (decide-member-role.ts). The impact preview lists it; applying recomputes it under
 * the org's locks and writes exactly this, so the two agree by construction.
 *
 * Access: a member the rules deny (no mapped group) is suspended; a SCIM member is active exactly
 * when the directory says active and the rules grant access, as in SCIM reconciliation. Rules never
 * give access back to a member suspended otherwise. The last active owner is never demoted or
 * suspended by rules.
 */
export async function planMemberChanges(db: Executor, orgId: string, rules: RoleRule[], settings: RoleSettings, options: { lock: boolean }) {
  const members = await loadRuleManagedMembers(db, orgId, options);
  const groups = await loadMemberGroups(db, orgId, members.map((m) => m.user_id));
  let activeOwners = await countActiveOwners(db, orgId);
  const changes: MemberChange[] = [];
  for (const member of members) {
    const decision = decideMemberRole({
      rules,
      settings,
      groups: groups.get(member.user_id) ?? [],
      member: { role: member.role, status: member.status, lockedByIdp: member.role_locked_by_idp },
      activeOwners,
    });
    const role = decision.role ?? member.role;
    const granted = decision.access === 'granted';
    let status: Status = member.scim_active === null ? (granted ? member.status : 'suspended') : member.scim_active && granted ? 'active' : 'suspended';
    const keepsOwnerAccess = member.role === 'owner' && member.status === 'active' && status === 'suspended' && activeOwners <= 1;
    if (keepsOwnerAccess) status = 'active';
    const ruleId = decision.decidedBy.kind === 'rule' ? decision.decidedBy.ruleId : null;
    if (role === member.role && status === member.status && decision.lockedByIdp === member.role_locked_by_idp && ruleId === member.role_rule_id) continue;
    if (member.role === 'owner' && member.status === 'active' && (role !== 'owner' || status !== 'active')) activeOwners--;
    changes.push({
      membershipId: member.id,
      userId: member.user_id,
      email: member.email,
      name: member.name,
      before: { role: member.role, status: member.status },
      after: { role, status },
      lockedByIdp: decision.lockedByIdp,
      ruleId,
      decidedBy: decision.decidedBy,
      keptLastOwner: decision.keptLastOwner || keepsOwnerAccess,
      visible: role !== member.role || status !== member.status,
    });
  }
  return { considered: members.length, changes };
}

export function countChanges(changes: MemberChange[]) {
  const visible = changes.filter((c) => c.visible);
  return {
    members: visible.length,
    roleChanges: visible.filter((c) => c.before.role !== c.after.role).length,
    losingAccess: visible.filter((c) => c.before.status === 'active' && c.after.status === 'suspended').length,
    regainingAccess: visible.filter((c) => c.before.status === 'suspended' && c.after.status === 'active').length,
  };
}
