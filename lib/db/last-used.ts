import { sql, type Column, type SQL } from 'drizzle-orm';

// "Last used" (API keys, SCIM tokens) is kept to the minute: writing it on every request would
// turn each read into a write, a round trip and a row lock on every gateway or SCIM call.

/** Whether a request that just read the row should move its "last used" (never set, or a minute old). */
export function lastUsedIsStale(at: Date | null, now = Date.now()): boolean {
  return !at || now - at.getTime() >= 60_000;
}

/** The same test in the UPDATE's WHERE, so of concurrent requests only the first writes. */
export function lastUsedStaleSql(column: Column): SQL {
  return sql`(${column} is null or ${column} < now() - interval '1 minute')`;
}
