'use client';

import { useState, type FormEvent } from 'react';
import { type SsoBoxAnswer, continueWithSsoAction } from '@/app/(auth)/actions';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { Field } from '@/components/ui/field';

/** Submits Jackson's HTTP-POST binding form (when the IdP wants the request posted). */
function postForm(html: string) {
  const container = document.createElement('div');
  container.hidden = true;
  container.innerHTML = html;
  document.body.appendChild(container);
  container.querySelector('form')?.submit();
}

export function SsoBox({ initialError, errorId }: { initialError?: string; errorId?: string }) {
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string | null>(initialError ?? null);
  const [choices, setChoices] = useState<{ id: string; name: string }[] | null>(null);
  const [pending, setPending] = useState(false);

  async function go(connectionId?: string) {
    setPending(true);
    setError(null);
    try {
      const result = await continueWithSsoAction({ email, connectionId });
      if (!result.ok) return setError(result.error);
      const answer: SsoBoxAnswer = result.data;
      if (answer.kind === 'error') return setError(answer.error);
      if (answer.kind === 'choose') return setChoices(answer.connections);
      if (answer.kind === 'redirect') return window.location.assign(answer.url);
      postForm(answer.html);
    } finally {
      setPending(false);
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setChoices(null);
    void go();
  }

  return (
    <section aria-labelledby="sso-heading" className="rounded-lg border border-slate-200 bg-slate-50 p-4">
      <h2 id="sso-heading" className="text-sm font-semibold text-slate-900">
        Enterprise SSO
      </h2>
      <p className="mt-0.5 text-xs text-slate-500">Sign in with your company&apos;s identity provider.</p>
      <form method="post" onSubmit={onSubmit} className="mt-3 space-y-3" noValidate>
        <Field label="Work email" name="sso-email" type="email" autoComplete="email" placeholder="you@company.com" value={email} onChange={(e) => setEmail(e.target.value)} />
        {error ? (
          <div className="space-y-1">
            <Alert tone="error">
              {error}
              {errorId && error === initialError ? (
                <span className="mt-1 block text-xs">
                  Error id: <code className="select-all rounded bg-white/70 px-1">{errorId}</code>
                </span>
              ) : null}
            </Alert>
            {/* Outside the alert: its live region would read the id aloud again on "Copied". */}
            {errorId && error === initialError ? <CopyButton value={errorId} label="error id" /> : null}
          </div>
        ) : null}
        {choices ? (
          <div role="group" aria-label="Choose your identity provider" className="space-y-2">
            <p className="text-xs text-slate-600">Your organization has several identity providers. Choose yours:</p>
            {choices.map((choice) => (
              <Button key={choice.id} type="button" variant="secondary" className="w-full" disabled={pending} onClick={() => void go(choice.id)}>
                {choice.name}
              </Button>
            ))}
          </div>
        ) : (
          <Button type="submit" variant="secondary" className="w-full" disabled={pending}>
            {pending ? 'Redirecting to your identity provider…' : 'Continue with SSO'}
          </Button>
        )}
      </form>
    </section>
  );
}
