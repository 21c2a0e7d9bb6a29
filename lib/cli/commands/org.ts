import { count, eq } from 'drizzle-orm';
import { z } from 'zod';
import { memberships, organizations } from '@/lib/db/schema';
import { createOrganization, getOrgOrThrow, orgNameSchema, planSchema, setOrgPlan, slugSchema } from '@/lib/orgs/organizations';
import { emailSchema } from '@/lib/users/normalize';
import { allowOnly, option } from '../args';
import type { Command } from '../context';
import { emit, table } from '../output';
import { getUserOrThrow } from './shared';

export const orgCommands: Record<string, Command> = {
  'org create': {
    usage: 'org create --name <name> [--slug <slug>] [--plan free|team|enterprise] [--owner <email>]',
    run: async ({ db, args, io, by }) => {
      allowOnly(args, ['name', 'slug', 'plan', 'owner']);
      const name = option(args, 'name', orgNameSchema);
      const slug = option(args, 'slug', slugSchema.optional());
      const plan = option(args, 'plan', planSchema.optional());
      const ownerEmail = option(args, 'owner', emailSchema.optional());
      const owner = ownerEmail ? await getUserOrThrow(db, ownerEmail) : undefined;
      const org = await createOrganization(db, { name, slug, plan, ownerUserId: owner?.id }, by);
      emit(io, args.json, org, `Created organization ${org.name} (slug ${org.slug}, plan ${org.plan})${owner ? ` owned by ${owner.email}` : ''}`);
    },
  },
  'org set-plan': {
    usage: 'org set-plan --org <slug> --plan free|team|enterprise',
    run: async ({ db, args, io, by }) => {
      allowOnly(args, ['org', 'plan']);
      const slug = option(args, 'org', z.string().min(1));
      const plan = option(args, 'plan', planSchema);
      const org = await setOrgPlan(db, (await getOrgOrThrow(db, slug)).id, plan, by);
      emit(io, args.json, org, `${org.name} is now on the ${org.plan} plan`);
    },
  },
  'org list': {
    usage: 'org list',
    run: async ({ db, args, io }) => {
      allowOnly(args, []);
      const rows = await db
        .select({ name: organizations.name, slug: organizations.slug, plan: organizations.plan, ssoOnly: organizations.ssoOnly, members: count(memberships.id) })
        .from(organizations)
        .leftJoin(memberships, eq(memberships.orgId, organizations.id))
        .groupBy(organizations.id)
        .orderBy(organizations.slug);
      emit(io, args.json, rows, table(rows, ['slug', 'name', 'plan', 'ssoOnly', 'members']));
    },
  },
};
