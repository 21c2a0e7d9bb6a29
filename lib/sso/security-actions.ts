'use server';

import { z } from 'zod';
import { guardedAction } from '@/lib/auth/server-action';
import { sessionLifetimeSchema, setSessionLifetime, signOutEveryone } from '@/lib/orgs/session-policy';
import { emailSchema } from '@/lib/users/normalize';
import { previewSsoOnly, ssoOnlyReadiness } from './sso-only-preview';
import { setBreakGlass, setSsoOnly } from './sso-only';

// The portal's Security page (SPEC §6: SSO-only and break-glass are owners' and admins', 'sso:manage').

const enabledSchema = z.boolean({ message: 'Choose whether SSO-only is on or off' });

/** What switching SSO-only on would do now, and whether it may be switched on yet (with the reason when not). */
export const previewSsoOnlyAction = guardedAction({
  permission: 'sso:manage',
  input: z.undefined().optional(),
  handler: async (ctx) => ({ readiness: await ssoOnlyReadiness(ctx.db, ctx.org.id), preview: await previewSsoOnly(ctx.db, ctx.org.id) }),
});

export const setSsoOnlyAction = guardedAction({
  permission: 'sso:manage',
  input: z.object({ enabled: enabledSchema }),
  handler: async (ctx, input) => {
    const org = await setSsoOnly(ctx.db, { orgId: ctx.org.id, enabled: input.enabled }, ctx.audit);
    return { ssoOnly: org.ssoOnly };
  },
});

export const setBreakGlassAction = guardedAction({
  permission: 'sso:manage',
  input: z.object({ email: emailSchema, enabled: z.boolean({ message: 'Choose add or remove' }) }),
  handler: async (ctx, input) => {
    const membership = await setBreakGlass(ctx.db, { orgId: ctx.org.id, email: input.email, enabled: input.enabled }, ctx.audit);
    return { breakGlass: membership.breakGlass };
  },
});

export const setSessionLifetimeAction = guardedAction({
  permission: 'sso:manage',
  input: z.object({ minutes: sessionLifetimeSchema }),
  handler: async (ctx, input) => {
    const org = await setSessionLifetime(ctx.db, { orgId: ctx.org.id, minutes: input.minutes }, ctx.audit);
    return { minutes: org.sessionLifetimeMinutes };
  },
});

/** Ends every session working in this org except the caller's own (the confirmation says so). */
export const signOutEveryoneAction = guardedAction({
  permission: 'sso:manage',
  input: z.undefined().optional(),
  handler: async (ctx) => ({ sessionsRevoked: await signOutEveryone(ctx.db, { orgId: ctx.org.id, keepSessionId: ctx.sessionId }, ctx.audit) }),
});
