import { z } from 'zod';
import { getDb, type Database } from '@/lib/db/client';
import { UserFacingError } from '@/lib/errors';
import { hasPermission, minimumRoleFor, ROLE_LABELS, type Permission } from '@/lib/roles/permissions';
import type { RequestContext } from './context';

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: string; fieldErrors?: Record<string, string> };

/** The context of an authorized call: the org is always present once a permission was checked. */
export type AuthorizedContext = RequestContext & { org: NonNullable<RequestContext['org']>; db: Database };

export type GuardedAction<S extends z.ZodType, T> = {
  permission: Permission;
  input: S;
  handler: (ctx: AuthorizedContext, input: z.output<S>) => Promise<T>;
};

/** Declares a server-side operation with the permission (SPEC §6) and input schema it requires. */
export function defineAction<S extends z.ZodType, T>(action: GuardedAction<S, T>): GuardedAction<S, T> {
  return action;
}

function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) fields[issue.path.join('.') || '_'] ??= issue.message;
  return fields;
}

/**
 * The one gate every server action and route handler passes: signed in, member of the
 * current org, role allowed (SPEC §6), input valid. Nothing runs before all four hold.
 */
export async function runAction<S extends z.ZodType, T>(
  action: GuardedAction<S, T>,
  ctx: RequestContext | null,
  rawInput: unknown,
): Promise<ActionResult<T>> {
  if (!ctx) return { ok: false, error: 'Your session has ended. Please sign in again.' };
  if (!ctx.org) return { ok: false, error: 'You are not an active member of any organization.' };
  if (!hasPermission(ctx.org.role, action.permission)) {
    return { ok: false, error: `You need the ${ROLE_LABELS[minimumRoleFor(action.permission)]} role or higher to do this (you are ${ROLE_LABELS[ctx.org.role]}).` };
  }
  const parsed = action.input.safeParse(rawInput);
  if (!parsed.success) {
    const fieldErrors = fieldErrorsOf(parsed.error);
    return { ok: false, error: Object.values(fieldErrors)[0] ?? 'Invalid input', fieldErrors };
  }
  try {
    return { ok: true, data: await action.handler({ ...ctx, org: ctx.org, db: getDb() }, parsed.data) };
  } catch (error) {
    if (error instanceof UserFacingError) return { ok: false, error: error.message, fieldErrors: error.field ? { [error.field]: error.message } : undefined };
    console.error('[action] unexpected error:', error);
    return { ok: false, error: 'Something went wrong on our side. Please try again.' };
  }
}
