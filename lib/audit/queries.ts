import { and, asc, desc, eq, gt, ilike, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '@/lib/db/client';
import { toKeysetPage, type KeysetPage, type PageCursor } from '@/lib/db/keyset-page';
import { auditEvents } from '@/lib/db/schema';
import { textParam, timeRangeParam, TIME_RANGE_HOURS, type QueryParams, type TimeRange } from '@/lib/list-filters';

export type AuditFilter = { action?: string; actor?: string; target?: string; range?: TimeRange };
export type AuditEventRow = typeof auditEvents.$inferSelect;

export const AUDIT_PAGE_SIZE = 50;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The audit page's filters from its query string (unknown values dropped, text cut to size). */
export function auditFilterFrom(params: QueryParams): AuditFilter {
  return {
    action: textParam(params.action, 100),
    actor: textParam(params.actor, 200),
    target: textParam(params.target, 200),
    range: timeRangeParam(params.range),
  };
}

function filterConditions(orgId: string, filter: AuditFilter): SQL[] {
  const conditions: SQL[] = [eq(auditEvents.orgId, orgId)];
  if (filter.action) conditions.push(ilike(auditEvents.action, `${escapeLike(filter.action)}%`));
  if (filter.actor) {
    const pattern = `%${escapeLike(filter.actor)}%`;
    conditions.push(or(ilike(auditEvents.actorLabel, pattern), ilike(auditEvents.actorId, pattern))!);
  }
  if (filter.target) {
    const pattern = `%${escapeLike(filter.target)}%`;
    conditions.push(or(ilike(auditEvents.targetLabel, pattern), ilike(auditEvents.targetId, pattern))!);
  }
  if (filter.range) conditions.push(sql`${auditEvents.createdAt} > now() - make_interval(hours => ${TIME_RANGE_HOURS[filter.range]})`);
  return conditions;
}

/**
 * One page of the org's audit events, newest first, keyset-paged by `seq` (the unique
 * (org_id, seq) index of the hash chain serves every page, however deep).
 */
export async function listAuditPage(db: Executor, orgId: string, filter: AuditFilter, cursor: PageCursor, pageSize = AUDIT_PAGE_SIZE): Promise<KeysetPage<AuditEventRow>> {
  const conditions = filterConditions(orgId, filter);
  if (cursor.older !== undefined) conditions.push(lt(auditEvents.seq, cursor.older));
  else if (cursor.newer !== undefined) conditions.push(gt(auditEvents.seq, cursor.newer));
  const rows = await db
    .select()
    .from(auditEvents)
    .where(and(...conditions))
    .orderBy(cursor.newer !== undefined ? asc(auditEvents.seq) : desc(auditEvents.seq))
    .limit(pageSize + 1);
  return toKeysetPage(rows, pageSize, cursor, (row) => row.seq);
}
