'use server';

import { z } from 'zod';
import { publicAction, guardedAction } from '@/lib/auth/server-action';
import { forgetSetupLink, rememberSetupLink } from '@/lib/auth/setup-link-context';
import { UserFacingError } from '@/lib/errors';
import { createSetupLink, EXPIRED_SETUP_LINK_MESSAGE, openSetupLink, revokeSetupLink, setupLinkInputSchema } from './setup-links';

/** Owners and admins hand a setup link to their IT admin; the link is shown once. */
export const createSetupLinkAction = guardedAction({
  permission: 'sso:manage',
  input: setupLinkInputSchema,
  handler: async (ctx, input) => {
    const { link, url } = await createSetupLink(ctx.db, { orgId: ctx.org.id, ...input, createdBy: ctx.user.id }, ctx.audit);
    return { id: link.id, url, expiresAt: link.expiresAt.toISOString() };
  },
});

export const revokeSetupLinkAction = guardedAction({
  permission: 'sso:manage',
  input: z.object({ linkId: z.uuid({ message: 'Choose a setup link' }) }),
  handler: async (ctx, input) => (await revokeSetupLink(ctx.db, { orgId: ctx.org.id, linkId: input.linkId }, ctx.audit), true),
});

/**
 * "Continue" on /setup/<token>: a live link's token moves into an HttpOnly cookie (a GET of the
 * link, e.g. by a mail scanner, changes nothing). Anyone with the link may do this.
 */
export const openSetupLinkAction = publicAction({
  input: z.object({ token: z.string().min(1).max(100) }),
  handler: async ({ token }, db) => {
    const opened = await openSetupLink(db, token);
    if (!opened) throw new UserFacingError(EXPIRED_SETUP_LINK_MESSAGE);
    await rememberSetupLink(token, opened.link.expiresAt);
    return { orgName: opened.org.name };
  },
});

export const leaveSetupLinkAction = publicAction({
  input: z.undefined(),
  handler: async () => (await forgetSetupLink(), true),
});
