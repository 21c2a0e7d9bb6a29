import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';
import { getEnv } from '@/lib/env';
import * as schema from './schema';

export type Database = NodePgDatabase<typeof schema>;
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
/** Either the pool-backed database or an open transaction: queries accept both. */
export type Executor = Database | Transaction;

type Handle = { pool: Pool; db: Database };

// Cached on globalThis so Next.js hot reloads do not open a new pool per edit.
const globalForDb = globalThis as unknown as { __ssoDb?: Handle };

function open(): Handle {
  const pool = new Pool({ connectionString: getEnv().DATABASE_URL, max: 10 });
  pool.on('error', (error) => console.error('[db] idle client error:', error.message));
  return { pool, db: drizzle(pool, { schema }) };
}

export function getDb(): Database {
  globalForDb.__ssoDb ??= open();
  return globalForDb.__ssoDb.db;
}

export function getPool(): Pool {
  globalForDb.__ssoDb ??= open();
  return globalForDb.__ssoDb.pool;
}

export async function closeDb(): Promise<void> {
  const handle = globalForDb.__ssoDb;
  globalForDb.__ssoDb = undefined;
  await handle?.pool.end();
}
