'use client';

import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { deleteConnectionAction, refreshConnectionMetadataAction, setConnectionEnabledAction } from '@/lib/sso/actions';
import type { ConnectionView } from '@/lib/sso/portal-views';
import { callAction } from './call-action';
import { MANAGE_PANEL_ID, PROTOCOL_LABELS } from './labels';
import { EditConnectionForm } from './edit-connection-form';
import { formatDateTime } from '@/components/ui/date-time';
import { SigningCertificates } from './signing-certificates';

type ActionSection = 'status' | 'metadata' | 'delete';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-label={title} className="space-y-2 border-t border-slate-100 pt-4">
      <h4 className="text-sm font-semibold text-slate-900">{title}</h4>
      {children}
    </section>
  );
}

type ManageConnectionProps = {
  connection: ConnectionView;
  /** After a change (the caller refreshes the data and shows `message` as a toast). */
  onChanged: (message: string) => void;
  /** After the connection was deleted. */
  onDeleted: (message: string) => void;
  onClose: () => void;
};

/** Everything done to one connection: details, on/off, metadata refresh, certificates, delete. */
export function ManageConnection({ connection, onChanged, onDeleted, onClose }: ManageConnectionProps) {
  const [error, setError] = useState<{ section: ActionSection; message: string } | null>(null);
  const [pending, setPending] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const isSaml = connection.protocol === 'saml';

  useEffect(() => {
    headingRef.current?.focus();
    setError(null);
  }, [connection.id]);

  /** Runs an action; a refusal is shown in the section whose button ran it. */
  async function run<T>(section: ActionSection, call: () => Promise<{ ok: true; data: T } | { ok: false; error: string }>, done: (data: T) => void) {
    setPending(true);
    setError(null);
    try {
      const result = await callAction(call);
      if (!result.ok) return setError({ section, message: result.error });
      done(result.data);
    } finally {
      setPending(false);
    }
  }

  const setEnabled = (enabled: boolean) =>
    run('status', () => setConnectionEnabledAction({ connectionId: connection.id, enabled }), () => onChanged(`Connection ${connection.name} ${enabled ? 'enabled' : 'disabled'}.`));

  return (
    <section id={MANAGE_PANEL_ID} aria-labelledby={`${MANAGE_PANEL_ID}-heading`} className="mt-5 space-y-4 rounded-md border border-slate-200 bg-slate-50/60 p-4">
      <header className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h3 id={`${MANAGE_PANEL_ID}-heading`} ref={headingRef} tabIndex={-1} className="text-base font-semibold wrap-anywhere text-slate-900 focus:outline-none">
            Manage {connection.name}
          </h3>
          <p className="text-xs text-slate-500">
            {PROTOCOL_LABELS[connection.protocol]} · {connection.idpEntityId ?? 'no IdP entity ID'}
          </p>
        </div>
        <Button type="button" variant="secondary" size="sm" onClick={onClose}>
          Close<span className="sr-only"> the management of {connection.name}</span>
        </Button>
      </header>

      <Section title="Details">
        <EditConnectionForm key={connection.id} connection={connection} onSaved={onChanged} />
      </Section>

      <Section title="Status">
        <p className="text-sm text-slate-600">
          {connection.enabled ? 'Enabled: people can sign in through this connection.' : 'Disabled: sign-ins through this connection are refused until you enable it again.'}
        </p>
        {connection.enabled ? (
          <ConfirmDialog
            title={`Disable ${connection.name}?`}
            description="People who sign in through this connection cannot until you enable it again. Nothing is deleted."
            confirmLabel={`Disable ${connection.name}`}
            onConfirm={() => setEnabled(false)}
            trigger={(open) => (
              <Button type="button" variant="danger" size="sm" disabled={pending} onClick={open}>
                Disable
              </Button>
            )}
          />
        ) : (
          <Button type="button" variant="secondary" size="sm" disabled={pending} onClick={() => void setEnabled(true)}>
            Enable
          </Button>
        )}
        {error?.section === 'status' ? <Alert tone="error">{error.message}</Alert> : null}
      </Section>

      {isSaml ? (
        <Section title="Metadata">
          {connection.metadataUrl ? (
            <>
              <p className="text-sm text-slate-600">
                Read from <code className="font-mono text-xs wrap-anywhere text-slate-900">{connection.metadataUrl}</code>, and again on a schedule to pick up a certificate rollover.{' '}
                {connection.metadataRefreshedAt ? <>Last read {formatDateTime(connection.metadataRefreshedAt)}.</> : null}
              </p>
              {connection.metadataRefreshError ? <p className="text-sm text-red-700 wrap-anywhere">The last refresh failed: {connection.metadataRefreshError}</p> : null}
              <Button
                type="button"
                variant="secondary"
                size="sm"
                disabled={pending}
                onClick={() =>
                  void run(
                    'metadata',
                    () => refreshConnectionMetadataAction({ connectionId: connection.id }),
                    (data) => onChanged(`Metadata of ${connection.name} refreshed: ${data.certificates} signing certificate${data.certificates === 1 ? '' : 's'}.`),
                  )
                }
              >
                Refresh metadata
              </Button>
              {error?.section === 'metadata' ? <Alert tone="error">{error.message}</Alert> : null}
            </>
          ) : (
            <p className="text-sm text-slate-600">
              Uploaded or pasted, so it cannot be refreshed. At a certificate rollover, add the IdP’s new metadata as a SAML connection again: a connection to the same IdP entity ID is updated, not duplicated.
            </p>
          )}
        </Section>
      ) : null}

      {isSaml ? (
        <Section title="Signing certificates">
          <SigningCertificates connection={connection} onRemoved={onChanged} />
        </Section>
      ) : null}

      <Section title="Delete">
        <p className="text-sm text-slate-600">People can no longer sign in through this connection. The audit log keeps its history.</p>
        <ConfirmDialog
          title={`Delete ${connection.name}?`}
          description="Sign-ins through this connection stop at once and its settings and certificates are removed. This cannot be undone."
          confirmLabel={`Delete ${connection.name}`}
          confirmText={connection.name}
          onConfirm={() => run('delete', () => deleteConnectionAction({ connectionId: connection.id }), () => onDeleted(`Connection ${connection.name} deleted.`))}
          trigger={(open) => (
            <Button type="button" variant="danger" size="sm" disabled={pending} onClick={open}>
              Delete connection
            </Button>
          )}
        />
        {error?.section === 'delete' ? <Alert tone="error">{error.message}</Alert> : null}
      </Section>
    </section>
  );
}
