import { Link } from '@/components/ui/link';

const LINK = 'rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600';
const DISABLED = 'rounded-md border border-slate-200 px-3 py-1.5 text-sm font-medium text-slate-500';

/**
 * "Newer" / "Older" links of a keyset-paged list (lib/db/keyset-page.ts). `href` builds the URL
 * of a page from its cursor (the current filters kept); null means there is no such page.
 */
export function KeysetPager({ label, newerThan, olderThan, href }: { label: string; newerThan: number | null; olderThan: number | null; href: (cursor: { newer?: number; older?: number }) => string }) {
  if (newerThan === null && olderThan === null) return null;
  return (
    <nav aria-label={label} className="mt-4 flex flex-wrap items-center justify-between gap-2">
      {newerThan !== null ? (
        <Link href={href({ newer: newerThan })} className={LINK} rel="prev">
          ← Newer
        </Link>
      ) : (
        <span className={DISABLED} aria-disabled="true">
          ← Newer
        </span>
      )}
      {olderThan !== null ? (
        <Link href={href({ older: olderThan })} className={LINK} rel="next">
          Older →
        </Link>
      ) : (
        <span className={DISABLED} aria-disabled="true">
          Older →
        </span>
      )}
    </nav>
  );
}
