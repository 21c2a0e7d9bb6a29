import type { z } from 'zod';
import { getRequestContext } from './context';
import { runAccountAction, runAction, type AccountAction, type ActionResult, type GuardedAction } from './guard';

/** Runs a guarded action for the current request (used by 'use server' modules and route handlers). */
export async function invokeAction<S extends z.ZodType, T>(action: GuardedAction<S, T>, rawInput: unknown): Promise<ActionResult<T>> {
  return runAction(action, await getRequestContext(), rawInput);
}

export async function invokeAccountAction<S extends z.ZodType, T>(action: AccountAction<S, T>, rawInput: unknown): Promise<ActionResult<T>> {
  return runAccountAction(action, await getRequestContext(), rawInput);
}
