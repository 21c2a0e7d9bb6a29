'use server';

import { z } from 'zod';
import { guardedAction } from '@/lib/auth/server-action';
import { createScimToken, revokeScimToken, rotateScimToken, scimTokenNameSchema } from './tokens';

// The portal's SCIM token actions (SPEC §6: owners and admins, 'sso:manage'). The secret is
// returned once, to the browser that asked; only its hash is kept.

const tokenInput = z.object({ tokenId: z.uuid({ message: 'Choose a SCIM token' }) });

export const createScimTokenAction = guardedAction({
  permission: 'sso:manage',
  input: z.object({ name: scimTokenNameSchema }),
  handler: async (ctx, input) => {
    const row = await createScimToken(ctx.db, { orgId: ctx.org.id, name: input.name }, ctx.audit);
    return { id: row.id, name: row.name, token: row.token };
  },
});

/** A new secret for a live token; the old one answers 401 from this moment. */
export const rotateScimTokenAction = guardedAction({
  permission: 'sso:manage',
  input: tokenInput,
  handler: async (ctx, input) => {
    const row = await rotateScimToken(ctx.db, { orgId: ctx.org.id, tokenId: input.tokenId }, ctx.audit);
    return { id: row.id, name: row.name, token: row.token };
  },
});

export const revokeScimTokenAction = guardedAction({
  permission: 'sso:manage',
  input: tokenInput,
  handler: async (ctx, input) => (await revokeScimToken(ctx.db, { orgId: ctx.org.id, tokenId: input.tokenId }, ctx.audit), true),
});
