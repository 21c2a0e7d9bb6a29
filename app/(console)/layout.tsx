import { Link } from '@/components/ui/link';
import type { ReactNode } from 'react';
import { CertificateBanner } from '@/components/console/certificate-banner';
import { ConsoleMenu } from '@/components/console/console-menu';
import { ConsoleNav } from '@/components/console/console-nav';
import { OrgSwitcher } from '@/components/console/org-switcher';
import { SETTINGS_PERMISSION } from '@/components/console/settings-sections';
import { SignOutButton } from '@/components/console/sign-out-button';
import { BrandMark } from '@/components/ui/brand-mark';
import { ToastProvider } from '@/components/ui/toast';
import { canInCurrentOrg, requirePageContext } from '@/lib/auth/page-guard';
import { getDb } from '@/lib/db/client';
import { ROLE_LABELS } from '@/lib/roles/permissions';
import { certificateWarnings } from '@/lib/sso/certificate-banner';

export const dynamic = 'force-dynamic';

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const ctx = await requirePageContext();
  const links = [
    { href: '/dashboard', label: 'Dashboard' },
    ...(canInCurrentOrg(ctx, 'members:manage') ? [{ href: '/members', label: 'Members' }] : []),
    ...(canInCurrentOrg(ctx, 'audit:read') ? [{ href: '/audit', label: 'Audit log' }] : []),
    ...(canInCurrentOrg(ctx, SETTINGS_PERMISSION) ? [{ href: '/settings', label: 'Settings' }] : []),
    { href: '/account/security', label: 'Account' },
  ];
  const expiring = ctx.org && canInCurrentOrg(ctx, 'sso:manage') ? await certificateWarnings(getDb(), ctx.org.id) : [];
  return (
    <ToastProvider>
      <div className="min-h-screen">
        <a href="#main" className="sr-only rounded-md bg-white px-3 py-2 text-sm font-medium text-brand-700 shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50">
          Skip to content
        </a>
        <header className="border-b border-slate-200 bg-white">
          <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-3 px-4 py-3 sm:px-6">
            <Link href="/dashboard" className="flex items-center gap-2 rounded-md text-sm font-semibold text-brand-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600">
              <BrandMark className="h-6 w-6" />
              LLM Gateway
            </Link>
            <ConsoleMenu>
              {ctx.org ? <OrgSwitcher current={ctx.org.id} orgs={ctx.orgs.map((o) => ({ id: o.id, name: o.name }))} /> : null}
              <ConsoleNav links={links} />
              <div className="flex flex-wrap items-center gap-3 text-sm lg:ml-auto lg:flex-nowrap">
                <span className="min-w-0 text-slate-600">
                  <span className="wrap-anywhere lg:inline-block lg:max-w-56 lg:truncate lg:align-bottom" title={ctx.user.email}>
                    {ctx.user.email}
                  </span>
                  {ctx.org ? <span className="ml-2 rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700">{ROLE_LABELS[ctx.org.role]}</span> : null}
                </span>
                <SignOutButton />
              </div>
            </ConsoleMenu>
          </div>
        </header>
        <main id="main" className="mx-auto max-w-6xl space-y-6 px-4 py-6 sm:px-6 sm:py-8">
          <CertificateBanner warnings={expiring} />
          {children}
        </main>
      </div>
    </ToastProvider>
  );
}
