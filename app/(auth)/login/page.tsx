import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/auth/login-form';
import { SsoBox } from '@/components/auth/sso-box';
import { getRequestContext } from '@/lib/auth/context';
import { ssoErrorMessage } from '@/lib/sso/error-messages';

export const dynamic = 'force-dynamic';

/** Only same-site paths may be used as the post-login destination (no open redirect). */
function safeCallback(value: string | string[] | undefined): string {
  const path = Array.isArray(value) ? value[0] : value;
  // Browsers read `/\evil.test` and `/<TAB>/evil.test` as `//evil.test`: no backslashes or control characters.
  return path && path.startsWith('/') && !path.startsWith('//') && !/[\\\u0000-\u001f\u007f]/.test(path) ? path : '/dashboard';
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallback(params.callbackUrl);
  if (await getRequestContext()) redirect(callbackUrl);
  const ssoError = typeof params.sso_error === 'string' ? params.sso_error : undefined;
  const errorId = typeof params.error_id === 'string' ? params.error_id.replace(/[^a-z0-9_-]/gi, '').slice(0, 40) || undefined : undefined;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-xl font-semibold text-slate-900">Sign in</h1>
        <p className="mt-1 text-sm text-slate-500">to the LLM Gateway console</p>
      </div>
      <LoginForm callbackUrl={callbackUrl} />
      <div className="flex items-center gap-3 text-xs uppercase tracking-wide text-slate-400" aria-hidden>
        <span className="h-px flex-1 bg-slate-200" />
        or
        <span className="h-px flex-1 bg-slate-200" />
      </div>
      <SsoBox initialError={ssoError ? ssoErrorMessage(ssoError.replace(/[^a-z0-9_]/gi, '').slice(0, 40), { withErrorId: Boolean(errorId) }) : undefined} errorId={errorId} />
    </div>
  );
}
