import { UserFacingError } from '@/lib/errors';
import { addMember, changeMemberRole, findMembership, listMembers } from '@/lib/orgs/members';
import { emailSchema } from '@/lib/users/normalize';
import type { Database } from '@/lib/db/client';
import { allowOnly, option, type ParsedArgs } from '../args';
import type { Command } from '../context';
import { emit, table } from '../output';
import { getUserOrThrow, orgFromArgs, roleOption } from './shared';

/** `--org --email --role`, shared by the commands that put one user in one role. */
async function memberTarget(db: Database, args: ParsedArgs) {
  allowOnly(args, ['org', 'email', 'role']);
  const email = option(args, 'email', emailSchema);
  const role = option(args, 'role', roleOption);
  const org = await orgFromArgs(db, args);
  return { role, org, user: await getUserOrThrow(db, email) };
}

export const memberCommands: Record<string, Command> = {
  'member add': {
    usage: 'member add --org <slug> --email <email> --role owner|admin|member|viewer',
    run: async ({ db, args, io, by }) => {
      const { role, org, user } = await memberTarget(db, args);
      const membership = await addMember(db, { orgId: org.id, userId: user.id, role, source: 'manual', label: user.email }, by);
      emit(io, args.json, membership, `${user.email} is now ${role} of ${org.slug}`);
    },
  },
  'member list': {
    usage: 'member list --org <slug>',
    run: async ({ db, args, io }) => {
      allowOnly(args, ['org']);
      const rows = await listMembers(db, (await orgFromArgs(db, args)).id);
      emit(io, args.json, rows, table(rows, ['email', 'name', 'role', 'source', 'status', 'roleLockedByIdp']));
    },
  },
  'member set-role': {
    usage: 'member set-role --org <slug> --email <email> --role owner|admin|member|viewer',
    run: async ({ db, args, io, by }) => {
      const { role, org, user } = await memberTarget(db, args);
      const membership = await findMembership(db, org.id, user.id);
      if (!membership) throw new UserFacingError(`${user.email} is not a member of ${org.slug}`);
      // The operator acts with owner authority; the last-owner and IdP-lock rules still apply.
      const updated = await changeMemberRole(db, { orgId: org.id, membershipId: membership.id, role, actorRole: 'owner' }, by);
      emit(io, args.json, updated, `${user.email} is now ${updated.role} of ${org.slug}`);
    },
  },
};
