'use client';

import { startAuthentication } from '@simplewebauthn/browser';
import { signIn } from 'next-auth/react';
import { Link } from '@/components/ui/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { beginPasskeySignInAction, resendVerificationAction } from '@/app/(auth)/actions';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';

const UNVERIFIED_PREFIX = 'Please verify your email address first';

export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, setPending] = useState<'password' | 'passkey' | null>(null);

  async function finish(result: Awaited<ReturnType<typeof signIn>>) {
    if (result?.error) {
      setError(result.error === 'CredentialsSignin' ? 'Sign-in failed. Please try again.' : result.error);
      return;
    }
    router.replace(callbackUrl);
    router.refresh();
  }

  async function onPasswordSubmit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setNotice(null);
    setPending('password');
    try {
      await finish(await signIn('password', { email, password, redirect: false }));
    } finally {
      setPending(null);
    }
  }

  async function onPasskey() {
    setError(null);
    setNotice(null);
    setPending('passkey');
    try {
      const started = await beginPasskeySignInAction();
      if (!started.ok) return setError(started.error);
      let response;
      try {
        response = await startAuthentication({ optionsJSON: started.data.options });
      } catch {
        return setError('No passkey was used. Try again, or sign in with your password.');
      }
      await finish(await signIn('passkey', { challengeId: started.data.challengeId, response: JSON.stringify(response), redirect: false }));
    } finally {
      setPending(null);
    }
  }

  async function onResend() {
    const result = await resendVerificationAction({ email });
    setError(null);
    setNotice(result.ok ? result.data : result.error);
  }

  return (
    <div className="space-y-4">
      <form method="post" onSubmit={onPasswordSubmit} className="space-y-4" aria-label="Sign in with email and password" noValidate>
        <Field label="Email" name="email" type="email" autoComplete="username webauthn" value={email} onChange={(e) => setEmail(e.target.value)} required />
        <Field label="Password" name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        {error ? (
          <Alert tone="error">
            {error}
            {error.startsWith(UNVERIFIED_PREFIX) ? (
              <button type="button" onClick={onResend} className="ml-1 font-medium underline">
                Resend the link
              </button>
            ) : null}
          </Alert>
        ) : null}
        {notice ? <Alert tone="success">{notice}</Alert> : null}
        <Button type="submit" className="w-full" disabled={pending !== null}>
          {pending === 'password' ? 'Signing in…' : 'Sign in'}
        </Button>
      </form>
      <Button type="button" variant="secondary" className="w-full" onClick={onPasskey} disabled={pending !== null}>
        {pending === 'passkey' ? 'Waiting for your passkey…' : 'Sign in with a passkey'}
      </Button>
      <div className="flex justify-between text-sm">
        <Link href="/forgot-password" className="text-brand-700 hover:underline">
          Forgot your password?
        </Link>
        <Link href="/signup" className="text-brand-700 hover:underline">
          Create an account
        </Link>
      </div>
    </div>
  );
}
