import { Link } from '@/components/ui/link';

const LINK = 'rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600';
const DISABLED = 'rounded-md border border-slate-200 px-3 py-1.5 text-sm font-medium text-slate-500';

function href(q: string, page: number) {
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return query ? `/members?${query}` : '/members';
}

/** Previous / next page of the members list, keeping the search. */
export function MembersPager({ q, page, pageCount }: { q: string; page: number; pageCount: number }) {
  if (pageCount <= 1) return null;
  return (
    <nav aria-label="Member pages" className="mt-4 flex flex-wrap items-center justify-between gap-2">
      {page > 1 ? (
        <Link href={href(q, page - 1)} className={LINK} rel="prev">
          ← Previous
        </Link>
      ) : (
        <span className={DISABLED} aria-disabled="true">
          ← Previous
        </span>
      )}
      <span className="text-sm text-slate-600">
        Page {Math.min(page, pageCount)} of {pageCount}
      </span>
      {page < pageCount ? (
        <Link href={href(q, page + 1)} className={LINK} rel="next">
          Next →
        </Link>
      ) : (
        <span className={DISABLED} aria-disabled="true">
          Next →
        </span>
      )}
    </nav>
  );
}
