import type { Role } from '@/lib/db/schema';
import { evaluateRole, type RoleRule } from './evaluate-role';

export type RoleSettings = { defaultRole: Role; requireMappedGroup: boolean };

/** What the org knows of a member before the decision (absent: someone joining by this login). */
export type CurrentMembership = { role: Role; status: 'active' | 'suspended'; lockedByIdp: boolean };

export type MemberRoleDecision = {
  /** Denied: the org requires a mapped group and none matched (SSO refuses the login, SCIM suspends). */
  access: 'granted' | 'denied';
  /** The role afterwards; a denied member keeps the one they had (none when joining). */
  role: Role | null;
  /** A rule decided the role, so people cannot change it by hand (SPEC §2). */
  lockedByIdp: boolean;
  /** Why the role is what it is. */
  decidedBy: { kind: 'rule'; ruleId: string; group: string } | { kind: 'default' } | { kind: 'kept' } | { kind: 'no-mapped-group' };
  /** A rule or the default would have demoted the org's last active owner; they stay Owner. */
  keptLastOwner: boolean;
};

/**
 * The one decision of a member's role from their IdP groups, used by SSO login, SCIM
 * reconciliation, the rules simulator and the impact preview (so they cannot disagree):
 * a matching rule decides (highest role wins, ties by position); without one, a role a rule had
 * decided (locked by the IdP) falls back to the default role and any other role is kept; with
 * "require a mapped group" a member in no mapped group is denied. The last active owner is never
 * demoted. `activeOwners` counts active owners including this member.
 */
export function decideMemberRole(input: { rules: RoleRule[]; settings: RoleSettings; groups: string[]; member?: CurrentMembership; activeOwners?: number }): MemberRoleDecision {
  const { member } = input;
  const evaluation = evaluateRole(input.rules, input.groups, input.settings);
  if (evaluation.decided === 'deny') {
    return { access: 'denied', role: member?.role ?? null, lockedByIdp: false, decidedBy: { kind: 'no-mapped-group' }, keptLastOwner: false };
  }
  const byRule = evaluation.decided === 'rule';
  const decidedBy = byRule ? ({ kind: 'rule', ruleId: evaluation.ruleId, group: evaluation.group } as const) : ({ kind: 'default' } as const);
  if (!member) return { access: 'granted', role: evaluation.role, lockedByIdp: byRule, decidedBy, keptLastOwner: false };
  if (!byRule && !member.lockedByIdp) return { access: 'granted', role: member.role, lockedByIdp: false, decidedBy: { kind: 'kept' }, keptLastOwner: false };
  const demotesLastOwner = member.role === 'owner' && evaluation.role !== 'owner' && member.status === 'active' && (input.activeOwners ?? 0) <= 1;
  return { access: 'granted', role: demotesLastOwner ? 'owner' : evaluation.role, lockedByIdp: byRule, decidedBy, keptLastOwner: demotesLastOwner };
}
