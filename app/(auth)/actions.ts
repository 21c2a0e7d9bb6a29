'use server';

import { z } from 'zod';
import { startPasskeySignIn } from '@/lib/auth/passkeys';
import { passwordSchema } from '@/lib/auth/password';
import { requestPasswordReset, resetPassword, RESET_REQUESTED_MESSAGE } from '@/lib/auth/password-reset';
import { publicAction } from '@/lib/auth/server-action';
import { signUp, signUpSchema } from '@/lib/auth/sign-up';
import { resendVerificationEmail } from '@/lib/auth/verify-email';
import { currentRequestMeta } from '@/lib/http/request-meta';
import { bindLoginToBrowser } from '@/lib/sso/browser-binding';
import { listConnections } from '@/lib/sso/connections';
import { routeSsoLogin } from '@/lib/sso/route-sso-login';
import { startSsoLogin } from '@/lib/sso/start-login';
import { checkSsoStart } from '@/lib/sso/start-throttle';
import { emailDomain, emailSchema } from '@/lib/users/normalize';

// The few actions anyone may call signed out; each domain function throttles itself.

const emailOnly = z.object({ email: emailSchema });

export const signUpAction = publicAction({
  input: signUpSchema,
  handler: async (input, db) => {
    const user = await signUp(db, input, await currentRequestMeta());
    return { email: user.email };
  },
});

export const requestPasswordResetAction = publicAction({
  input: emailOnly,
  handler: async ({ email }, db) => (await requestPasswordReset(db, email, await currentRequestMeta()), RESET_REQUESTED_MESSAGE),
});

export const resendVerificationAction = publicAction({
  input: emailOnly,
  handler: async ({ email }, db) => (await resendVerificationEmail(db, email), 'If that account still needs verifying, a new link is on its way.'),
});

export const setNewPasswordAction = publicAction({
  input: z.object({ token: z.string().min(1, 'The reset link is incomplete'), password: passwordSchema }),
  handler: async (data, db) => (await resetPassword(db, data, await currentRequestMeta()), true),
});

export const beginPasskeySignInAction = publicAction({
  input: z.undefined(),
  handler: async (_input, db) => startPasskeySignIn(db),
});

export type SsoBoxAnswer =
  | { kind: 'error'; error: string }
  | { kind: 'choose'; connections: { id: string; name: string }[] }
  | { kind: 'redirect'; url: string }
  | { kind: 'form'; html: string };

/**
 * The Enterprise SSO box: work email → verified domain → org → its connections. One connection
 * goes straight to the IdP; several come back as choices, and the chosen one must be the org's.
 */
export const continueWithSsoAction = publicAction({
  input: z.object({ email: emailSchema, connectionId: z.string().min(1).max(100).optional() }),
  handler: async ({ email, connectionId }, db): Promise<SsoBoxAnswer> => {
    const route = await routeSsoLogin(db, email, async (orgId) => (await listConnections(db, orgId)).map((c) => ({ id: c.id, name: c.name })));
    if (!route.ok) return { kind: 'error', error: route.error };
    const chosen = connectionId ? route.connections.find((c) => c.id === connectionId) : route.connections.length === 1 ? route.connections[0] : undefined;
    if (!chosen && connectionId) return { kind: 'error', error: 'That connection does not belong to your organization' };
    if (!chosen) return { kind: 'choose', connections: route.connections };
    const admitted = await checkSsoStart(db, { ip: (await currentRequestMeta()).ip, domain: emailDomain(email), orgId: route.orgId });
    if (!admitted.ok) return { kind: 'error', error: admitted.error };
    const redirect = await startSsoLogin(db, { orgId: route.orgId, connectionId: chosen.id, bindingHash: await bindLoginToBrowser() });
    return redirect.kind === 'redirect' ? { kind: 'redirect', url: redirect.url } : { kind: 'form', html: redirect.html };
  },
});
