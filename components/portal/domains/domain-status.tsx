import { LocalTime } from '@/components/ui/local-time';
import type { DomainView } from './domain-view';

const BADGES = {
  verified: { label: 'Verified', className: 'bg-emerald-50 text-emerald-800 ring-emerald-200' },
  pending: { label: 'Pending', className: 'bg-amber-50 text-amber-900 ring-amber-200' },
  failed: { label: 'Last check failed', className: 'bg-red-50 text-red-800 ring-red-200' },
} as const;

export type DomainState = keyof typeof BADGES;

export function domainState(domain: DomainView): DomainState {
  if (domain.verifiedAt) return 'verified';
  return domain.lastFailure ? 'failed' : 'pending';
}

export function DomainStatusBadge({ state }: { state: DomainState }) {
  const badge = BADGES[state];
  return <span className={`inline-flex shrink-0 items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${badge.className}`}>{badge.label}</span>;
}

/** One line under the name: when it was verified, why the last check failed, or that it waits for its record. */
export function DomainStatusDetail({ domain }: { domain: DomainView }) {
  if (domain.verifiedAt) {
    return (
      <p className="text-sm text-slate-600">
        Verified <LocalTime iso={domain.verifiedAt} />. People with addresses on this domain can sign in with your SSO connections.
      </p>
    );
  }
  if (domain.lastFailure) {
    return (
      <div className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
        <p className="font-medium">
          Checked <LocalTime iso={domain.lastFailure.checkedAt} />: not verified.
        </p>
        <p className="mt-1 break-words">{domain.lastFailure.message}</p>
      </div>
    );
  }
  return <p className="text-sm text-slate-600">Not verified yet: create the TXT record below, then verify.</p>;
}
