'use server';

import { z } from 'zod';
import { definePublicAction, runPublicAction } from '@/lib/auth/guard';
import { startPasskeySignIn } from '@/lib/auth/passkeys';
import { passwordSchema } from '@/lib/auth/password';
import { requestPasswordReset, resetPassword, RESET_REQUESTED_MESSAGE } from '@/lib/auth/password-reset';
import { signUp, signUpSchema } from '@/lib/auth/sign-up';
import { resendVerificationEmail } from '@/lib/auth/verify-email';
import { currentRequestMeta } from '@/lib/http/request-meta';
import { routeSsoLogin } from '@/lib/sso/route-sso-login';
import { emailSchema } from '@/lib/users/normalize';

const signUpAction = definePublicAction({
  input: signUpSchema,
  handler: async (input, db) => {
    const user = await signUp(db, input, await currentRequestMeta());
    return { email: user.email };
  },
});

export async function signUpWithPassword(input: unknown) {
  return runPublicAction(signUpAction, input);
}

const emailOnly = z.object({ email: emailSchema });

export async function requestPasswordResetLink(input: unknown) {
  return runPublicAction(
    definePublicAction({ input: emailOnly, handler: async ({ email }, db) => (await requestPasswordReset(db, email), RESET_REQUESTED_MESSAGE) }),
    input,
  );
}

export async function resendVerificationLink(input: unknown) {
  return runPublicAction(
    definePublicAction({ input: emailOnly, handler: async ({ email }, db) => (await resendVerificationEmail(db, email), 'If that account still needs verifying, a new link is on its way.') }),
    input,
  );
}

export async function setNewPassword(input: unknown) {
  return runPublicAction(
    definePublicAction({
      input: z.object({ token: z.string().min(1, 'The reset link is incomplete'), password: passwordSchema }),
      handler: async (data, db) => (await resetPassword(db, data, await currentRequestMeta()), true),
    }),
    input,
  );
}

export async function beginPasskeySignIn() {
  return runPublicAction(definePublicAction({ input: z.undefined(), handler: async (_input, db) => startPasskeySignIn(db) }), undefined);
}

export async function continueWithSso(input: unknown) {
  return runPublicAction(
    definePublicAction({
      input: emailOnly,
      // No SSO connection store exists before the SSO issue lands, so every org has none yet.
      handler: async ({ email }, db) => routeSsoLogin(db, email, async () => []),
    }),
    input,
  );
}
