'use client';

import { Link } from '@/components/ui/link';
import { usePathname } from 'next/navigation';

type NavLink = { href: string; label: string };

/** The link for the current page: the longest href containing it (/settings/sso beats /settings). */
function activeHref(links: NavLink[], pathname: string): string | undefined {
  return links
    .filter((link) => pathname === link.href || pathname.startsWith(`${link.href}/`))
    .sort((a, b) => b.href.length - a.href.length)[0]?.href;
}

export function ConsoleNav({ links }: { links: NavLink[] }) {
  const pathname = usePathname();
  const current = activeHref(links, pathname);
  return (
    <nav aria-label="Console" className="flex flex-col gap-1 lg:flex-row">
      {links.map((link) => {
        const active = link.href === current;
        return (
          <Link
            key={link.href}
            href={link.href}
            aria-current={active ? 'page' : undefined}
            className={`rounded-md px-3 py-1.5 text-sm ${active ? 'bg-brand-50 font-medium text-brand-700' : 'text-slate-600 hover:bg-slate-50'}`}
          >
            {link.label}
          </Link>
        );
      })}
    </nav>
  );
}
