'use server';

import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { z } from 'zod';
import { accountAction } from './server-action';
import { finishPasskeyRegistration, passkeyNameSchema, removePasskey, startPasskeyRegistration } from './passkeys';

/** The shape @simplewebauthn/server needs before it verifies anything itself. */
const registrationResponseShape = z.looseObject({ id: z.string(), rawId: z.string(), type: z.literal('public-key'), response: z.looseObject({}) });

export const startPasskeyRegistrationAction = accountAction({
  input: z.undefined(),
  handler: async (ctx) => startPasskeyRegistration(ctx.db, ctx.user),
});

export const finishPasskeyRegistrationAction = accountAction({
  input: z.object({
    challengeId: z.uuid({ message: 'The passkey request expired. Please try again.' }),
    name: passkeyNameSchema,
    response: z.custom<RegistrationResponseJSON>((value) => registrationResponseShape.safeParse(value).success, { message: 'The passkey response is malformed' }),
  }),
  handler: async (ctx, input) =>
    finishPasskeyRegistration(
      ctx.db,
      { user: ctx.user, orgId: ctx.org?.id ?? null, challengeId: input.challengeId, name: input.name, response: input.response },
      ctx.audit,
    ),
});

export const removePasskeyAction = accountAction({
  input: z.object({ passkeyId: z.uuid() }),
  handler: async (ctx, { passkeyId }) => (await removePasskey(ctx.db, { userId: ctx.user.id, orgId: ctx.org?.id ?? null, passkeyId }, ctx.audit), true),
});
