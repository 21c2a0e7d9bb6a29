import type { Metadata } from 'next';
import { AuditEventsTable } from '@/components/audit/audit-events-table';
import { AuditFilters } from '@/components/audit/audit-filters';
import { AdminRequired } from '@/components/console/admin-required';
import { AuditTools, ChainStatus } from '@/components/console/audit-tools';
import { Card } from '@/components/ui/card';
import { KeysetPager } from '@/components/ui/keyset-pager';
import { auditFilterFrom, listAuditPage } from '@/lib/audit/queries';
import { canInCurrentOrg, requirePageContext } from '@/lib/auth/page-guard';
import { getDb } from '@/lib/db/client';
import { cursorFrom } from '@/lib/db/keyset-page';
import { queryString, type QueryParams } from '@/lib/list-filters';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Audit log · LLM Gateway' };

export default async function AuditPage({ searchParams }: { searchParams: Promise<QueryParams> }) {
  const ctx = await requirePageContext();
  if (!ctx.org || !canInCurrentOrg(ctx, 'audit:read')) return <AdminRequired ctx={ctx} managed="The audit log is read and exported by owners and admins." />;
  const params = await searchParams;
  const filter = auditFilterFrom(params);
  const page = await listAuditPage(getDb(), ctx.org.id, filter, cursorFrom(params));
  return (
    <>
      <div>
        <h1 className="text-2xl font-semibold">Audit log</h1>
        <p className="mt-1 text-sm text-slate-600">Everything done in {ctx.org.name}: append-only, and hash-chained so that a changed or removed event shows.</p>
      </div>
      <ChainStatus />
      <Card title="Events" description="Newest first. Open “Raw event” under a sentence for everything that was recorded." actions={<AuditTools />}>
        <AuditFilters filter={filter} />
        <AuditEventsTable events={page.rows} filtered={Object.values(filter).some(Boolean)} />
        <KeysetPager label="Audit log pages" newerThan={page.newerThan} olderThan={page.olderThan} href={(cursor) => `/audit${queryString({ ...filter, ...cursor })}`} />
      </Card>
    </>
  );
}
