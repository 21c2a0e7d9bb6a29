'use client';

import { useState } from 'react';
import type { ActionResult } from '@/lib/auth/guard';

/** Pending/error state around a server action that returns an ActionResult. */
export function useAction<I, T>(action: (input: I) => Promise<ActionResult<T>>) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  async function run(input: I): Promise<T | undefined> {
    setPending(true);
    setError(null);
    setFieldErrors({});
    try {
      const result = await action(input);
      if (result.ok) return result.data;
      setError(result.error);
      setFieldErrors(result.fieldErrors ?? {});
      return undefined;
    } catch {
      setError('Could not reach the server. Check your connection and try again.');
      return undefined;
    } finally {
      setPending(false);
    }
  }

  return { run, pending, error, fieldErrors, setError };
}
