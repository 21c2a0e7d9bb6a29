'use client';

import { useState, type FormEvent } from 'react';
import { continueWithSso } from '@/app/(auth)/actions';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';

export function SsoBox({ initialError, errorId }: { initialError?: string; errorId?: string }) {
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string | null>(initialError ?? null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const result = await continueWithSso({ email });
      if (!result.ok) return setError(result.error);
      if (!result.data.ok) return setError(result.data.error);
    } finally {
      setPending(false);
    }
  }

  return (
    <section aria-labelledby="sso-heading" className="rounded-lg border border-slate-200 bg-slate-50 p-4">
      <h2 id="sso-heading" className="text-sm font-semibold text-slate-900">
        Enterprise SSO
      </h2>
      <p className="mt-0.5 text-xs text-slate-500">Sign in with your company&apos;s identity provider.</p>
      <form onSubmit={onSubmit} className="mt-3 space-y-3" noValidate>
        <Field label="Work email" name="sso-email" type="email" autoComplete="email" placeholder="you@company.com" value={email} onChange={(e) => setEmail(e.target.value)} />
        {error ? (
          <Alert tone="error">
            {error}
            {errorId ? (
              <span className="mt-1 block text-xs">
                Error id: <code className="select-all rounded bg-white/70 px-1">{errorId}</code>
              </span>
            ) : null}
          </Alert>
        ) : null}
        <Button type="submit" variant="secondary" className="w-full" disabled={pending}>
          {pending ? 'Looking up your organization…' : 'Continue with SSO'}
        </Button>
      </form>
    </section>
  );
}
