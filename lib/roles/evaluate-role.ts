import type { Role } from '@/lib/db/schema';
import { roleRank } from './permissions';

export type RoleRule = { id: string; idpGroup: string; role: Role; position: number };

export type RoleDecision =
  | { decided: 'rule'; role: Role; ruleId: string; group: string }
  | { decided: 'default'; role: Role }
  | { decided: 'deny' };

/**
 * SPEC §2: the highest role among rules whose group the user is in; ties go to the rule
 * listed first. No match: the org's default role, or denial when a mapped group is required.
 * Group names compare case-insensitively (IdPs differ in casing; Entra sends GUIDs).
 */
export function evaluateRole(rules: RoleRule[], groups: string[], org: { defaultRole: Role; requireMappedGroup: boolean }): RoleDecision {
  const memberOf = new Set(groups.map((g) => g.toLowerCase()));
  let best: RoleRule | undefined;
  for (const rule of [...rules].sort((a, b) => a.position - b.position)) {
    if (!memberOf.has(rule.idpGroup.toLowerCase())) continue;
    if (!best || roleRank(rule.role) > roleRank(best.role)) best = rule;
  }
  if (best) return { decided: 'rule', role: best.role, ruleId: best.id, group: best.idpGroup };
  return org.requireMappedGroup ? { decided: 'deny' } : { decided: 'default', role: org.defaultRole };
}
