import { CopyButton } from '@/components/ui/copy-button';
import type { DomainView } from './domain-view';

function RecordPart({ term, value, copyLabel }: { term: string; value: string; copyLabel: string }) {
  return (
    <div className="grid gap-1 sm:grid-cols-[4rem_minmax(0,1fr)_auto] sm:items-center sm:gap-3">
      <dt className="text-xs font-medium text-slate-500 uppercase">{term}</dt>
      <dd className="min-w-0">
        <code className="block rounded bg-slate-100 px-2 py-1 font-mono text-xs break-all text-slate-800 select-all">{value}</code>
      </dd>
      <dd>
        <CopyButton value={value} label={copyLabel} />
      </dd>
    </div>
  );
}

/** The DNS TXT record to create, with what to do with it. */
export function TxtRecord({ domain, record }: Pick<DomainView, 'domain' | 'record'>) {
  return (
    <div className="space-y-3 rounded-md border border-slate-200 bg-slate-50/60 p-3">
      <p className="text-sm text-slate-700">
        At your DNS provider, add a <strong>TXT</strong> record on <strong className="wrap-anywhere">{domain}</strong> with this value. It can take a few minutes
        before the record is visible; then click “Verify now”.
      </p>
      <dl className="space-y-2">
        <RecordPart term="Name" value={record.name} copyLabel={`TXT record name for ${domain}`} />
        <RecordPart term="Value" value={record.value} copyLabel={`TXT record value for ${domain}`} />
      </dl>
    </div>
  );
}
