'use client';

import { useState, type FormEvent } from 'react';
import { requestPasswordResetAction } from '@/app/(auth)/actions';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { formText } from '@/components/ui/form-text';
import { useAction } from '@/components/ui/use-action';

export function ForgotPasswordForm() {
  const { run, pending, error } = useAction(requestPasswordResetAction);
  const [done, setDone] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const message = await run({ email: formText(new FormData(event.currentTarget), 'email') });
    if (message) setDone(message);
  }

  if (done) return <Alert tone="success">{done}</Alert>;
  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4" noValidate>
      <Field label="Email" name="email" type="email" autoComplete="email" required />
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? 'Sending…' : 'Send reset link'}
      </Button>
    </form>
  );
}
