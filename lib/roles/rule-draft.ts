import { z } from 'zod';
import type { Role } from '@/lib/db/schema';
import { decideMemberRole, type MemberRoleDecision } from './decide-member-role';
import type { RoleRule } from './evaluate-role';
import { ROLES } from './permissions';

// Plain module (no database): the rules page's client code validates and simulates with it.

/** An IdP group name or id (Entra sends object-id GUIDs); compared case-insensitively. */
export const idpGroupSchema = z.string().trim().min(1, 'Enter the IdP group name or id').max(256, 'IdP group must be at most 256 characters');

export const ruleRoleSchema = z.enum(ROLES, { message: `Role must be one of ${ROLES.join(', ')}` });

/** Owner cannot be handed out to everyone who matches no rule. */
export const DEFAULT_ROLES = ['admin', 'member', 'viewer'] as const satisfies readonly Role[];

export const roleRuleInputSchema = z.object({ idpGroup: idpGroupSchema, role: ruleRoleSchema });

export const MAX_RULES = 200;

/**
 * The whole rules page as one draft: the ordered rules (an id for a rule that exists, none for a
 * new one), the default role and "require a mapped group". Previewed, then applied at once.
 */
export const ruleDraftSchema = z
  .object({
    rules: z.array(roleRuleInputSchema.extend({ id: z.uuid({ message: 'Unknown rule; reload the page' }).optional() })).max(MAX_RULES, `At most ${MAX_RULES} rules`),
    defaultRole: z.enum(DEFAULT_ROLES, { message: 'The default role must be Admin, Member or Viewer (never Owner)' }),
    requireMappedGroup: z.boolean({ message: 'Choose whether a mapped group is required' }),
  })
  .superRefine((draft, ctx) => {
    const seenGroups = new Map<string, number>();
    const seenIds = new Set<string>();
    draft.rules.forEach((rule, index) => {
      const key = rule.idpGroup.toLowerCase();
      if (seenGroups.has(key)) {
        ctx.addIssue({ code: 'custom', path: ['rules', index, 'idpGroup'], message: duplicateGroupMessage(rule.idpGroup) });
      }
      seenGroups.set(key, index);
      if (rule.id && seenIds.has(rule.id)) ctx.addIssue({ code: 'custom', path: ['rules', index, 'id'], message: 'A rule is listed twice; reload the page' });
      if (rule.id) seenIds.add(rule.id);
    });
  });

export type RuleDraft = z.output<typeof ruleDraftSchema>;
export type RuleDraftInput = z.input<typeof ruleDraftSchema>;

export function duplicateGroupMessage(group: string) {
  return `A rule for group ${group.trim()} already exists (groups compare without case)`;
}

/** The draft's rules as the decision sees them; a new rule gets a stand-in id until it is saved. */
export function draftRules(draft: Pick<RuleDraft, 'rules'>): RoleRule[] {
  return draft.rules.map((rule, index) => ({ id: rule.id ?? `new-${index + 1}`, idpGroup: rule.idpGroup.trim(), role: rule.role, position: index + 1 }));
}

/** The simulator: what a person in `groups` would get at their first SSO login under the draft. */
export function simulateRole(draft: Pick<RuleDraft, 'rules' | 'defaultRole' | 'requireMappedGroup'>, groups: string[]): MemberRoleDecision {
  const cleaned = groups.map((g) => g.trim()).filter(Boolean);
  return decideMemberRole({ rules: draftRules(draft), settings: draft, groups: cleaned });
}
