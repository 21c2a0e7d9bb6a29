import { Link } from '@/components/ui/link';
import { ResetPasswordForm } from '@/components/auth/reset-password-form';
import { Alert } from '@/components/ui/alert';
import { isEmailTokenLive } from '@/lib/auth/email-tokens';
import { getDb } from '@/lib/db/client';

export const dynamic = 'force-dynamic';

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  const live = typeof token === 'string' && (await isEmailTokenLive(getDb(), token, 'reset_password'));
  return (
    <div className="space-y-6">
      <h1 className="text-xl font-semibold">Choose a new password</h1>
      {live ? (
        <ResetPasswordForm token={token!} />
      ) : (
        <>
          <Alert tone="error">This reset link is invalid, already used or expired.</Alert>
          <Link href="/forgot-password" className="block text-sm font-medium text-brand-700 hover:underline">
            Request a new link
          </Link>
        </>
      )}
    </div>
  );
}
