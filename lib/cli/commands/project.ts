import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { projects } from '@/lib/db/schema';
import { UserFacingError } from '@/lib/errors';
import { apiKeyNameSchema, createApiKey } from '@/lib/gateway/api-keys';
import { createProject, projectNameSchema } from '@/lib/gateway/projects';
import { emailSchema } from '@/lib/users/normalize';
import { allowOnly, option } from '../args';
import type { Command } from '../context';
import { emit } from '../output';
import { getUserOrThrow, orgFromArgs, requireActiveMember } from './shared';

export const projectCommands: Record<string, Command> = {
  'project create': {
    usage: 'project create --org <slug> --name <name> --owner <email>',
    run: async ({ db, args, io, by }) => {
      allowOnly(args, ['org', 'name', 'owner']);
      const name = option(args, 'name', projectNameSchema);
      const ownerEmail = option(args, 'owner', emailSchema);
      const org = await orgFromArgs(db, args);
      const owner = await getUserOrThrow(db, ownerEmail);
      await requireActiveMember(db, org.id, owner.id, owner.email);
      const project = await createProject(db, { orgId: org.id, name, createdBy: owner.id }, by);
      emit(io, args.json, project, `Created project ${project.name} (${project.id}) in ${org.slug}`);
    },
  },
  'key create': {
    usage: 'key create --org <slug> --project <id or name> --user <email> --name <key name>   (the key is shown once)',
    run: async ({ db, args, io, by }) => {
      allowOnly(args, ['org', 'project', 'user', 'name']);
      const projectRef = option(args, 'project', z.string().trim().min(1));
      const email = option(args, 'user', emailSchema);
      const name = option(args, 'name', apiKeyNameSchema);
      const org = await orgFromArgs(db, args);
      const user = await getUserOrThrow(db, email);
      await requireActiveMember(db, org.id, user.id, user.email);
      const byId = z.uuid().safeParse(projectRef).success;
      const matches = await db.select().from(projects).where(and(eq(projects.orgId, org.id), byId ? eq(projects.id, projectRef) : eq(projects.name, projectRef)));
      if (matches.length === 0) throw new UserFacingError(`No project "${projectRef}" in ${org.slug}`);
      if (matches.length > 1) throw new UserFacingError(`Several projects are named "${projectRef}"; pass its id`);
      const { key, secret } = await createApiKey(db, { orgId: org.id, projectId: matches[0].id, userId: user.id, name }, by);
      emit(io, args.json, { ...key, secret }, [`Created API key ${key.name} for ${user.email} in ${matches[0].name}`, `Key (shown once): ${secret}`]);
    },
  },
};
