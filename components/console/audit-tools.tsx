'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { useAction } from '@/components/ui/use-action';
import { exportAuditAction, verifyAuditAction } from '@/lib/audit/actions';

function download(filename: string, body: string, mimeType: string) {
  const url = URL.createObjectURL(new Blob([body], { type: mimeType }));
  const link = Object.assign(document.createElement('a'), { href: url, download: filename });
  link.click();
  URL.revokeObjectURL(url);
}

export function AuditTools() {
  const exporter = useAction(exportAuditAction);
  const verifier = useAction(verifyAuditAction);
  const [verdict, setVerdict] = useState<string | null>(null);

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
      <Button
        variant="secondary"
        disabled={verifier.pending}
        onClick={async () => {
          const result = await verifier.run(undefined as never);
          if (result) setVerdict(result.ok ? `Chain intact: ${result.checked} events verified` : `Chain broken at event #${result.brokenRow.seq}: ${result.brokenRow.reason}`);
        }}
      >
        Verify chain
      </Button>
      {verdict ? <span role="status" className="text-xs text-slate-600">{verdict}</span> : null}
      {exporter.error || verifier.error ? <span role="alert" className="text-xs text-red-700">{exporter.error ?? verifier.error}</span> : null}
    </div>
  );
}
