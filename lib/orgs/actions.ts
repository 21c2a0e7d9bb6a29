'use server';

import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { sendInviteEmail } from '@/lib/auth/account-emails';
import { accountAction, guardedAction } from '@/lib/auth/server-action';
import { sessions } from '@/lib/db/schema';
import { UserFacingError } from '@/lib/errors';
import { ROLES } from '@/lib/roles/permissions';
import { emailSchema } from '@/lib/users/normalize';
import { acceptInvite, createInvite } from './invites';
import { changeMemberRole, findMembership } from './members';
import { findUserByEmail } from '@/lib/users/create-user';

const roleSchema = z.enum(ROLES, { message: 'Choose a role: owner, admin, member or viewer' });

export const changeMemberRoleAction = guardedAction({
  permission: 'members:manage',
  input: z.object({ membershipId: z.uuid({ message: 'Choose a member' }), role: roleSchema }),
  handler: async (ctx, input) => {
    const updated = await changeMemberRole(ctx.db, { orgId: ctx.org.id, membershipId: input.membershipId, role: input.role, actorRole: ctx.org.role }, ctx.audit);
    return { role: updated.role };
  },
});

export const inviteMemberAction = guardedAction({
  permission: 'members:manage',
  input: z.object({ email: emailSchema, role: roleSchema }),
  handler: async (ctx, input) => {
    if (input.role === 'owner' && ctx.org.role !== 'owner') throw new UserFacingError('Only an owner can invite another owner');
    const existing = await findUserByEmail(ctx.db, input.email);
    if (existing && (await findMembership(ctx.db, ctx.org.id, existing.id))) throw new UserFacingError(`${input.email} is already a member`, 'email');
    const { token } = await createInvite(ctx.db, { orgId: ctx.org.id, email: input.email, role: input.role, invitedBy: ctx.user.id }, ctx.audit);
    const link = await sendInviteEmail({ email: input.email, orgName: ctx.org.name, inviterEmail: ctx.user.email, token });
    return { link };
  },
});

export const acceptInviteAction = accountAction({
  input: z.object({ token: z.string().min(1) }),
  handler: async (ctx, { token }) => {
    const { org } = await acceptInvite(ctx.db, { token, userId: ctx.user.id, email: ctx.user.email }, ctx.audit);
    await ctx.db.update(sessions).set({ activeOrgId: org.id }).where(eq(sessions.id, ctx.sessionId));
    return { orgId: org.id };
  },
});

export const switchOrgAction = accountAction({
  input: z.object({ orgId: z.uuid({ message: 'Choose an organization' }) }),
  handler: async (ctx, { orgId }) => {
    if (!ctx.orgs.some((org) => org.id === orgId)) throw new UserFacingError('You are not an active member of that organization');
    await ctx.db.update(sessions).set({ activeOrgId: orgId }).where(eq(sessions.id, ctx.sessionId));
    return true;
  },
});
