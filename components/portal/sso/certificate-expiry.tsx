import { formatDate } from '@/components/ui/date-time';
import { StatusBadge } from './status-badge';

type Validity = { notAfter: string; expired: boolean; expiresSoon: boolean; notYetValid?: boolean };

/** The badge of a certificate's validity: Expired (error), Expires soon (warning, inside 30 days), Not yet valid. */
export function ExpiryBadge({ expired, expiresSoon, notYetValid }: Omit<Validity, 'notAfter'>) {
  if (expired) return <StatusBadge tone="error">Expired</StatusBadge>;
  if (notYetValid) return <StatusBadge tone="neutral">Not yet valid</StatusBadge>;
  if (expiresSoon) return <StatusBadge tone="warning">Expires soon</StatusBadge>;
  return null;
}

/** "12 Mar 2026" and, when it matters, its badge. */
export function CertificateExpiry(validity: Validity) {
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5">
      <time dateTime={validity.notAfter}>{formatDate(validity.notAfter)}</time>
      <ExpiryBadge {...validity} />
    </span>
  );
}
