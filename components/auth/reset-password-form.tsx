'use client';

import { Link } from '@/components/ui/link';
import { useState, type FormEvent } from 'react';
import { setNewPasswordAction } from '@/app/(auth)/actions';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { formText } from '@/components/ui/form-text';
import { useAction } from '@/components/ui/use-action';

export function ResetPasswordForm({ token }: { token: string }) {
  const { run, pending, error, fieldErrors, setError } = useAction(setNewPasswordAction);
  const [done, setDone] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    if (form.get('password') !== form.get('confirm')) return setError('The two passwords do not match');
    if (await run({ token, password: formText(form, 'password') })) setDone(true);
  }

  if (done) {
    return (
      <Alert tone="success">
        Your password was changed and you were signed out everywhere.{' '}
        <Link href="/login" className="font-medium underline">
          Sign in
        </Link>{' '}
        with your new password.
      </Alert>
    );
  }
  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4" noValidate>
      <Field label="New password" name="password" type="password" autoComplete="new-password" hint="At least 10 characters." error={fieldErrors.password} required />
      <Field label="Confirm new password" name="confirm" type="password" autoComplete="new-password" required />
      {error && !fieldErrors.password ? <Alert tone="error">{error}</Alert> : null}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? 'Saving…' : 'Set new password'}
      </Button>
    </form>
  );
}
