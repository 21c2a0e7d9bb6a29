'use client';

import { Link } from '@/components/ui/link';
import { useEffect } from 'react';
import { ErrorState } from './error-state';

/** Errors from the server carry a digest that matches the server's log line; client errors do not. */
function digestOf(error: unknown): string | undefined {
  const digest = (error as { digest?: unknown } | null)?.digest;
  return typeof digest === 'string' ? digest : undefined;
}

/** Body of an error.tsx boundary: a human message, "Try again", and the digest as a reference. */
export function RouteError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => console.error(error), [error]);
  const reference = digestOf(error);
  return (
    <ErrorState
      headingLevel={1}
      message={
        reference
          ? 'We could not show this page. Try again; if it keeps happening, send the reference below to your administrator or to us.'
          : 'We could not show this page. Try again, or reload the page.'
      }
      reference={reference}
      onRetry={retry}
      actions={
        <Link href="/dashboard" className="rounded-md px-3 py-2 text-sm font-medium text-brand-700 underline-offset-2 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600">
          Back to the dashboard
        </Link>
      }
    />
  );
}
