import { and, desc, eq, ilike, or, type SQL } from 'drizzle-orm';
import type { Executor } from '@/lib/db/client';
import { auditEvents } from '@/lib/db/schema';

export type AuditFilter = { action?: string; actor?: string; limit?: number };

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Newest first, filtered by action prefix and actor (email, id or label contains). */
export async function listAuditEvents(db: Executor, orgId: string, filter: AuditFilter = {}) {
  const conditions: SQL[] = [eq(auditEvents.orgId, orgId)];
  if (filter.action) conditions.push(ilike(auditEvents.action, `${escapeLike(filter.action)}%`));
  if (filter.actor) {
    const pattern = `%${escapeLike(filter.actor)}%`;
    conditions.push(or(ilike(auditEvents.actorLabel, pattern), ilike(auditEvents.actorId, pattern))!);
  }
  return db
    .select()
    .from(auditEvents)
    .where(and(...conditions))
    .orderBy(desc(auditEvents.seq))
    .limit(Math.min(filter.limit ?? 100, 500));
}
