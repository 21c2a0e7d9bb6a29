import { createProject, projectNameSchema } from '@/lib/gateway/projects';
import { getOrgOrThrow } from '@/lib/orgs/organizations';
import { emailSchema } from '@/lib/users/normalize';
import { option } from '../args';
import type { Command } from '../context';
import { emit } from '../output';
import { getUserOrThrow, orgOption, requireActiveMember } from './shared';

export const projectCommands: Record<string, Command> = {
  'project create': {
    usage: 'project create --org <slug> --name <name> --owner <email>   (the owner must be an active member)',
    options: { org: 'string', name: 'string', owner: 'string' },
    prepare: (values) => {
      const slug = option(values, 'org', orgOption);
      const name = option(values, 'name', projectNameSchema);
      const ownerEmail = option(values, 'owner', emailSchema);
      return async ({ db, io, json, by }) => {
        const org = await getOrgOrThrow(db, slug);
        const owner = await getUserOrThrow(db, ownerEmail);
        await requireActiveMember(db, org, owner);
        const project = await createProject(db, { orgId: org.id, name, createdBy: owner.id }, by);
        emit(io, json, project, `Created project ${project.name} (${project.id}) in ${org.slug}, owned by ${owner.email}`);
      };
    },
  },
};
