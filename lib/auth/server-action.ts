import 'server-only';
import type { z } from 'zod';
import { getRequestContext } from './context';
import { getSetupLinkContext } from './setup-link-context';
import {
  runAccountAction,
  runAction,
  runPublicAction,
  type AccountAction,
  type ActionResult,
  type GuardedAction,
  type PublicAction,
} from './guard';

/*
 * Server actions are created where they are exported, in 'use server' modules:
 *
 *   export const createProjectAction = guardedAction({ permission: 'projects:create', input: schema, handler });
 *
 * The export is the action the client calls, typed by the schema's input (a wrong call fails
 * `tsc`), and every call passes the one guard (lib/auth/guard.ts) before the handler runs. The
 * definition stays attached (`.guard`, `.account`, `.public`) so tests run it through the same
 * guard with any request context.
 */

type ActionArgs<S extends z.ZodType> = undefined extends z.input<S> ? [input?: z.input<S>] : [input: z.input<S>];

/** What a client component calls: the input its schema accepts, an ActionResult back. */
export type ServerAction<S extends z.ZodType, T> = (...args: ActionArgs<S>) => Promise<ActionResult<T>>;

export type GuardedServerAction<S extends z.ZodType, T> = ServerAction<S, T> & { readonly guard: GuardedAction<S, T> };
export type AccountServerAction<S extends z.ZodType, T> = ServerAction<S, T> & { readonly account: AccountAction<S, T> };
export type PublicServerAction<S extends z.ZodType, T> = ServerAction<S, T> & { readonly public: PublicAction<S, T> };

/** Signed in, a member of the current org with the SPEC §6 permission, valid input. */
export function guardedAction<S extends z.ZodType, T>(definition: GuardedAction<S, T>): GuardedServerAction<S, T> {
  const action = async (...[input]: ActionArgs<S>) => {
    // A signed-in person first; a setup link's holder only for the actions marked for it.
    const ctx = (await getRequestContext()) ?? (definition.setupLink ? await getSetupLinkContext() : null);
    return runAction(definition, ctx, input);
  };
  return Object.assign(action, { guard: definition });
}

/** One's own account (passkeys, accepting an invite, switching org): signed in, no org role needed. */
export function accountAction<S extends z.ZodType, T>(definition: AccountAction<S, T>): AccountServerAction<S, T> {
  const action = async (...[input]: ActionArgs<S>) => runAccountAction(definition, await getRequestContext(), input);
  return Object.assign(action, { account: definition });
}

/** Signed out on purpose (sign-up, password reset, SSO start): input checks only; throttled inside. */
export function publicAction<S extends z.ZodType, T>(definition: PublicAction<S, T>): PublicServerAction<S, T> {
  const action = async (...[input]: ActionArgs<S>) => runPublicAction(definition, input);
  return Object.assign(action, { public: definition });
}
