import { and, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '@/lib/db/client';
import { scimRequestLog } from '@/lib/db/schema';

const MAX_LOGGED_BODY_CHARS = 8192;
const MAX_LOGGED_LIST = 20;
const SECRET_KEYS = /^(password|secret|token|client_secret|authorization)$/i;

/** What the log keeps of a body: secrets replaced, long lists cut (a 1,000-member PATCH stays small). */
export function redactBody(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[nested]';
  if (Array.isArray(value)) {
    const kept = value.slice(0, MAX_LOGGED_LIST).map((v) => redactBody(v, depth + 1));
    return value.length > MAX_LOGGED_LIST ? [...kept, `… ${value.length - MAX_LOGGED_LIST} more`] : kept;
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.test(k) ? '[redacted]' : redactBody(v, depth + 1)]));
  }
  return value;
}

function boundedBody(body: unknown): unknown {
  if (body === undefined) return null;
  const redacted = redactBody(body);
  const text = JSON.stringify(redacted);
  return text.length > MAX_LOGGED_BODY_CHARS ? { truncated: `${text.slice(0, MAX_LOGGED_BODY_CHARS)}…` } : redacted;
}

export type ScimLogEntry = { orgId: string; tokenId: string; method: string; path: string; status: number; durationMs: number; error?: string; body?: unknown };

/** Appends one request and drops a few of the org's entries older than the retention (indexed, bounded). */
export async function logScimRequest(db: Executor, entry: ScimLogEntry, retentionDays: number) {
  await db.insert(scimRequestLog).values({ ...entry, error: entry.error?.slice(0, 1000) ?? null, body: boundedBody(entry.body) });
  await db.execute(sql`delete from ${scimRequestLog} where id in (
    select id from ${scimRequestLog} where org_id = ${entry.orgId} and created_at < now() - make_interval(days => ${retentionDays}) limit 100)`);
}

export async function listScimRequests(db: Executor, orgId: string, options: { limit: number; errorsOnly?: boolean }) {
  const where = options.errorsOnly ? and(eq(scimRequestLog.orgId, orgId), sql`${scimRequestLog.status} >= 400`) : eq(scimRequestLog.orgId, orgId);
  return db.select().from(scimRequestLog).where(where).orderBy(desc(scimRequestLog.id)).limit(options.limit);
}

