import { UserFacingError } from '@/lib/errors';
import { addMember, changeMemberRole, findMembership, listMembers } from '@/lib/orgs/members';
import { getOrgOrThrow } from '@/lib/orgs/organizations';
import { emailSchema } from '@/lib/users/normalize';
import { option, type OptionSpec, type OptionValues } from '../args';
import type { Command } from '../context';
import { emit, table } from '../output';
import { getUserOrThrow, orgOption, roleOption } from './shared';

const ROLE_USAGE = 'owner|admin|member|viewer';
const targetOptions: OptionSpec = { org: 'string', email: 'string', role: 'string' };

/** `--org --email --role`, shared by the commands that put one user in one role. */
function readTarget(values: OptionValues) {
  return { slug: option(values, 'org', orgOption), email: option(values, 'email', emailSchema), role: option(values, 'role', roleOption) };
}

export const memberCommands: Record<string, Command> = {
  'member add': {
    usage: `member add --org <slug> --email <email> --role ${ROLE_USAGE}`,
    options: targetOptions,
    prepare: (values) => {
      const { slug, email, role } = readTarget(values);
      return async ({ db, io, json, by }) => {
        const org = await getOrgOrThrow(db, slug);
        const user = await getUserOrThrow(db, email);
        const membership = await addMember(db, { orgId: org.id, userId: user.id, role, source: 'manual', label: user.email }, by);
        emit(io, json, { ...membership, email: user.email }, `${user.email} is now ${role} of ${org.slug}`);
      };
    },
  },
  'member list': {
    usage: 'member list --org <slug>',
    options: { org: 'string' },
    prepare: (values) => {
      const slug = option(values, 'org', orgOption);
      return async ({ db, io, json }) => {
        const rows = await listMembers(db, (await getOrgOrThrow(db, slug)).id);
        emit(io, json, rows, table(rows, ['email', 'name', 'role', 'source', 'status', 'roleLockedByIdp']));
      };
    },
  },
  'member set-role': {
    usage: `member set-role --org <slug> --email <email> --role ${ROLE_USAGE}`,
    options: targetOptions,
    prepare: (values) => {
      const { slug, email, role } = readTarget(values);
      return async ({ db, io, json, by }) => {
        const org = await getOrgOrThrow(db, slug);
        const user = await getUserOrThrow(db, email);
        const membership = await findMembership(db, org.id, user.id);
        if (!membership) throw new UserFacingError(`${user.email} is not a member of ${org.slug}`);
        // The operator acts with owner authority; the last-owner and IdP-lock rules still apply.
        const updated = await changeMemberRole(db, { orgId: org.id, membershipId: membership.id, role, actorRole: 'owner' }, by);
        emit(io, json, { ...updated, email: user.email }, `${user.email} is now ${updated.role} of ${org.slug}`);
      };
    },
  },
};
