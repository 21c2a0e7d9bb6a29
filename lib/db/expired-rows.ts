import { sql } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from './client';

/**
 * Housekeeping on a hot path (logins, the ACS): one small batch of expired rows per call, so a
 * request stays cheap however many rows expired (expires_at is indexed), and rows a concurrent
 * cleanup holds are skipped rather than waited on.
 */
export async function deleteExpiredBatch(db: Executor, table: PgTable & { expiresAt: AnyPgColumn }, batch = 100): Promise<void> {
  await db.execute(sql`delete from ${table} where ctid = any(array(
    select ctid from ${table} where ${table.expiresAt} < now() limit ${batch} for update skip locked))`);
}
