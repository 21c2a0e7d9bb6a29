'use server';

import { z } from 'zod';
import type { AuditContext } from '@/lib/audit/record';
import { sendInviteEmail } from '@/lib/auth/account-emails';
import { guardedAction } from '@/lib/auth/server-action';
import type { Executor } from '@/lib/db/client';
import { enableMemberApiKeys, removeMember, restoreMember, revokeMemberSessions, suspendMember, type MemberActor } from './member-access';
import { renewInvite, revokeInvite } from './pending-invites';

// The Members page's actions (SPEC §6: owners and admins, 'members:manage'; owners only act on owners).
// Role changes and new invites are in ./actions.ts.

const memberInput = z.object({ membershipId: z.uuid({ message: 'Choose a member' }) });
const inviteInput = z.object({ inviteId: z.uuid({ message: 'Choose an invite' }) });

type MemberAct<T> = (db: Executor, input: { orgId: string; membershipId: string }, actor: MemberActor, by: AuditContext) => Promise<T>;

/** One of ./member-access.ts's acts on the member the page names, by the signed-in owner or admin. */
function memberAction<T>(act: MemberAct<T>) {
  return guardedAction({
    permission: 'members:manage',
    input: memberInput,
    handler: (ctx, input) => act(ctx.db, { orgId: ctx.org.id, membershipId: input.membershipId }, { role: ctx.org.role, userId: ctx.user.id }, ctx.audit),
  });
}

export const suspendMemberAction = memberAction(suspendMember);
export const restoreMemberAction = memberAction(async (...args) => (await restoreMember(...args), true));
export const removeMemberAction = memberAction(removeMember);
export const revokeMemberSessionsAction = memberAction(revokeMemberSessions);
/** SPEC §6: owners and admins re-enable any member's disabled API keys (here: all of one member's at once). */
export const enableMemberApiKeysAction = memberAction(enableMemberApiKeys);

/** A new link by email; the old one stops working. */
export const resendInviteAction = guardedAction({
  permission: 'members:manage',
  input: inviteInput,
  handler: async (ctx, input) => {
    const { email, token } = await renewInvite(ctx.db, { orgId: ctx.org.id, inviteId: input.inviteId, actorRole: ctx.org.role }, ctx.audit);
    await sendInviteEmail({ email, orgName: ctx.org.name, inviterEmail: ctx.user.email, token });
    return { email };
  },
});

export const revokeInviteAction = guardedAction({
  permission: 'members:manage',
  input: inviteInput,
  handler: (ctx, input) => revokeInvite(ctx.db, { orgId: ctx.org.id, inviteId: input.inviteId, actorRole: ctx.org.role }, ctx.audit),
});
