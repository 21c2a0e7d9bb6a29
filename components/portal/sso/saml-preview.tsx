import type { RefObject } from 'react';
import type { previewSamlConnectionAction } from '@/lib/sso/actions';
import { CertificateExpiry } from './certificate-expiry';
import { formatDate } from '@/components/ui/date-time';
import { StatusBadge } from './status-badge';

/** What previewSamlConnectionAction detected in the metadata. */
export type SamlMetadataPreview = Extract<Awaited<ReturnType<typeof previewSamlConnectionAction>>, { ok: true }>['data'];

const iso = (value: Date | string) => new Date(value).toISOString();

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-1 py-2 sm:grid-cols-[10rem_minmax(0,1fr)] sm:gap-4">
      <dt className="text-sm font-medium text-slate-600">{label}</dt>
      <dd className="min-w-0 text-sm text-slate-900">{children}</dd>
    </div>
  );
}

/** The metadata's entity id, SSO URLs, signing certificates and IdP product, shown before saving. */
export function SamlPreview({ preview, headingRef }: { preview: SamlMetadataPreview; headingRef?: RefObject<HTMLHeadingElement | null> }) {
  return (
    <section aria-labelledby="saml-preview-heading" className="rounded-md border border-brand-100 bg-brand-50/40 px-4 py-3">
      <h4 id="saml-preview-heading" ref={headingRef} tabIndex={-1} className="text-sm font-semibold text-slate-900 focus:outline-none">
        Detected in the metadata
      </h4>
      <p className="mt-0.5 text-xs text-slate-600">Nothing is saved yet. Check these values against your IdP, then save.</p>
      <dl className="mt-2 divide-y divide-brand-100">
        <Row label="Identity provider">{preview.product.name}</Row>
        <Row label="IdP entity ID">
          <code className="font-mono text-xs wrap-anywhere" data-testid="preview-entity-id">{preview.entityId}</code>
        </Row>
        <Row label={preview.ssoServices.length > 1 ? 'SSO URLs' : 'SSO URL'}>
          <ul className="space-y-1">
            {preview.ssoServices.map((service) => (
              <li key={`${service.binding} ${service.url}`} className="flex flex-wrap items-center gap-2">
                <code className="font-mono text-xs wrap-anywhere">{service.url}</code>
                <StatusBadge tone="neutral">{service.binding}</StatusBadge>
              </li>
            ))}
          </ul>
        </Row>
        <Row label={preview.signingCertificates.length > 1 ? `Signing certificates (${preview.signingCertificates.length})` : 'Signing certificate'}>
          <ul className="space-y-3">
            {preview.signingCertificates.map((certificate) => (
              <li key={certificate.fingerprintSha256} className="space-y-0.5">
                <p className="wrap-anywhere">{certificate.subject}</p>
                <p className="text-xs text-slate-600">
                  SHA-256 fingerprint <code className="font-mono wrap-anywhere text-slate-900">{certificate.fingerprintSha256}</code>
                </p>
                <p className="flex flex-wrap items-center gap-1 text-xs text-slate-600">
                  Valid from <time dateTime={iso(certificate.notBefore)}>{formatDate(certificate.notBefore)}</time> to{' '}
                  <CertificateExpiry notAfter={iso(certificate.notAfter)} expired={certificate.expired} expiresSoon={certificate.expiresSoon} notYetValid={certificate.notYetValid} />
                </p>
              </li>
            ))}
          </ul>
        </Row>
      </dl>
    </section>
  );
}
