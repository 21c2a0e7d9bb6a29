import { asc, eq, isNull } from 'drizzle-orm';
import type { Executor } from '@/lib/db/client';
import { auditEvents } from '@/lib/db/schema';
import { GENESIS_HASH, hashAuditEvent } from './hash';

export type ChainVerdict =
  | { ok: true; checked: number }
  | { ok: false; checked: number; brokenRow: { id: number; seq: number; reason: string } };

/** Walks an org's chain in order and names the first row whose content or link does not match. */
export async function verifyAuditChain(db: Executor, orgId: string | null): Promise<ChainVerdict> {
  const rows = await db
    .select()
    .from(auditEvents)
    .where(orgId ? eq(auditEvents.orgId, orgId) : isNull(auditEvents.orgId))
    .orderBy(asc(auditEvents.seq));

  let prevHash = GENESIS_HASH;
  let checked = 0;
  for (const [index, row] of rows.entries()) {
    const broken = (reason: string): ChainVerdict => ({ ok: false, checked, brokenRow: { id: row.id, seq: row.seq, reason } });
    if (row.seq !== index + 1) return broken(`sequence gap: expected seq ${index + 1}, found ${row.seq}`);
    if (row.prevHash !== prevHash) return broken('prev_hash does not match the previous row (a row was removed or reordered)');
    const { id: _id, hash, ...fields } = row;
    if (hashAuditEvent(fields) !== hash) return broken('row content does not match its hash (the row was altered)');
    prevHash = hash;
    checked += 1;
  }
  return { ok: true, checked };
}
