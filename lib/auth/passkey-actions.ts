import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { z } from 'zod';
import { defineAccountAction } from './guard';
import { finishPasskeyRegistration, passkeyNameSchema, removePasskey, startPasskeyRegistration } from './passkeys';

export const startPasskeyRegistrationAction = defineAccountAction({
  input: z.undefined(),
  handler: async (ctx) => startPasskeyRegistration(ctx.db, ctx.user),
});

export const finishPasskeyRegistrationAction = defineAccountAction({
  input: z.object({
    challengeId: z.uuid({ message: 'The passkey request expired. Please try again.' }),
    name: passkeyNameSchema,
    response: z.looseObject({ id: z.string(), rawId: z.string(), type: z.literal('public-key'), response: z.looseObject({}) }),
  }),
  handler: async (ctx, input) =>
    finishPasskeyRegistration(
      ctx.db,
      { user: ctx.user, orgId: ctx.org?.id ?? null, challengeId: input.challengeId, name: input.name, response: input.response as unknown as RegistrationResponseJSON },
      ctx.audit,
    ),
});

export const removePasskeyAction = defineAccountAction({
  input: z.object({ passkeyId: z.uuid() }),
  handler: async (ctx, { passkeyId }) => (await removePasskey(ctx.db, { userId: ctx.user.id, orgId: ctx.org?.id ?? null, passkeyId }, ctx.audit), true),
});
