import type { ReactNode } from 'react';
import { LocalTime } from '@/components/ui/local-time';
import { BrandMark } from '@/components/ui/brand-mark';
import { ToastProvider } from '@/components/ui/toast';
import type { SetupLinkContext } from './setup-access';
import { LeaveButton } from './leave-button';
import { SetupNav } from './setup-nav';

/** The setup portal's frame: whose setup it is, by which link, until when, and a way out. Nothing else of the console. */
export function SetupShell({ ctx, children }: { ctx: SetupLinkContext; children: ReactNode }) {
  return (
    <ToastProvider>
      <div className="min-h-screen">
        <a href="#main" className="sr-only rounded-md bg-white px-3 py-2 text-sm font-medium text-brand-700 shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50">
          Skip to content
        </a>
        <header className="bg-white">
          <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-6 gap-y-3 px-4 py-3 sm:px-6">
            <p className="flex min-w-0 items-center gap-2 text-sm font-semibold text-slate-900">
              <BrandMark className="h-6 w-6 shrink-0" />
              <span className="break-words">{ctx.org.name}</span>
              <span className="font-normal text-slate-500">· single sign-on setup</span>
            </p>
            <div className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm text-slate-600 sm:ml-auto">
              <p className="min-w-0">
                Set up by setup link: <strong className="break-words text-slate-800">{ctx.setupLink.label}</strong>
                <span className="block text-xs">
                  Works until <LocalTime iso={ctx.setupLink.expiresAt.toISOString()} />
                </span>
              </p>
              <LeaveButton />
            </div>
          </div>
        </header>
        <SetupNav />
        <main id="main" className="mx-auto max-w-5xl space-y-6 px-4 py-6 sm:px-6 sm:py-8">
          {children}
        </main>
      </div>
    </ToastProvider>
  );
}
