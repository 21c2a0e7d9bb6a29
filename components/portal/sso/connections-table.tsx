import { Link } from '@/components/ui/link';
import type { ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import type { ConnectionView } from '@/lib/sso/portal-views';
import { CertificateExpiry } from './certificate-expiry';
import { formatDate, formatDateTime } from '@/components/ui/date-time';
import { MANAGE_PANEL_ID, PROTOCOL_LABELS } from './labels';
import { StatusBadge } from './status-badge';


type ConnectionsTableProps = {
  connections: ConnectionView[];
  /** Where test results live, e.g. "/settings/sso/tests" (the id is appended). */
  testResultPath: string;
  /** The connection whose management panel is open. */
  managingId: string | null;
  /** The connection whose test is being started. */
  testingId: string | null;
  onTest: (connection: ConnectionView) => void;
  onManage: (connection: ConnectionView) => void;
  empty: ReactNode;
};

function certificateCell(connection: ConnectionView) {
  if (connection.protocol === 'oidc') return <span className="text-slate-500">Not used by OIDC</span>;
  if (!connection.nextExpiry) return <span className="text-slate-500">None</span>;
  return <CertificateExpiry {...connection.nextExpiry} />;
}

function latestTestCell(connection: ConnectionView, testResultPath: string) {
  const test = connection.latestTest;
  if (!test) return <span className="text-slate-500">Not tested</span>;
  return (
    <Link href={`${testResultPath}/${test.id}`} className="inline-flex flex-wrap items-center gap-1.5 rounded text-brand-700 underline-offset-2 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600">
      <StatusBadge tone={test.ok ? 'success' : 'error'}>{test.ok ? 'Passed' : 'Failed'}</StatusBadge>
      <span>{formatDate(test.createdAt)}</span>
      <span className="sr-only">: open the result of the latest test of {connection.name}</span>
    </Link>
  );
}

/** The org's SSO connections, one row each, with Test and Manage on every row. */
export function ConnectionsTable({ connections, testResultPath, managingId, testingId, onTest, onManage, empty }: ConnectionsTableProps) {
  const columns: DataTableColumn<ConnectionView>[] = [
    { header: 'Name', cell: (c) => c.name, className: 'font-medium wrap-anywhere' },
    { header: 'Protocol', cell: (c) => PROTOCOL_LABELS[c.protocol], className: 'sm:whitespace-nowrap' },
    { header: 'Status', cell: (c) => <StatusBadge tone={c.enabled ? 'success' : 'neutral'}>{c.enabled ? 'Enabled' : 'Disabled'}</StatusBadge> },
    { header: 'IdP entity ID / issuer', cell: (c) => c.idpEntityId ?? '—', className: 'font-mono text-xs wrap-anywhere sm:max-w-56' },
    { header: 'Signing certificate', cell: certificateCell },
    { header: 'Last login', cell: (c) => (c.lastLoginAt ? <time dateTime={c.lastLoginAt}>{formatDateTime(c.lastLoginAt)}</time> : <span className="text-slate-500">Never</span>) },
    { header: 'Latest test', cell: (c) => latestTestCell(c, testResultPath) },
    { header: 'Created', cell: (c) => <time dateTime={c.createdAt}>{formatDate(c.createdAt)}</time>, className: 'sm:whitespace-nowrap' },
    {
      header: 'Actions',
      headerHidden: true,
      className: 'sm:text-right',
      cell: (c) => (
        <span className="flex flex-wrap gap-2 pt-1 sm:justify-end sm:pt-0">
          <Button type="button" variant="secondary" size="sm" disabled={testingId !== null} aria-busy={testingId === c.id || undefined} onClick={() => onTest(c)}>
            {testingId === c.id ? 'Starting…' : 'Test'}
            <span className="sr-only"> {c.name}</span>
          </Button>
          <Button type="button" variant="secondary" size="sm" aria-expanded={managingId === c.id} aria-controls={managingId === c.id ? MANAGE_PANEL_ID : undefined} data-manage={c.id} onClick={() => onManage(c)}>
            Manage<span className="sr-only"> {c.name}</span>
          </Button>
        </span>
      ),
    },
  ];
  return <DataTable caption="SSO connections of this organization" columns={columns} rows={connections} rowKey={(c) => c.id} rowLabel={(c) => `Connection ${c.name}`} empty={empty} align="top" />;
}
