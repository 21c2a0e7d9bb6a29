'use server';

import { guardedAction } from '@/lib/auth/server-action';
import { ruleDraftSchema } from './rule-draft';
import { applyRuleDraft, previewRuleDraft } from './rule-draft-apply';

// The rules page's actions (SPEC §6: owners and admins, 'sso:manage'; Owner rules: owners only, checked inside).

/** "Review changes": the members whose role or access the draft would change; nothing is saved. */
export const previewRoleRulesAction = guardedAction({
  permission: 'sso:manage',
  input: ruleDraftSchema,
  handler: async (ctx, draft) => previewRuleDraft(ctx.db, { orgId: ctx.org.id, draft, actorRole: ctx.org.role }),
});

/** "Apply": saves the draft and re-evaluates every member the rules apply to, in one transaction. */
export const applyRoleRulesAction = guardedAction({
  permission: 'sso:manage',
  input: ruleDraftSchema,
  handler: async (ctx, draft) => applyRuleDraft(ctx.db, { orgId: ctx.org.id, draft, actorRole: ctx.org.role }, ctx.audit),
});
