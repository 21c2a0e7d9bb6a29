import { LocalTime } from '@/components/ui/local-time';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/empty-state';
import type { AuditEventRow } from '@/lib/audit/queries';
import { actorWords, describeAuditEvent } from '@/lib/audit/sentences';

/** The stored event as it is, for the disclosure under its sentence. */
function rawEvent(event: AuditEventRow) {
  const { id: _id, orgId: _orgId, ...shown } = event;
  return JSON.stringify({ ...shown, createdAt: event.createdAt.toISOString() }, null, 2);
}

const columns: DataTableColumn<AuditEventRow>[] = [
  { header: '#', cell: (event) => event.seq, className: 'text-slate-500 tabular-nums' },
  { header: 'Time', cell: (event) => <LocalTime iso={event.createdAt.toISOString()} />, className: 'sm:whitespace-nowrap' },
  {
    header: 'Event',
    className: 'min-w-0 sm:w-1/2',
    cell: (event) => (
      <div className="min-w-0">
        <p className="break-words text-slate-900" data-testid="audit-sentence">
          {describeAuditEvent(event)}
        </p>
        <details className="mt-1">
          <summary className="cursor-pointer rounded text-xs font-medium text-slate-600 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600">
            Raw event <span className="font-mono">{event.action}</span>
          </summary>
          <pre tabIndex={0} aria-label={`Raw event #${event.seq}`} className="mt-1 max-h-80 overflow-auto rounded bg-slate-50 p-2 font-mono text-[11px] whitespace-pre-wrap text-slate-700 wrap-anywhere">{rawEvent(event)}</pre>
        </details>
      </div>
    ),
  },
  { header: 'Actor', cell: (event) => actorWords(event), className: 'wrap-anywhere' },
  { header: 'From', cell: (event) => event.ip ?? '', className: 'font-mono wrap-anywhere text-slate-600' },
];

export function AuditEventsTable({ events, filtered }: { events: AuditEventRow[]; filtered: boolean }) {
  return (
    <DataTable
      caption="Audit events, newest first"
      columns={columns}
      rows={events}
      rowKey={(event) => event.id}
      density="xs"
      align="top"
      empty={<EmptyState title="No events match." description={filtered ? 'Change or clear the filters to see more.' : undefined} />}
    />
  );
}
