'use client';

import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { removeSigningCertificateAction } from '@/lib/sso/actions';
import type { ConnectionView } from '@/lib/sso/portal-views';
import { callAction } from './call-action';
import { CertificateExpiry } from './certificate-expiry';
import { formatDate } from '@/components/ui/date-time';

type SigningCertificatesProps = { connection: ConnectionView; onRemoved: (message: string) => void };

/**
 * The certificates a SAML connection accepts signatures from (several during a rollover), each
 * removable on its own after a confirmation. The last one stays: the server refuses it too.
 */
export function SigningCertificates({ connection, onRemoved }: SigningCertificatesProps) {
  const [error, setError] = useState<string | null>(null);
  const { certificates } = connection;
  const onlyOne = certificates.length === 1;

  async function remove(fingerprint: string) {
    setError(null);
    const removed = await callAction(() => removeSigningCertificateAction({ connectionId: connection.id, fingerprint }));
    if (!removed.ok) return setError(removed.error);
    onRemoved(`Signing certificate removed from ${connection.name}.`);
  }

  if (certificates.length === 0) return <p className="text-sm text-slate-600">This connection has no readable signing certificate: add its metadata again.</p>;
  return (
    <div className="space-y-3">
      <ul className="divide-y divide-slate-100 rounded-md border border-slate-200" aria-label={`Signing certificates of ${connection.name}`}>
        {certificates.map((certificate, index) => (
          <li key={certificate.fingerprintSha256} aria-label={`Certificate ${index + 1}: ${certificate.subject}`} className="flex flex-col gap-3 px-3 py-3 sm:flex-row sm:items-start sm:justify-between">
            <div className="min-w-0 space-y-0.5 text-sm">
              <p className="font-medium wrap-anywhere">{certificate.subject}</p>
              <p className="text-xs text-slate-600">
                SHA-256 <code className="font-mono wrap-anywhere text-slate-900">{certificate.fingerprintSha256}</code>
              </p>
              <p className="flex flex-wrap items-center gap-1 text-xs text-slate-600">
                Valid from <time dateTime={certificate.notBefore}>{formatDate(certificate.notBefore)}</time> to <CertificateExpiry {...certificate} />
              </p>
            </div>
            {onlyOne ? null : (
              <ConfirmDialog
                title="Remove this signing certificate?"
                description={
                  <>
                    <p className="wrap-anywhere">
                      {certificate.subject}, SHA-256 <code className="font-mono text-xs wrap-anywhere">{certificate.fingerprintSha256}</code>.
                    </p>
                    <p className="mt-2">Responses signed with it are refused from now on, and refreshing the metadata does not bring it back.</p>
                  </>
                }
                confirmLabel="Remove certificate"
                onConfirm={() => remove(certificate.fingerprintSha256)}
                trigger={(open) => (
                  <Button type="button" variant="danger" size="sm" onClick={open} className="self-start">
                    Remove<span className="sr-only"> certificate {certificate.subject}</span>
                  </Button>
                )}
              />
            )}
          </li>
        ))}
      </ul>
      {onlyOne ? (
        <p className="text-sm text-slate-600">
          This is the connection’s only signing certificate, so it cannot be removed: add the IdP’s next certificate first (refresh or add the new metadata), then remove this one.
        </p>
      ) : null}
      {error ? <Alert tone="error">{error}</Alert> : null}
    </div>
  );
}
