'use client';

import { useEffect, useState } from 'react';
import { Button } from '@/components/ui/button';
import { useAction } from '@/components/ui/use-action';
import { exportAuditAction, verifyAuditAction } from '@/lib/audit/actions';
import type { ChainVerdict } from '@/lib/audit/verify';

function download(filename: string, body: string, mimeType: string) {
  const url = URL.createObjectURL(new Blob([body], { type: mimeType }));
  const link = Object.assign(document.createElement('a'), { href: url, download: filename });
  link.click();
  URL.revokeObjectURL(url);
}

function verdictText(verdict: ChainVerdict): string {
  return verdict.ok
    ? `Chain verified: all ${verdict.checked} events intact`
    : `Chain broken at event #${verdict.brokenRow.seq}: ${verdict.brokenRow.reason}`;
}

/** The chain's state, checked when the page opens (the walk can take a moment on a long log). */
export function ChainStatus() {
  const verifier = useAction(verifyAuditAction);
  const [verdict, setVerdict] = useState<ChainVerdict | null>(null);

  async function check() {
    const result = await verifier.run(undefined as never);
    if (result) setVerdict(result);
  }

  // Once, on open; "Check again" re-runs it.
  useEffect(() => void check(), []);

  const tone = verifier.error || (verdict && !verdict.ok) ? 'border-red-200 bg-red-50 text-red-800' : verdict ? 'border-emerald-200 bg-emerald-50 text-emerald-800' : 'border-slate-200 bg-slate-50 text-slate-700';
  return (
    <div className={`flex flex-wrap items-center justify-between gap-2 rounded-md border px-3 py-2 text-sm ${tone}`}>
      <p role="status" data-testid="audit-chain-status">
        {verifier.error ? `Could not check the chain: ${verifier.error}` : verdict ? verdictText(verdict) : 'Checking the hash chain…'}
      </p>
      <Button variant="secondary" size="sm" disabled={verifier.pending} onClick={check}>
        Check again
      </Button>
    </div>
  );
}

/** Downloads of the whole log, as CSV or JSON. */
export function AuditTools() {
  const exporter = useAction(exportAuditAction);
  return (
    <div className="flex flex-wrap items-center gap-2">
      {(['csv', 'json'] as const).map((format) => (
        <Button
          key={format}
          variant="secondary"
          disabled={exporter.pending}
          onClick={async () => {
            const file = await exporter.run({ format });
            if (file) download(file.filename, file.body, file.mimeType);
          }}
        >
          Export {format.toUpperCase()}
        </Button>
      ))}
      {exporter.error ? <span role="alert" className="text-xs text-red-700">{exporter.error}</span> : null}
    </div>
  );
}
