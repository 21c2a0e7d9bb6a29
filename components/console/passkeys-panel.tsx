'use client';

import { startRegistration } from '@simplewebauthn/browser';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { LocalTime } from '@/components/ui/local-time';
import { Card } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { useAction } from '@/components/ui/use-action';
import { finishPasskeyRegistrationAction, removePasskeyAction, startPasskeyRegistrationAction } from '@/lib/auth/passkey-actions';

type Passkey = { id: string; name: string; createdAt: string; lastUsedAt: string | null; active: boolean; synced: boolean };

export function PasskeysPanel({ passkeys }: { passkeys: Passkey[] }) {
  const router = useRouter();
  const finish = useAction(finishPasskeyRegistrationAction);
  const remove = useAction(removePasskeyAction);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onAdd(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get('name') ?? '');
    setStatus(null);
    finish.setError(null);
    setBusy(true);
    try {
      const started = await startPasskeyRegistrationAction();
      if (!started.ok) return finish.setError(started.error);
      let response;
      try {
        response = await startRegistration({ optionsJSON: started.data.options });
      } catch (error) {
        return finish.setError(`Passkey registration was cancelled or failed: ${(error as Error).message}`);
      }
      if (await finish.run({ challengeId: started.data.challengeId, name, response })) {
        form.reset();
        setStatus('Passkey added. You can now sign in with it.');
        router.refresh();
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title="Passkeys" description="Sign in with your device's fingerprint, face or screen lock instead of a password.">
      <form onSubmit={onAdd} className="mb-4 flex flex-wrap items-end gap-2" noValidate>
        <Field label="Passkey name" name="name" placeholder="e.g. MacBook Touch ID" className="w-full sm:w-64" error={finish.fieldErrors.name} />
        <Button type="submit" disabled={busy || finish.pending}>
          Add a passkey
        </Button>
      </form>
      {status ? <Alert tone="success">{status}</Alert> : null}
      {finish.error && !finish.fieldErrors.name ? <Alert tone="error">{finish.error}</Alert> : null}
      {remove.error ? <Alert tone="error">{remove.error}</Alert> : null}
      {passkeys.length === 0 ? (
        <p className="mt-2 text-sm text-slate-500">No passkeys yet.</p>
      ) : (
        <ul className="mt-2 divide-y divide-slate-100" aria-label="Your passkeys">
          {passkeys.map((passkey) => (
            <li key={passkey.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
              <span>
                <strong>{passkey.name}</strong>
                <span className="ml-2 text-slate-500">
                  added <LocalTime iso={passkey.createdAt} style="date" />
                  {passkey.lastUsedAt ? (
                    <>
                      , last used <LocalTime iso={passkey.lastUsedAt} />
                    </>
                  ) : null}
                  {passkey.active ? '' : ' · turned off (SSO-only)'}
                </span>
              </span>
              <Button
                variant="danger"
                disabled={remove.pending}
                onClick={async () => {
                  if (await remove.run({ passkeyId: passkey.id })) router.refresh();
                }}
              >
                Remove
              </Button>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
