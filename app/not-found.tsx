import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { Link } from '@/components/ui/link';
import { StandalonePage } from '@/components/ui/standalone-page';
import { cookieName } from '@/lib/http/cookies';

export const metadata: Metadata = { title: 'Page not found · LLM Gateway' };

export default async function NotFound() {
  // The session cookie's presence is enough to pick the link (a stale one lands on /login via
  // /dashboard); a 404 loads neither the session store nor the auth stack.
  const signedIn = (await cookies()).has(cookieName('next-auth.session-token'));
  return (
    <StandalonePage>
      <div className="rounded-xl border border-slate-200 bg-white p-8 text-center shadow-sm">
        <p className="text-sm font-semibold text-brand-700">404</p>
        <h1 className="mt-1 text-2xl font-semibold text-slate-900">Page not found</h1>
        <p className="mt-2 text-sm text-slate-600">This page does not exist, or it has moved. Check the address, or start again from {signedIn ? 'the dashboard' : 'the sign-in page'}.</p>
        <Link
          href={signedIn ? '/dashboard' : '/login'}
          className="mt-6 inline-flex items-center justify-center rounded-md bg-brand-600 px-3.5 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600 focus-visible:ring-offset-2"
        >
          {signedIn ? 'Back to the dashboard' : 'Go to sign-in'}
        </Link>
      </div>
    </StandalonePage>
  );
}
