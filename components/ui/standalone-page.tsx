import type { ReactNode } from 'react';
import { BrandMark } from './brand-mark';

/** A page outside the console chrome (404, fatal errors): the brand above one centred panel. */
export function StandalonePage({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-md">
        <p className="mb-6 flex items-center justify-center gap-2 text-sm font-semibold tracking-wide text-brand-700">
          <BrandMark className="h-6 w-6" />
          LLM Gateway
        </p>
        {children}
      </div>
    </main>
  );
}
