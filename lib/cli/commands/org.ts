import { and, count, eq } from 'drizzle-orm';
import { memberships, organizations } from '@/lib/db/schema';
import { createOrganization, getOrgOrThrow, orgNameSchema, planSchema, setOrgPlan, slugSchema } from '@/lib/orgs/organizations';
import { setDefaultRole, setRequireMappedGroup } from '@/lib/roles/rules';
import { emailSchema } from '@/lib/users/normalize';
import { flag, option, UsageError } from '../args';
import type { Command } from '../context';
import { emit, table } from '../output';
import { getUserOrThrow, orgOption, roleOption } from './shared';

export const orgCommands: Record<string, Command> = {
  'org create': {
    usage: 'org create --name <name> [--slug <slug>] [--plan free|team|enterprise] [--owner <email>]',
    options: { name: 'string', slug: 'string', plan: 'string', owner: 'string' },
    prepare: (values) => {
      const name = option(values, 'name', orgNameSchema);
      const slug = option(values, 'slug', slugSchema.optional());
      const plan = option(values, 'plan', planSchema.optional());
      const ownerEmail = option(values, 'owner', emailSchema.optional());
      return async ({ db, io, json, by }) => {
        const owner = ownerEmail ? await getUserOrThrow(db, ownerEmail) : undefined;
        const org = await createOrganization(db, { name, slug, plan, ownerUserId: owner?.id }, by);
        emit(io, json, { ...org, owner: owner?.email ?? null }, `Created organization ${org.name} (slug ${org.slug}, plan ${org.plan})${owner ? ` owned by ${owner.email}` : ''}`);
      };
    },
  },
  'org set-plan': {
    usage: 'org set-plan --org <slug> --plan free|team|enterprise',
    options: { org: 'string', plan: 'string' },
    prepare: (values) => {
      const slug = option(values, 'org', orgOption);
      const plan = option(values, 'plan', planSchema);
      return async ({ db, io, json, by }) => {
        const org = await setOrgPlan(db, (await getOrgOrThrow(db, slug)).id, plan, by);
        emit(io, json, org, `${org.name} (${org.slug}) is now on the ${org.plan} plan`);
      };
    },
  },
  'org list': {
    usage: 'org list',
    options: {},
    prepare: () => async ({ db, io, json }) => {
      const rows = await db
        .select({ id: organizations.id, name: organizations.name, slug: organizations.slug, plan: organizations.plan, ssoOnly: organizations.ssoOnly, members: count(memberships.id) })
        .from(organizations)
        // Active members: suspended (off-boarded) memberships are not counted.
        .leftJoin(memberships, and(eq(memberships.orgId, organizations.id), eq(memberships.status, 'active')))
        .groupBy(organizations.id)
        .orderBy(organizations.slug);
      emit(io, json, rows, table(rows, ['slug', 'name', 'plan', 'ssoOnly', 'members']));
    },
  },
  'org set-default-role': {
    usage: 'org set-default-role --org <slug> --role admin|member|viewer   (the role of SSO users who match no rule)',
    options: { org: 'string', role: 'string' },
    prepare: (values) => {
      const slug = option(values, 'org', orgOption);
      const role = option(values, 'role', roleOption);
      return async ({ db, io, json, by }) => {
        const org = await setDefaultRole(db, { orgId: (await getOrgOrThrow(db, slug)).id, role }, by);
        emit(io, json, { slug: org.slug, defaultRole: org.defaultRole }, [
          `The default role of ${org.slug} is ${org.defaultRole}`,
          'Existing members keep their role until their next SSO login.',
        ]);
      };
    },
  },
  'org require-mapped-group': {
    usage: 'org require-mapped-group --org <slug> --on|--off   (on: SSO users who match no rule are denied access)',
    options: { org: 'string', on: 'boolean', off: 'boolean' },
    prepare: (values) => {
      const slug = option(values, 'org', orgOption);
      if (flag(values, 'on') === flag(values, 'off')) throw new UsageError('give either --on or --off');
      const required = flag(values, 'on');
      return async ({ db, io, json, by }) => {
        const org = await setRequireMappedGroup(db, { orgId: (await getOrgOrThrow(db, slug)).id, required }, by);
        emit(
          io,
          json,
          { slug: org.slug, requireMappedGroup: org.requireMappedGroup },
          org.requireMappedGroup
            ? `${org.slug} now requires a mapped group: SSO users who match no rule are denied access`
            : `${org.slug} no longer requires a mapped group: SSO users who match no rule get the default role ${org.defaultRole}`,
        );
      };
    },
  },
};
