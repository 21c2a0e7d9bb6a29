'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { useToast } from '@/components/ui/toast';
import { useAction } from '@/components/ui/use-action';
import { ROLE_LABELS } from '@/lib/roles/permissions';
import { previewSsoOnlyAction, setSsoOnlyAction } from '@/lib/sso/security-actions';
import type { SsoOnlyPreview } from '@/lib/sso/sso-only-preview';

type SsoOnlyPanelProps = {
  enabled: boolean;
  /** Why it cannot be switched on yet, or null when it can. */
  blockedReason: string | null;
  verifiedDomains: string[];
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function PreviewText({ preview }: { preview: SsoOnlyPreview }) {
  return (
    <div className="space-y-2">
      <p>
        <strong>{plural(preview.accountsLosingLocalSignIn, 'account')}</strong> on {preview.verifiedDomains.join(', ') || 'your verified domains'} will no longer sign in with a password or passkey; they use
        SSO from now on. {plural(preview.sessionsEnded, 'password or passkey session')} {preview.sessionsEnded === 1 ? 'ends' : 'end'} now.
      </p>
      {preview.breakGlass.length > 0 ? (
        <div>
          <p>These break-glass accounts keep their password:</p>
          <ul className="mt-1 list-disc pl-5">
            {preview.breakGlass.map((account) => (
              <li key={account.membershipId} className="wrap-anywhere">
                {account.email} ({ROLE_LABELS[account.role]})
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="font-medium text-amber-800">No break-glass account: if your identity provider is down, nobody on these domains can sign in.</p>
      )}
    </div>
  );
}

/** The SSO-only switch: off until SSO is proven to work, and a preview to confirm before it goes on. */
export function SsoOnlyPanel({ enabled, blockedReason, verifiedDomains }: SsoOnlyPanelProps) {
  const router = useRouter();
  const toast = useToast();
  const preview = useAction(previewSsoOnlyAction);
  const toggle = useAction(setSsoOnlyAction);
  const [shown, setShown] = useState<SsoOnlyPreview | null>(null);
  const reasonId = 'sso-only-blocked-reason';

  async function turn(on: boolean) {
    const result = await toggle.run({ enabled: on });
    if (!result) return;
    toast.success(on ? 'SSO-only is on.' : 'SSO-only is off: passwords and passkeys work again.');
    router.refresh();
  }

  const coverage = verifiedDomains.length > 0 ? `Covers ${verifiedDomains.join(', ')}.` : 'You have no verified domain yet, so it would cover nobody.';

  return (
    <div className="space-y-3">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <p className="text-sm text-slate-600">
          SSO-only is <strong>{enabled ? 'on' : 'off'}</strong>. {coverage}
        </p>
        {enabled ? (
          <Button variant="secondary" disabled={toggle.pending} onClick={() => turn(false)}>
            Turn SSO-only off
          </Button>
        ) : (
          <ConfirmDialog
            title="Turn on SSO-only?"
            description={shown ? <PreviewText preview={shown} /> : null}
            confirmLabel="Turn on SSO-only"
            onConfirm={() => turn(true)}
            trigger={(open) => (
              <Button
                disabled={blockedReason !== null || preview.pending}
                aria-describedby={blockedReason ? reasonId : undefined}
                onClick={async () => {
                  const result = await preview.run(undefined);
                  if (!result) return;
                  // The page may be stale: the server's answer decides whether the switch can go on.
                  if (!result.readiness.ready) return preview.setError(result.readiness.reason);
                  setShown(result.preview);
                  open();
                }}
              >
                Turn SSO-only on…
              </Button>
            )}
          />
        )}
      </div>
      {blockedReason && !enabled ? (
        <p id={reasonId} className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {blockedReason}
        </p>
      ) : null}
      {preview.error || toggle.error ? <Alert tone="error">{preview.error ?? toggle.error}</Alert> : null}
    </div>
  );
}
