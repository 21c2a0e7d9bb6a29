'use client';

import { useId, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import type { DomainView } from './domain-view';
import { DomainStatusBadge, DomainStatusDetail, domainState } from './domain-status';
import { RemoveDomainButton } from './remove-domain-button';
import { TxtRecord } from './txt-record';
import { VerifyDomainButton } from './verify-domain-button';

export function DomainItem({ domain }: { domain: DomainView }) {
  const headingId = useId();
  const [refusal, setRefusal] = useState<string | null>(null);
  const state = domainState(domain);
  return (
    <section aria-labelledby={headingId} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:p-5">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <h3 id={headingId} className="min-w-0 text-base font-semibold wrap-anywhere text-slate-900">
          {domain.domain}
        </h3>
        <DomainStatusBadge state={state} />
      </div>
      <DomainStatusDetail domain={domain} />
      {state === 'verified' ? null : <TxtRecord domain={domain.domain} record={domain.record} />}
      <div className="flex flex-wrap gap-2">
        {state === 'verified' ? null : <VerifyDomainButton domainId={domain.id} domain={domain.domain} />}
        <RemoveDomainButton domainId={domain.id} domain={domain.domain} verified={state === 'verified'} onOutcome={setRefusal} />
      </div>
      {refusal ? <Alert tone="error">{refusal}</Alert> : null}
    </section>
  );
}
