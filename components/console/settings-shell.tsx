'use client';

import { Link } from '@/components/ui/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';

type NavEntry = { href: string; label: string };

function isWithin(pathname: string, href: string) {
  return pathname === href || pathname.startsWith(`${href}/`);
}

/**
 * Frames the organization settings pages with their own navigation. People without entries get
 * the page alone.
 */
export function SettingsShell({ entries, children }: { entries: NavEntry[]; children: ReactNode }) {
  const pathname = usePathname();
  const inSettingsArea = entries.length > 0 && (pathname === '/settings' || entries.some((entry) => isWithin(pathname, entry.href)));
  if (!inSettingsArea) return <>{children}</>;
  return (
    <div className="grid gap-6 lg:grid-cols-[12rem_minmax(0,1fr)] lg:gap-10">
      <nav aria-label="Settings" className="border-b border-slate-200 pb-3 lg:border-0 lg:pt-1 lg:pb-0">
        <p className="text-xs font-semibold tracking-wide text-slate-500 uppercase lg:px-3">Organization settings</p>
        <ul className="-mx-3 mt-2 flex flex-wrap gap-1 lg:mx-0 lg:flex-col">
          {entries.map((entry) => {
            const active = isWithin(pathname, entry.href);
            return (
              <li key={entry.href}>
                <Link
                  href={entry.href}
                  aria-current={active ? 'page' : undefined}
                  className={`block rounded-md px-3 py-1.5 text-sm ${active ? 'bg-brand-50 font-medium text-brand-700' : 'text-slate-600 hover:bg-slate-100'}`}
                >
                  {entry.label}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <div className="min-w-0 space-y-6">{children}</div>
    </div>
  );
}
