import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '@/lib/db/client';
import { projectMembers, projects } from '@/lib/db/schema';
import { UserFacingError } from '@/lib/errors';
import { apiKeyNameSchema, createApiKey } from '@/lib/gateway/api-keys';
import { getOrgOrThrow } from '@/lib/orgs/organizations';
import { emailSchema } from '@/lib/users/normalize';
import { option } from '../args';
import type { Command } from '../context';
import { emit } from '../output';
import { getUserOrThrow, orgOption, requireActiveMember } from './shared';

/** `--project` is a project id or its exact name within the org. */
async function findProject(db: Executor, org: { id: string; slug: string }, ref: string) {
  const byId = z.uuid().safeParse(ref).success;
  const matches = await db
    .select({ id: projects.id, name: projects.name })
    .from(projects)
    .where(and(eq(projects.orgId, org.id), byId ? eq(projects.id, ref) : eq(projects.name, ref)));
  if (matches.length === 0) throw new UserFacingError(`No project "${ref}" in ${org.slug}`);
  if (matches.length > 1) throw new UserFacingError(`Several projects in ${org.slug} are named "${ref}"; pass its id`);
  return matches[0];
}

export const keyCommands: Record<string, Command> = {
  'key create': {
    usage: 'key create --org <slug> --project <id or name> --user <email> --name <key name>   (the key is shown once)',
    options: { org: 'string', project: 'string', user: 'string', name: 'string' },
    prepare: (values) => {
      const slug = option(values, 'org', orgOption);
      const projectRef = option(values, 'project', z.string().trim().min(1, 'give a project id or name').max(200, 'too long'));
      const email = option(values, 'user', emailSchema);
      const name = option(values, 'name', apiKeyNameSchema);
      return async ({ db, io, json, by }) => {
        const org = await getOrgOrThrow(db, slug);
        const user = await getUserOrThrow(db, email);
        await requireActiveMember(db, org, user);
        const project = await findProject(db, org, projectRef);
        const [inProject] = await db.select().from(projectMembers).where(and(eq(projectMembers.projectId, project.id), eq(projectMembers.userId, user.id)));
        if (!inProject) throw new UserFacingError(`${user.email} is not a member of project ${project.name}`);
        const { key, secret } = await createApiKey(db, { orgId: org.id, projectId: project.id, userId: user.id, name }, by);
        emit(io, json, { ...key, project: { id: project.id, name: project.name }, user: user.email, secret }, [
          `Created API key ${key.name} (${key.prefix}…) for ${user.email} in project ${project.name}`,
          `Key (shown once, store it now): ${secret}`,
        ]);
      };
    },
  },
};
