'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { LocalTime } from '@/components/ui/local-time';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/empty-state';
import { Field } from '@/components/ui/field';
import { formText } from '@/components/ui/form-text';
import { SecretShownOnce } from '@/components/ui/secret-shown-once';
import { useToast } from '@/components/ui/toast';
import { useAction } from '@/components/ui/use-action';
import { createScimTokenAction, revokeScimTokenAction, rotateScimTokenAction } from '@/lib/scim/actions';
import type { ScimTokenView } from './scim-token-view';

type ShownSecret = { name: string; token: string; rotated: boolean };

function TokenActions({ token, onRotate, onRevoke, pending }: { token: ScimTokenView; onRotate: () => Promise<unknown>; onRevoke: () => Promise<unknown>; pending: boolean }) {
  return (
    <div className="flex flex-wrap gap-2 sm:justify-end">
      <ConfirmDialog
        title={`Rotate SCIM token ${token.name}?`}
        description="A new secret is shown once. The old secret stops working at once: provisioning fails until you paste the new one into your identity provider."
        confirmLabel={`Rotate token ${token.name}`}
        onConfirm={onRotate}
        trigger={(open) => (
          <Button variant="secondary" size="sm" onClick={open} disabled={pending}>
            Rotate<span className="sr-only"> token {token.name}</span>
          </Button>
        )}
      />
      <ConfirmDialog
        title={`Revoke SCIM token ${token.name}?`}
        description="It stops working at once and cannot be turned back on. Your identity provider can no longer provision people with it."
        confirmLabel={`Revoke token ${token.name}`}
        onConfirm={onRevoke}
        trigger={(open) => (
          <Button variant="danger" size="sm" onClick={open} disabled={pending}>
            Revoke<span className="sr-only"> token {token.name}</span>
          </Button>
        )}
      />
    </div>
  );
}

/** Create, rotate and revoke the org's SCIM bearer tokens; a secret is shown once. */
export function ScimTokensPanel({ tokens }: { tokens: ScimTokenView[] }) {
  const router = useRouter();
  const toast = useToast();
  const create = useAction(createScimTokenAction);
  const rotate = useAction(rotateScimTokenAction);
  const revoke = useAction(revokeScimTokenAction);
  const [secret, setSecret] = useState<ShownSecret | null>(null);

  async function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const created = await create.run({ name: formText(new FormData(form), 'name') });
    if (!created) return;
    setSecret({ name: created.name, token: created.token, rotated: false });
    form.reset();
    router.refresh();
  }

  const columns: DataTableColumn<ScimTokenView>[] = [
    { header: 'Name', cell: (token) => token.name, className: 'font-medium break-words' },
    { header: 'Starts with', cell: (token) => <code className="font-mono text-xs">{token.prefix}…</code> },
    { header: 'Created', cell: (token) => <LocalTime iso={token.createdAt} /> },
    { header: 'Last used', cell: (token) => (token.lastUsedAt ? <LocalTime iso={token.lastUsedAt} /> : 'never') },
    {
      header: 'Status',
      cell: (token) =>
        token.revokedAt ? (
          <span className="font-medium text-red-700">
            Revoked <LocalTime iso={token.revokedAt} />
          </span>
        ) : (
          <span className="font-medium text-emerald-700">Active</span>
        ),
    },
    {
      header: 'Actions',
      headerHidden: true,
      className: 'sm:text-right',
      cell: (token) =>
        token.revokedAt ? null : (
          <TokenActions
            token={token}
            pending={rotate.pending || revoke.pending}
            onRotate={async () => {
              const rotated = await rotate.run({ tokenId: token.id });
              if (!rotated) return;
              setSecret({ name: rotated.name, token: rotated.token, rotated: true });
              router.refresh();
            }}
            onRevoke={async () => {
              if (!(await revoke.run({ tokenId: token.id }))) return;
              if (secret?.name === token.name) setSecret(null);
              toast.success(`SCIM token ${token.name} is revoked.`);
              router.refresh();
            }}
          />
        ),
    },
  ];

  return (
    <div className="space-y-4">
      {secret ? (
        <SecretShownOnce value={secret.token} copyLabel={`SCIM token ${secret.name}`} testId="new-scim-token" focusOnShow>
          {secret.rotated ? (
            <>
              New secret for SCIM token <strong>{secret.name}</strong>; the old secret no longer works. Paste this one into your identity provider now.
            </>
          ) : (
            <>
              SCIM token <strong>{secret.name}</strong> created. Paste it into your identity provider now.
            </>
          )}
        </SecretShownOnce>
      ) : null}
      <form onSubmit={onCreate} className="flex flex-col gap-3 sm:flex-row sm:items-start" noValidate>
        <Field label="Token name" name="name" className="w-full sm:max-w-sm" placeholder="e.g. Okta production" autoComplete="off" maxLength={80} hint="Names the token in the request log and the audit log." error={create.fieldErrors.name} />
        <Button type="submit" disabled={create.pending} aria-busy={create.pending || undefined} className="sm:mt-6">
          {create.pending ? 'Creating…' : 'Create token'}
        </Button>
      </form>
      {create.error && !create.fieldErrors.name ? <Alert tone="error">{create.error}</Alert> : null}
      {rotate.error || revoke.error ? <Alert tone="error">{rotate.error ?? revoke.error}</Alert> : null}
      <DataTable
        caption="SCIM tokens"
        columns={columns}
        rows={tokens}
        rowKey={(token) => token.id}
        rowLabel={(token) => `SCIM token ${token.name}`}
        empty={<EmptyState title="No SCIM tokens yet." description="Create one and paste it into your identity provider's provisioning settings." />}
      />
    </div>
  );
}
