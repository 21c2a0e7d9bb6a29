'use client';

import { RouteError } from '@/components/ui/route-error';
import { StandalonePage } from '@/components/ui/standalone-page';
import './globals.css';

/** Replaces the root layout when it fails, so it brings its own <html> and <body>. */
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <title>Something went wrong · LLM Gateway</title>
        <StandalonePage>
          <RouteError error={error} retry={retry} />
        </StandalonePage>
      </body>
    </html>
  );
}
