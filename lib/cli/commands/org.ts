import { and, count, eq } from 'drizzle-orm';
import { memberships, organizations } from '@/lib/db/schema';
import { createOrganization, getOrgOrThrow, orgNameSchema, planSchema, setOrgPlan, slugSchema } from '@/lib/orgs/organizations';
import { emailSchema } from '@/lib/users/normalize';
import { option } from '../args';
import type { Command } from '../context';
import { emit, table } from '../output';
import { getUserOrThrow, orgOption } from './shared';

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
};
