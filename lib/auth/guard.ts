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
  /** Also open to the holder of a setup link (lib/orgs/setup-links.ts): SSO connections, their test and domains only. */
  setupLink?: true;
  input: S;
  handler: (ctx: AuthorizedContext, input: z.output<S>) => Promise<T>;
};

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
  const org = ctx.org;
  return parseAndRun(action.input, rawInput, (input) => action.handler({ ...ctx, org, db: getDb() }, input));
}

/** For the few operations anyone may call signed out (sign-up, password reset): input checks only. */
export type PublicAction<S extends z.ZodType, T> = { input: S; handler: (input: z.output<S>, db: Database) => Promise<T> };

export async function runPublicAction<S extends z.ZodType, T>(action: PublicAction<S, T>, rawInput: unknown): Promise<ActionResult<T>> {
  return parseAndRun(action.input, rawInput, (input) => action.handler(input, getDb()));
}

async function parseAndRun<S extends z.ZodType, T>(schema: S, rawInput: unknown, run: (input: z.output<S>) => Promise<T>): Promise<ActionResult<T>> {
  const parsed = schema.safeParse(rawInput);
  if (!parsed.success) {
    const fieldErrors = fieldErrorsOf(parsed.error);
    return { ok: false, error: Object.values(fieldErrors)[0] ?? 'Invalid input', fieldErrors };
  }
  try {
    return { ok: true, data: await run(parsed.data) };
  } catch (error) {
    if (error instanceof UserFacingError) return { ok: false, error: error.message, fieldErrors: error.field ? { [error.field]: error.message } : undefined };
    console.error('[action] unexpected error:', error);
    return { ok: false, error: 'Something went wrong on our side. Please try again.' };
  }
}

/** Operations on one's own account (passkeys, accepting an invite, switching org): signed in, no org role needed. */
export type AccountAction<S extends z.ZodType, T> = { input: S; handler: (ctx: RequestContext & { db: Database }, input: z.output<S>) => Promise<T> };

export async function runAccountAction<S extends z.ZodType, T>(action: AccountAction<S, T>, ctx: RequestContext | null, rawInput: unknown): Promise<ActionResult<T>> {
  if (!ctx) return { ok: false, error: 'Your session has ended. Please sign in again.' };
  return parseAndRun(action.input, rawInput, (input) => action.handler({ ...ctx, db: getDb() }, input));
}
