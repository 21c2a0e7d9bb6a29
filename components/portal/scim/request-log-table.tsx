import { Link } from '@/components/ui/link';
import { LocalTime } from '@/components/ui/local-time';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/empty-state';
import type { ScimRequestSummary } from '@/lib/scim/request-log';
import { StatusCode } from './status-code';

export const scimRequestPath = (id: number) => `/settings/scim/requests/${id}`;

const columns: DataTableColumn<ScimRequestSummary>[] = [
  { header: 'Time', cell: (row) => <LocalTime iso={row.createdAt.toISOString()} />, className: 'sm:whitespace-nowrap' },
  { header: 'Request', cell: (row) => <span className="font-mono wrap-anywhere"><span className="font-semibold">{row.method}</span> {row.path}</span> },
  { header: 'Status', cell: (row) => <StatusCode status={row.status} /> },
  { header: 'Token', cell: (row) => row.tokenName ?? 'a deleted token', className: 'break-words' },
  { header: 'Error', cell: (row) => row.error ?? '', className: 'wrap-anywhere text-slate-600 sm:max-w-xs' },
  {
    header: 'Details',
    headerHidden: true,
    className: 'sm:text-right',
    cell: (row) => (
      <Link href={scimRequestPath(row.id)} className="font-medium whitespace-nowrap text-brand-700 underline-offset-2 hover:underline">
        Details<span className="sr-only"> of {row.method} {row.path}</span>
      </Link>
    ),
  },
];

export function RequestLogTable({ rows, filtered }: { rows: ScimRequestSummary[]; filtered: boolean }) {
  return (
    <DataTable
      caption="SCIM requests, newest first"
      columns={columns}
      rows={rows}
      rowKey={(row) => row.id}
      rowLabel={(row) => `${row.method} ${row.path} ${row.status}`}
      density="xs"
      align="top"
      empty={<EmptyState title={filtered ? 'No requests match these filters.' : 'No SCIM requests yet.'} description={filtered ? 'Change or clear the filters to see more.' : 'Requests from your identity provider appear here as they arrive.'} />}
    />
  );
}
