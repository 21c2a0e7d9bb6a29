import type { ReactNode } from 'react';
import { ConsoleNav } from '@/components/console/console-nav';
import { OrgSwitcher } from '@/components/console/org-switcher';
import { SignOutButton } from '@/components/console/sign-out-button';
import { canInCurrentOrg, requirePageContext } from '@/lib/auth/page-guard';
import { ROLE_LABELS } from '@/lib/roles/permissions';

export const dynamic = 'force-dynamic';

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const ctx = await requirePageContext();
  const links = [
    { href: '/dashboard', label: 'Dashboard' },
    ...(canInCurrentOrg(ctx, 'members:manage') ? [{ href: '/members', label: 'Members' }] : []),
    ...(canInCurrentOrg(ctx, 'audit:read') ? [{ href: '/audit', label: 'Audit log' }] : []),
    { href: '/settings/security', label: 'Security' },
  ];
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center gap-6 px-6 py-3">
          <span className="text-sm font-semibold text-brand-700">LLM Gateway</span>
          {ctx.org ? <OrgSwitcher current={ctx.org.id} orgs={ctx.orgs.map((o) => ({ id: o.id, name: o.name }))} /> : null}
          <ConsoleNav links={links} />
          <div className="ml-auto flex items-center gap-3 text-sm">
            <span className="text-slate-600">
              {ctx.user.email}
              {ctx.org ? <span className="ml-2 rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700">{ROLE_LABELS[ctx.org.role]}</span> : null}
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl space-y-6 px-6 py-8">{children}</main>
    </div>
  );
}
