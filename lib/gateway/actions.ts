'use server';

import { z } from 'zod';
import { guardedAction } from '@/lib/auth/server-action';
import { hasPermission } from '@/lib/roles/permissions';
import { apiKeyNameSchema, createApiKey, disableApiKey, enableApiKey } from './api-keys';
import { createProject, projectNameSchema } from './projects';

const id = (what: string) => z.uuid({ message: `Choose a valid ${what}` });

export const createProjectAction = guardedAction({
  permission: 'projects:create',
  input: z.object({ name: projectNameSchema }),
  handler: async (ctx, { name }) => {
    const project = await createProject(ctx.db, { orgId: ctx.org.id, name, createdBy: ctx.user.id }, ctx.audit);
    return { id: project.id, name: project.name };
  },
});

export const createApiKeyAction = guardedAction({
  permission: 'apikeys:manage-own',
  input: z.object({ projectId: id('project'), name: apiKeyNameSchema }),
  handler: async (ctx, input) => {
    const { key, secret } = await createApiKey(ctx.db, { orgId: ctx.org.id, userId: ctx.user.id, ...input }, ctx.audit);
    return { id: key.id, name: key.name, prefix: key.prefix, secret };
  },
});

export const disableApiKeyAction = guardedAction({
  permission: 'apikeys:manage-own',
  input: z.object({ keyId: id('API key') }),
  handler: async (ctx, { keyId }) => {
    await disableApiKey(ctx.db, { orgId: ctx.org.id, userId: ctx.user.id, keyId }, ctx.audit);
    return true;
  },
});

/** Turns a disabled key back on: one's own, or (owners and admins) any member's key in the org. */
export const enableApiKeyAction = guardedAction({
  permission: 'apikeys:manage-own',
  input: z.object({ keyId: id('API key') }),
  handler: async (ctx, { keyId }) => {
    await enableApiKey(ctx.db, { orgId: ctx.org.id, keyId, byUserId: ctx.user.id, asAdmin: hasPermission(ctx.org.role, 'members:manage') }, ctx.audit);
    return true;
  },
});
