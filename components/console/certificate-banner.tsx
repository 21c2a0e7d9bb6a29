import { Link } from '@/components/ui/link';
import { formatDate } from '@/components/ui/date-time';
import type { CertificateWarning } from '@/lib/sso/certificate-banner';

/**
 * Above every console page for owners and admins while a SAML connection's signing certificate
 * has expired or expires within 30 days (lib/sso/certificate-banner.ts): the connection, the date,
 * and the way to the page where the new certificate is added.
 */
export function CertificateBanner({ warnings }: { warnings: CertificateWarning[] }) {
  if (warnings.length === 0) return null;
  const anyExpired = warnings.some((w) => w.expired);
  return (
    <section aria-label="SSO certificate warning" className={`rounded-lg border px-4 py-3 text-sm ${anyExpired ? 'border-red-200 bg-red-50 text-red-900' : 'border-amber-300 bg-amber-50 text-amber-950'}`}>
      <p className="font-semibold">{anyExpired ? 'An SSO signing certificate has expired' : 'An SSO signing certificate expires soon'}</p>
      <ul className="mt-1 space-y-0.5">
        {warnings.map((warning) => (
          <li key={warning.connectionId} className="wrap-anywhere">
            The signing certificate of <strong>{warning.connectionName}</strong> {warning.expired ? 'expired on' : 'expires on'}{' '}
            <time dateTime={warning.notAfter.toISOString()}>{formatDate(warning.notAfter)}</time>.
          </li>
        ))}
      </ul>
      <p className="mt-1">
        Get the new certificate into the connection (refresh or add the IdP’s new metadata), then remove the old one.{' '}
        <Link href="/settings/sso" className="font-medium underline underline-offset-2 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600">
          Review SSO connections
        </Link>
      </p>
    </section>
  );
}
