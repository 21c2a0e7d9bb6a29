'use server';

import { z } from 'zod';
import { sendInviteEmail } from '@/lib/auth/account-emails';
import { guardedAction } from '@/lib/auth/server-action';
import { enableMemberApiKeys, removeMember, restoreMember, revokeMemberSessions, suspendMember } from './member-access';
import { renewInvite, revokeInvite } from './pending-invites';

// The Members page's actions (SPEC §6: owners and admins, 'members:manage'; owners only act on owners).
// Role changes and new invites are in ./actions.ts.

const memberInput = z.object({ membershipId: z.uuid({ message: 'Choose a member' }) });
const inviteInput = z.object({ inviteId: z.uuid({ message: 'Choose an invite' }) });

export const suspendMemberAction = guardedAction({
  permission: 'members:manage',
  input: memberInput,
  handler: (ctx, input) => suspendMember(ctx.db, { orgId: ctx.org.id, membershipId: input.membershipId }, { role: ctx.org.role, userId: ctx.user.id }, ctx.audit),
});

export const restoreMemberAction = guardedAction({
  permission: 'members:manage',
  input: memberInput,
  handler: async (ctx, input) => (await restoreMember(ctx.db, { orgId: ctx.org.id, membershipId: input.membershipId }, { role: ctx.org.role, userId: ctx.user.id }, ctx.audit), true),
});

export const removeMemberAction = guardedAction({
  permission: 'members:manage',
  input: memberInput,
  handler: (ctx, input) => removeMember(ctx.db, { orgId: ctx.org.id, membershipId: input.membershipId }, { role: ctx.org.role, userId: ctx.user.id }, ctx.audit),
});

export const revokeMemberSessionsAction = guardedAction({
  permission: 'members:manage',
  input: memberInput,
  handler: (ctx, input) => revokeMemberSessions(ctx.db, { orgId: ctx.org.id, membershipId: input.membershipId }, { role: ctx.org.role, userId: ctx.user.id }, ctx.audit),
});

/** SPEC §6: owners and admins re-enable any member's disabled API keys (here: all of one member's at once). */
export const enableMemberApiKeysAction = guardedAction({
  permission: 'members:manage',
  input: memberInput,
  handler: (ctx, input) => enableMemberApiKeys(ctx.db, { orgId: ctx.org.id, membershipId: input.membershipId }, { role: ctx.org.role, userId: ctx.user.id }, ctx.audit),
});

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
