'use client';

import { signIn } from 'next-auth/react';
import { Link } from '@/components/ui/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { Alert } from '@/components/ui/alert';

/** Exchanges the single-use ticket from the ACS / OIDC callback for a session. */
export function SsoComplete({ ticket }: { ticket: string }) {
  const router = useRouter();
  const started = useRef(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    signIn('sso', { ticket, redirect: false }).then((result) => {
      if (result?.error) return setError(result.error);
      router.replace('/dashboard');
      router.refresh();
    });
  }, [ticket, router]);

  if (error) {
    return (
      <div className="space-y-3">
        <Alert tone="error">{error}</Alert>
        <Link href="/login" className="text-sm font-medium text-brand-700 hover:underline">
          Back to sign in
        </Link>
      </div>
    );
  }
  return <p role="status" className="text-sm text-slate-600">Signing you in…</p>;
}
