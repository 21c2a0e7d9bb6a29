import { sql } from 'drizzle-orm';
import type { AuditContext } from '@/lib/audit/record';
import type { Executor } from '@/lib/db/client';
import { ssoConnections } from '@/lib/db/schema';
import { refreshConnectionMetadata } from './connection-admin';

const SCHEDULER: AuditContext = { actor: { type: 'system', label: 'scheduled metadata refresh' } };
const MAX_PER_RUN = 50;

/**
 * Claims one SAML connection whose metadata URL is due (never read, or not within the interval)
 * by stamping it now, in one statement with SKIP LOCKED: with several replicas running this,
 * each connection is refreshed by one of them once per interval.
 */
async function claimDueConnection(db: Executor, intervalMinutes: number) {
  const { rows } = await db.execute<{ id: string; org_id: string }>(sql`
    update ${ssoConnections} set metadata_refreshed_at = now()
    where id = (
      select id from ${ssoConnections}
      where protocol = 'saml' and metadata_url is not null
        and (metadata_refreshed_at is null or metadata_refreshed_at < now() - make_interval(mins => ${intervalMinutes}))
      order by metadata_refreshed_at nulls first
      limit 1
      for update skip locked)
    returning id, org_id`);
  return rows[0];
}

/** Refreshes every due connection (a failure is recorded on the connection and the next one goes on). */
export async function refreshDueMetadata(db: Executor, options: { intervalMinutes: number; allowPrivate: boolean }): Promise<{ refreshed: number; failed: number }> {
  let refreshed = 0;
  let failed = 0;
  for (let i = 0; i < MAX_PER_RUN; i++) {
    const due = await claimDueConnection(db, options.intervalMinutes);
    if (!due) break;
    try {
      await refreshConnectionMetadata(db, { orgId: due.org_id, connectionId: due.id }, SCHEDULER, { allowPrivate: options.allowPrivate });
      refreshed++;
    } catch {
      failed++;
    }
  }
  return { refreshed, failed };
}
