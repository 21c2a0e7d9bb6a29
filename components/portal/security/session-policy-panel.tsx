'use client';

import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Field } from '@/components/ui/field';
import { formText } from '@/components/ui/form-text';
import { useToast } from '@/components/ui/toast';
import { useAction } from '@/components/ui/use-action';
import { setSessionLifetimeAction, signOutEveryoneAction } from '@/lib/sso/security-actions';

/** "720 minutes (12 hours)" */
export function describeMinutes(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440} day${minutes === 1440 ? '' : 's'}`;
  if (minutes % 60 === 0) return `${minutes / 60} hour${minutes === 60 ? '' : 's'}`;
  return `${minutes} minutes`;
}

export function SessionPolicyPanel({ minutes, min, max }: { minutes: number; min: number; max: number }) {
  const router = useRouter();
  const toast = useToast();
  const lifetime = useAction(setSessionLifetimeAction);
  const signOut = useAction(signOutEveryoneAction);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await lifetime.run({ minutes: formText(new FormData(event.currentTarget), 'minutes') });
    if (!result) return;
    toast.success(`New sessions now last ${describeMinutes(result.minutes)}.`);
    router.refresh();
  }

  async function signOutEveryone() {
    const result = await signOut.run(undefined);
    if (!result) return;
    toast.success(`${result.sessionsRevoked} session${result.sessionsRevoked === 1 ? '' : 's'} ended. You are still signed in here.`);
  }

  return (
    <div className="space-y-5">
      <form onSubmit={save} className="flex flex-col gap-3 sm:flex-row sm:items-start" noValidate>
        <Field
          label="Session lifetime (minutes)"
          name="minutes"
          inputMode="numeric"
          defaultValue={String(minutes)}
          className="w-full sm:max-w-xs"
          hint={`Now ${describeMinutes(minutes)}. From ${min} minutes to ${describeMinutes(max)}; applies to sessions started from now on.`}
          error={lifetime.fieldErrors.minutes ?? lifetime.error ?? undefined}
        />
        <Button type="submit" disabled={lifetime.pending} aria-busy={lifetime.pending || undefined} className="sm:mt-6">
          Save lifetime
        </Button>
      </form>
      <div className="flex flex-col gap-2 border-t border-slate-100 pt-4 sm:flex-row sm:items-center sm:justify-between">
        <p className="text-sm text-slate-600">End every open session in this organization, for example after a lost laptop or a leaked password.</p>
        <ConfirmDialog
          title="Sign out everyone?"
          description="Every person signed in to this organization is signed out on their next click, in every browser. You stay signed in in this browser."
          confirmLabel="Sign out everyone"
          onConfirm={signOutEveryone}
          trigger={(open) => (
            <Button variant="danger" onClick={open} className="shrink-0">
              Sign out everyone…
            </Button>
          )}
        />
      </div>
      {signOut.error ? (
        <p role="alert" className="text-sm text-red-700">
          {signOut.error}
        </p>
      ) : null}
    </div>
  );
}
