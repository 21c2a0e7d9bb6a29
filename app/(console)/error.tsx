'use client';

import { RouteError } from '@/components/ui/route-error';

/** Inside the console the header stays, so the person can still navigate away. */
export default function ConsoleError({ error, retry }: { error: unknown; retry: () => void }) {
  return <RouteError error={error} retry={retry} />;
}
