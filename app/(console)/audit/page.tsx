import { AuditTools } from '@/components/console/audit-tools';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/empty-state';
import { Field } from '@/components/ui/field';
import { listAuditEvents } from '@/lib/audit/queries';
import { canInCurrentOrg, requirePageContext } from '@/lib/auth/page-guard';
import { getDb } from '@/lib/db/client';

export const dynamic = 'force-dynamic';

function summarize(value: unknown): string {
  return value === null || value === undefined ? '' : JSON.stringify(value);
}

type AuditEvent = Awaited<ReturnType<typeof listAuditEvents>>[number];

const COLUMNS: DataTableColumn<AuditEvent>[] = [
  { header: '#', cell: (event) => event.seq, className: 'text-slate-500' },
  { header: 'Time', cell: (event) => event.createdAt.toISOString().replace('T', ' ').slice(0, 19), className: 'sm:whitespace-nowrap' },
  { header: 'Action', cell: (event) => event.action, className: 'font-mono' },
  { header: 'Actor', cell: (event) => event.actorLabel ?? event.actorType, className: 'wrap-anywhere' },
  { header: 'Target', cell: (event) => event.targetLabel ?? event.targetId ?? '', className: 'wrap-anywhere' },
  {
    header: 'Details',
    cell: (event) =>
      [summarize(event.before) && `before ${summarize(event.before)}`, summarize(event.after) && `after ${summarize(event.after)}`, summarize(event.metadata)].filter(Boolean).join(' · '),
    className: 'font-mono text-slate-600 wrap-anywhere sm:max-w-md',
  },
  { header: 'IP', cell: (event) => event.ip ?? '' },
];

/** A repeated query parameter (?action=a&action=b) arrives as an array: only a single string counts. */
function textParam(value: string | string[] | undefined, maxLength: number): string | undefined {
  return typeof value === 'string' ? value.slice(0, maxLength) : undefined;
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<{ action?: string | string[]; actor?: string | string[] }> }) {
  const ctx = await requirePageContext();
  if (!ctx.org || !canInCurrentOrg(ctx, 'audit:read')) return <Alert tone="error">Only owners and admins can read the audit log.</Alert>;
  const params = await searchParams;
  const filter = { action: textParam(params.action, 100), actor: textParam(params.actor, 200) };
  const events = await listAuditEvents(getDb(), ctx.org.id, filter);
  return (
    <>
      <h1 className="text-2xl font-semibold">Audit log</h1>
      <Card title="Events" description="Append-only and hash-chained: every event carries the hash of the one before it." actions={<AuditTools />}>
        <form className="mb-4 flex flex-wrap items-end gap-2" method="get">
          <Field label="Action starts with" name="action" defaultValue={filter.action} placeholder="auth." className="w-full sm:w-52" />
          <Field label="Actor" name="actor" defaultValue={filter.actor} placeholder="email or id" className="w-full sm:w-52" />
          <Button type="submit" variant="secondary">
            Filter
          </Button>
        </form>
        <DataTable
          caption="Audit events, newest first"
          columns={COLUMNS}
          rows={events}
          rowKey={(event) => event.id}
          density="xs"
          align="top"
          empty={<EmptyState title="No events match." description={filter.action || filter.actor ? 'Change or clear the filters to see more.' : undefined} />}
        />
      </Card>
    </>
  );
}
