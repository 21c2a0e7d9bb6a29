import { Link } from '@/components/ui/link';
import type { ReactNode } from 'react';
import { LocalTime } from '@/components/ui/local-time';
import { Card } from '@/components/ui/card';
import type { ScimRequestDetail } from '@/lib/scim/request-log';
import { StatusCode } from './status-code';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 py-2 sm:grid-cols-[10rem_minmax(0,1fr)] sm:gap-4">
      <dt className="text-sm font-medium text-slate-700">{label}</dt>
      <dd className="min-w-0 text-sm text-slate-900">{children}</dd>
    </div>
  );
}

/** One logged SCIM request: what came in (body already redacted when stored) and what we answered. */
export function RequestDetail({ request }: { request: ScimRequestDetail }) {
  return (
    <>
      <div>
        <Link href="/settings/scim" className="text-sm font-medium text-brand-700 underline-offset-2 hover:underline">
          ← SCIM
        </Link>
        <h1 className="mt-2 text-2xl font-semibold">
          SCIM request <span className="font-mono">{request.method}</span>
        </h1>
        <p className="mt-1 font-mono text-sm wrap-anywhere text-slate-600">{request.path}</p>
      </div>
      <Card title="Request">
        <dl className="divide-y divide-slate-100">
          <Row label="Method">
            <span className="font-mono">{request.method}</span>
          </Row>
          <Row label="Path">
            <span className="font-mono wrap-anywhere">{request.path}</span>
          </Row>
          <Row label="Status">
            <StatusCode status={request.status} />
          </Row>
          <Row label="Time">
            <LocalTime iso={request.createdAt.toISOString()} />
          </Row>
          <Row label="Token">{request.tokenName ?? 'a deleted token'}</Row>
          <Row label="Duration">{request.durationMs} ms</Row>
          <Row label="Error returned">{request.error ? <span className="wrap-anywhere text-red-800" data-testid="scim-request-error">{request.error}</span> : <span className="text-slate-500">none</span>}</Row>
        </dl>
      </Card>
      <Card title="Request body" description="As received, with passwords and other secrets replaced by [redacted] before it was stored.">
        {request.body === null ? (
          <p className="text-sm text-slate-500">No body.</p>
        ) : (
          <pre data-testid="scim-request-body" tabIndex={0} aria-label="Request body (JSON)" className="max-h-[32rem] overflow-auto rounded bg-slate-900 p-3 font-mono text-xs whitespace-pre-wrap text-slate-100 wrap-anywhere">
            {JSON.stringify(request.body, null, 2)}
          </pre>
        )}
      </Card>
    </>
  );
}
