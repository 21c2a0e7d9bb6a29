import { Link } from '@/components/ui/link';
import { Alert } from '@/components/ui/alert';
import { verifyEmailAddress } from '@/lib/auth/verify-email';
import { getDb } from '@/lib/db/client';

export const dynamic = 'force-dynamic';

export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  const verified = typeof token === 'string' && (await verifyEmailAddress(getDb(), token));
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Email verification</h1>
      {verified ? (
        <Alert tone="success">Your email address is verified. You can sign in now.</Alert>
      ) : (
        <Alert tone="error">This verification link is invalid or was already used. Sign in to request a new one.</Alert>
      )}
      <Link href="/login" className="inline-block text-sm font-medium text-brand-700 hover:underline">
        Go to sign in
      </Link>
    </div>
  );
}
