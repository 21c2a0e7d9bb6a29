import { AuditTools } from '@/components/console/audit-tools';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { listAuditEvents } from '@/lib/audit/queries';
import { canInCurrentOrg, requirePageContext } from '@/lib/auth/page-guard';
import { getDb } from '@/lib/db/client';

export const dynamic = 'force-dynamic';

function summarize(value: unknown): string {
  return value === null || value === undefined ? '' : JSON.stringify(value);
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<{ action?: string; actor?: string }> }) {
  const ctx = await requirePageContext();
  if (!ctx.org || !canInCurrentOrg(ctx, 'audit:read')) return <Alert tone="error">Only owners and admins can read the audit log.</Alert>;
  const params = await searchParams;
  const filter = { action: params.action?.slice(0, 100), actor: params.actor?.slice(0, 200) };
  const events = await listAuditEvents(getDb(), ctx.org.id, filter);
  return (
    <>
      <h1 className="text-2xl font-semibold">Audit log</h1>
      <Card title="Events" description="Append-only and hash-chained: every event carries the hash of the one before it." actions={<AuditTools />}>
        <form className="mb-4 flex flex-wrap items-end gap-2" method="get">
          <Field label="Action starts with" name="action" defaultValue={filter.action} placeholder="auth." className="w-52" />
          <Field label="Actor" name="actor" defaultValue={filter.actor} placeholder="email or id" className="w-52" />
          <Button type="submit" variant="secondary">
            Filter
          </Button>
        </form>
        <div className="overflow-x-auto">
          <table className="w-full text-left text-xs">
            <thead className="uppercase text-slate-500">
              <tr>
                <th className="py-2">#</th>
                <th>Time</th>
                <th>Action</th>
                <th>Actor</th>
                <th>Target</th>
                <th>Details</th>
                <th>IP</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 align-top">
              {events.map((event) => (
                <tr key={event.id}>
                  <td className="py-1.5 text-slate-400">{event.seq}</td>
                  <td className="whitespace-nowrap">{event.createdAt.toISOString().replace('T', ' ').slice(0, 19)}</td>
                  <td className="font-mono">{event.action}</td>
                  <td>{event.actorLabel ?? event.actorType}</td>
                  <td>{event.targetLabel ?? event.targetId ?? ''}</td>
                  <td className="max-w-md break-all font-mono text-slate-600">
                    {[summarize(event.before) && `before ${summarize(event.before)}`, summarize(event.after) && `after ${summarize(event.after)}`, summarize(event.metadata)].filter(Boolean).join(' · ')}
                  </td>
                  <td>{event.ip ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {events.length === 0 ? <p className="py-4 text-sm text-slate-500">No events match.</p> : null}
        </div>
      </Card>
    </>
  );
}
