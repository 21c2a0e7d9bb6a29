'use client';

import { Link } from '@/components/ui/link';
import { useState, type FormEvent } from 'react';
import { signUpAction } from '@/app/(auth)/actions';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { formText } from '@/components/ui/form-text';
import { useAction } from '@/components/ui/use-action';

type Invite = { token: string; email: string; orgName: string; role: string };

export function SignupForm({ invite }: { invite?: Invite }) {
  const { run, pending, error, fieldErrors } = useAction(signUpAction);
  const [sentTo, setSentTo] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const common = { name: formText(form, 'name'), email: invite?.email ?? formText(form, 'email'), password: formText(form, 'password') };
    const result = await run(invite ? { mode: 'invite', inviteToken: invite.token, ...common } : { mode: 'new-org', orgName: formText(form, 'orgName'), ...common });
    if (result) setSentTo(result.email);
  }

  if (sentTo) {
    return (
      <Alert tone="success">
        Check your inbox: we sent a link to <strong>{sentTo}</strong> to verify your email address. Then{' '}
        <Link href="/login" className="font-medium underline">
          sign in
        </Link>
        .
      </Alert>
    );
  }

  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4" noValidate>
      <Field label="Full name" name="name" autoComplete="name" error={fieldErrors.name} required />
      {invite ? (
        <Field label="Email" name="email" type="email" value={invite.email} readOnly hint="Invites are tied to the address they were sent to." />
      ) : (
        <Field label="Work email" name="email" type="email" autoComplete="email" error={fieldErrors.email} required />
      )}
      <Field label="Password" name="password" type="password" autoComplete="new-password" hint="At least 10 characters." error={fieldErrors.password} required />
      {invite ? null : <Field label="Organization name" name="orgName" autoComplete="organization" error={fieldErrors.orgName} required />}
      {error && !Object.keys(fieldErrors).length ? <Alert tone="error">{error}</Alert> : null}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? 'Creating your account…' : invite ? `Join ${invite.orgName}` : 'Create account'}
      </Button>
      <p className="text-center text-sm text-slate-500">
        Already have an account?{' '}
        <Link href="/login" className="text-brand-700 hover:underline">
          Sign in
        </Link>
      </p>
    </form>
  );
}
