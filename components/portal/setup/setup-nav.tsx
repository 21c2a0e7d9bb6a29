'use client';

import { Link } from '@/components/ui/link';
import { usePathname } from 'next/navigation';

const ENTRIES = [
  { href: '/setup', label: 'SSO connections' },
  { href: '/setup/domains', label: 'Domains' },
];

function isCurrent(pathname: string, href: string) {
  // The connection test's result belongs to the connections page.
  if (href === '/setup') return pathname === '/setup' || pathname.startsWith('/setup/tests/');
  return pathname === href || pathname.startsWith(`${href}/`);
}

export function SetupNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Setup" className="border-b border-slate-200 bg-white">
      <ul className="mx-auto flex max-w-5xl gap-1 px-4 sm:px-6">
        {ENTRIES.map((entry) => {
          const current = isCurrent(pathname, entry.href);
          return (
            <li key={entry.href}>
              <Link
                href={entry.href}
                aria-current={current ? 'page' : undefined}
                className={`-mb-px block border-b-2 px-3 py-2.5 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600 ${current ? 'border-brand-600 font-medium text-brand-700' : 'border-transparent text-slate-600 hover:text-slate-900'}`}
              >
                {entry.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
