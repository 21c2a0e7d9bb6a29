'use client';

import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { formText } from '@/components/ui/form-text';
import { useToast } from '@/components/ui/toast';
import { useAction } from '@/components/ui/use-action';
import type { Role } from '@/lib/db/schema';
import { ROLE_LABELS } from '@/lib/roles/permissions';
import { setBreakGlassAction } from '@/lib/sso/security-actions';

type Account = { email: string; name: string; role: Role };

type BreakGlassPanelProps = {
  accounts: Account[];
  /** Active owners and admins not named yet: the only ones who can be picked. */
  candidates: Account[];
  max: number;
};

/** Up to `max` owners/admins who keep their password under SSO-only; each use is audited and alerts the owners. */
export function BreakGlassPanel({ accounts, candidates, max }: BreakGlassPanelProps) {
  const router = useRouter();
  const toast = useToast();
  const action = useAction(setBreakGlassAction);
  const full = accounts.length >= max;

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = formText(new FormData(event.currentTarget), 'email');
    if (!(await action.run({ email, enabled: true }))) return;
    toast.success(`${email} is now a break-glass account.`);
    router.refresh();
  }

  async function remove(email: string) {
    if (!(await action.run({ email, enabled: false }))) return;
    toast.success(`${email} is no longer a break-glass account.`);
    router.refresh();
  }

  return (
    <div className="space-y-4">
      {accounts.length === 0 ? (
        <EmptyState title="No break-glass account yet." description="Name at least one owner or admin, so someone can still sign in if your identity provider is down." />
      ) : (
        <ul className="divide-y divide-slate-100 rounded-md border border-slate-200">
          {accounts.map((account) => (
            <li key={account.email} className="flex flex-col gap-2 px-3 py-2 sm:flex-row sm:items-center sm:justify-between">
              <div className="min-w-0">
                <div className="font-medium wrap-anywhere">{account.email}</div>
                <div className="text-xs text-slate-500">
                  {account.name ? `${account.name} · ` : ''}
                  {ROLE_LABELS[account.role]}
                </div>
              </div>
              <ConfirmDialog
                title={`Remove ${account.email} as break-glass?`}
                description="While SSO-only is on, this account can then sign in only with SSO."
                confirmLabel={`Remove ${account.email}`}
                onConfirm={() => remove(account.email)}
                trigger={(open) => (
                  <Button variant="danger" size="sm" onClick={open}>
                    Remove<span className="sr-only"> {account.email} as break-glass</span>
                  </Button>
                )}
              />
            </li>
          ))}
        </ul>
      )}
      {full ? (
        <p className="text-sm text-slate-600">You have named the maximum of {max} break-glass accounts; remove one to pick another.</p>
      ) : candidates.length === 0 ? (
        <p className="text-sm text-slate-600">Every active owner and admin is already a break-glass account.</p>
      ) : (
        <form onSubmit={add} className="flex flex-col gap-3 sm:flex-row sm:items-end" noValidate>
          <div className="w-full sm:max-w-sm">
            <label htmlFor="break-glass-email" className="block text-sm font-medium text-slate-700">
              Owner or admin
            </label>
            <select
              id="break-glass-email"
              name="email"
              aria-invalid={action.error ? true : undefined}
              aria-describedby={action.error ? 'break-glass-error' : undefined}
              className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600"
            >
              {candidates.map((candidate) => (
                <option key={candidate.email} value={candidate.email}>
                  {candidate.email} ({ROLE_LABELS[candidate.role]})
                </option>
              ))}
            </select>
          </div>
          <Button type="submit" disabled={action.pending} aria-busy={action.pending || undefined}>
            Add break-glass account
          </Button>
        </form>
      )}
      {action.error ? (
        <p id="break-glass-error" role="alert" className="text-sm text-red-700">
          {action.error}
        </p>
      ) : null}
    </div>
  );
}
