import { Link } from '@/components/ui/link';
import { StandalonePage } from '@/components/ui/standalone-page';
import { LeaveButton } from './leave-button';

/** A live setup link in a browser that is signed in to the console (see SetupPortalAccess). */
export function SetupSignedIn({ email }: { email: string }) {
  return (
    <StandalonePage>
      <div className="rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-xl font-semibold text-slate-900">Sign out of the console first</h1>
        <p className="mt-2 text-sm break-words text-slate-700">
          This browser is signed in to the console as <strong>{email}</strong>. While you are signed in, changes would be made as you, in your own
          organization, instead of by the setup link.
        </p>
        <p className="mt-2 text-sm text-slate-600">Sign out, or open the setup link in a private window. You can also leave the setup link in this browser.</p>
        <div className="mt-5 flex flex-wrap items-center gap-3 text-sm">
          <LeaveButton />
          <Link href="/dashboard" className="font-medium text-brand-700 underline-offset-2 hover:underline">
            Back to the console
          </Link>
        </div>
      </div>
    </StandalonePage>
  );
}
