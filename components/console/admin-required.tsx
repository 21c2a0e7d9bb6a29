import { Link } from '@/components/ui/link';
import type { RequestContext } from '@/lib/auth/context';
import { ROLE_LABELS } from '@/lib/roles/permissions';

/** What a member or viewer sees on an owner/admin page: why, and where to go instead. */
export function AdminRequired({ ctx, managed = 'Organization settings such as SSO connections and domains are managed by owners and admins.' }: { ctx: RequestContext; managed?: string }) {
  return (
    <div className="mx-auto max-w-xl rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="text-xl font-semibold text-slate-900">You need the Admin role</h1>
      <p className="mt-2 text-sm text-slate-600">
        {managed}{' '}
        {ctx.org ? (
          <>
            Your role in {ctx.org.name} is <strong>{ROLE_LABELS[ctx.org.role]}</strong>. Ask one of its owners or admins if something here needs changing.
          </>
        ) : (
          'You are not an active member of any organization yet.'
        )}
      </p>
      <div className="mt-5 flex flex-wrap gap-x-4 gap-y-2 text-sm font-medium">
        <Link href="/dashboard" className="text-brand-700 underline-offset-2 hover:underline">
          Back to the dashboard
        </Link>
        <Link href="/account/security" className="text-brand-700 underline-offset-2 hover:underline">
          Your own security settings
        </Link>
      </div>
    </div>
  );
}
