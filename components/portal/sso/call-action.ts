import type { ActionResult } from '@/lib/auth/guard';

/** A server action's result, with a network failure turned into a failed result the form can show. */
export async function callAction<T>(call: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  try {
    return await call();
  } catch {
    return { ok: false, error: 'Could not reach the server. Check your connection and try again.' };
  }
}
