import { z } from 'zod';
import { getOrgOrThrow } from '@/lib/orgs/organizations';
import { addRoleRule, idpGroupSchema, listRoleRules, removeRoleRule, reorderRoleRules, ruleIdSchema } from '@/lib/roles/rules';
import { option } from '../args';
import type { Command } from '../context';
import { emit, table } from '../output';
import { orgOption, roleOption } from './shared';

const ruleIdOption = z.uuid({ message: 'give a rule id (see: rules list)' });
const ruleIdsOption = z
  .string()
  .transform((raw) => raw.split(',').map((part) => part.trim()).filter(Boolean))
  .pipe(
    z
      .array(z.string())
      .min(1, 'give the rule ids in their new order, comma-separated')
      .superRefine((ids, ctx) => {
        const bad = ids.find((id) => !ruleIdSchema.safeParse(id).success);
        if (bad !== undefined) ctx.addIssue({ code: 'custom', message: `"${bad.slice(0, 60)}" is not a rule id (see: rules list)` });
      }),
  );

const ruleColumns = ['position', 'id', 'idpGroup', 'role'];

export const rulesCommands: Record<string, Command> = {
  'rules list': {
    usage: 'rules list --org <slug>',
    options: { org: 'string' },
    prepare: (values) => {
      const slug = option(values, 'org', orgOption);
      return async ({ db, io, json }) => {
        const org = await getOrgOrThrow(db, slug);
        const rules = await listRoleRules(db, org.id);
        const fallback = org.requireMappedGroup ? 'are denied access (a mapped group is required)' : `get the default role ${org.defaultRole}`;
        emit(io, json, rules, [...table(rules, ruleColumns), '', `Highest matching role wins; users in no listed group ${fallback}.`]);
      };
    },
  },
  'rules add': {
    usage: 'rules add --org <slug> --group <IdP group name or id> --role owner|admin|member|viewer',
    options: { org: 'string', group: 'string', role: 'string' },
    prepare: (values) => {
      const slug = option(values, 'org', orgOption);
      const idpGroup = option(values, 'group', idpGroupSchema);
      const role = option(values, 'role', roleOption);
      return async ({ db, io, json, by }) => {
        const org = await getOrgOrThrow(db, slug);
        const rule = await addRoleRule(db, { orgId: org.id, idpGroup, role }, by);
        emit(io, json, rule, [
          `Added rule ${rule.position} for ${org.slug}: group ${rule.idpGroup} → ${rule.role} (id ${rule.id})`,
          'Existing members get the new role at their next SSO login.',
        ]);
      };
    },
  },
  'rules remove': {
    usage: 'rules remove --org <slug> --id <rule id>',
    options: { org: 'string', id: 'string' },
    prepare: (values) => {
      const slug = option(values, 'org', orgOption);
      const ruleId = option(values, 'id', ruleIdOption);
      return async ({ db, io, json, by }) => {
        const org = await getOrgOrThrow(db, slug);
        const rule = await removeRoleRule(db, { orgId: org.id, ruleId }, by);
        emit(io, json, { ...rule, removed: true }, `Removed rule for group ${rule.idpGroup} (${rule.role}) from ${org.slug}`);
      };
    },
  },
  'rules reorder': {
    usage: 'rules reorder --org <slug> --ids <rule id>,<rule id>,...   (every rule of the org, in the new order)',
    options: { org: 'string', ids: 'string' },
    prepare: (values) => {
      const slug = option(values, 'org', orgOption);
      const ruleIds = option(values, 'ids', ruleIdsOption);
      return async ({ db, io, json, by }) => {
        const org = await getOrgOrThrow(db, slug);
        const rules = await reorderRoleRules(db, { orgId: org.id, ruleIds }, by);
        emit(io, json, rules, table(rules, ruleColumns));
      };
    },
  },
};
