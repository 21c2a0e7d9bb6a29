import { and, asc, desc, eq, gt, lt, sql, type SQL } from 'drizzle-orm';
import { parse, type Filter } from 'scim2-parse-filter';
import type { Executor } from '@/lib/db/client';
import { toKeysetPage, type KeysetPage, type PageCursor } from '@/lib/db/keyset-page';
import { scimRequestLog, scimTokens } from '@/lib/db/schema';
import { storableText } from './control-characters';
import { namesSecret } from './sensitive-attributes';
import { TIME_RANGE_HOURS } from '@/lib/list-filters';
import { SCIM_LOG_PATH_PREFIX, type ScimLogFilter } from './request-log-filter';

const MAX_LOGGED_BODY_CHARS = 8192;
const MAX_LOGGED_LIST = 20;
const REDACTED = '[redacted]';

const isKey = (key: string, name: string) => key.trim().toLowerCase() === name;

/** A PATCH operation whose path names a secret ({"op":"replace","path":"password","value":…}) carries it in its value. */
function pathNamesSecret(object: object): boolean {
  return Object.entries(object).some(([key, value]) => isKey(key, 'path') && typeof value === 'string' && namesSecret(value));
}

/**
 * What the log keeps of a body: every value under a key or PATCH path that names a secret
 * replaced (resolved by attribute, see sensitive-attributes.ts), NULs made storable, long lists
 * cut (a 1,000-member PATCH stays small).
 */
export function redactBody(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[nested]';
  if (typeof value === 'string') return storableText(value);
  if (Array.isArray(value)) {
    const kept = value.slice(0, MAX_LOGGED_LIST).map((v) => redactBody(v, depth + 1));
    return value.length > MAX_LOGGED_LIST ? [...kept, `… ${value.length - MAX_LOGGED_LIST} more`] : kept;
  }
  if (typeof value === 'object' && value !== null) {
    const secretValue = pathNamesSecret(value);
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [storableText(k), namesSecret(k) || (secretValue && isKey(k, 'value')) ? REDACTED : redactBody(v, depth + 1)]),
    );
  }
  return value;
}

function boundedBody(body: unknown): unknown {
  if (body === undefined) return null;
  const redacted = redactBody(body);
  const text = JSON.stringify(redacted);
  // storableText again: the cut may split a surrogate pair.
  return text.length > MAX_LOGGED_BODY_CHARS ? { truncated: storableText(`${text.slice(0, MAX_LOGGED_BODY_CHARS)}…`) } : redacted;
}

function filterAttributes(filter: Filter): string[] {
  switch (filter.op) {
    case 'and':
    case 'or':
      return filter.filters.flatMap(filterAttributes);
    case 'not':
      return filterAttributes(filter.filter);
    case '[]':
      return [filter.attrPath, ...filterAttributes(filter.valFilter)];
    default:
      return [filter.attrPath];
  }
}

/** `password eq "…"` puts the secret in the URL; a filter that cannot be parsed is judged by every word in it. */
function filterNamesSecret(text: string): boolean {
  try {
    return filterAttributes(parse(text)).some(namesSecret);
  } catch {
    return text.split(/[\s()[\]]+/).some(namesSecret);
  }
}

/** The path with any filter on a secret replaced; `redacted` when there was one (an error detail may quote it, even in pieces). */
function redactPath(path: string): { path: string; redacted: boolean } {
  const query = path.indexOf('?');
  if (query < 0) return { path, redacted: false };
  const params = new URLSearchParams(path.slice(query + 1));
  const secretFilters = [...params].filter(([key, value]) => isKey(key, 'filter') && filterNamesSecret(value));
  for (const [key] of secretFilters) params.set(key, REDACTED);
  return secretFilters.length ? { path: `${path.slice(0, query)}?${params}`, redacted: true } : { path, redacted: false };
}

export type ScimLogEntry = { orgId: string; tokenId: string; method: string; path: string; status: number; durationMs: number; error?: string; body?: unknown };

type LogRow = typeof scimRequestLog.$inferInsert;
type Waiting = { row: LogRow; retentionDays: number; done: () => void; failed: (error: unknown) => void };

/** How often one process drops an org's entries older than the retention (and how many at most). */
const PRUNE_EVERY_MS = 60_000;
const PRUNE_BATCH = 1000;

/**
 * Group commit for the request log: each request waits until the INSERT carrying its row has
 * committed (the log is complete when the response goes out), but requests arriving while one
 * INSERT runs share the next one: one statement and one commit for many requests instead of
 * one each. Old entries are dropped per org at most once a minute, not on every request.
 */
class RequestLogWriter {
  private queue: Waiting[] = [];
  private running = false;
  private readonly prunedAt = new Map<string, number>();

  constructor(private readonly db: Executor) {}

  add(row: LogRow, retentionDays: number): Promise<void> {
    return new Promise((done, failed) => {
      this.queue.push({ row, retentionDays, done, failed });
      if (!this.running) void this.drain();
    });
  }

  private async drain() {
    this.running = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, 500);
      const outcome = new Map<Waiting, unknown>();
      try {
        await this.db.insert(scimRequestLog).values(batch.map((w) => w.row));
      } catch (error) {
        // One unstorable row must not cost the others their entries: retry them one by one.
        if (batch.length === 1) outcome.set(batch[0], error);
        else for (const waiting of batch) await this.db.insert(scimRequestLog).values(waiting.row).catch((e: unknown) => outcome.set(waiting, e));
      }
      await this.prune(batch).catch((error) => console.error('SCIM request log: dropping old entries failed:', error));
      for (const waiting of batch) {
        if (outcome.has(waiting)) waiting.failed(outcome.get(waiting));
        else waiting.done();
      }
    }
    this.running = false;
  }

  private async prune(batch: Waiting[]) {
    const now = Date.now();
    for (const { row, retentionDays } of batch) {
      if (now - (this.prunedAt.get(row.orgId) ?? 0) < PRUNE_EVERY_MS) continue;
      this.prunedAt.set(row.orgId, now);
      await this.db.execute(sql`delete from ${scimRequestLog} where id in (
        select id from ${scimRequestLog} where org_id = ${row.orgId} and created_at < now() - make_interval(days => ${retentionDays}) limit ${PRUNE_BATCH})`);
    }
  }
}

const writers = new WeakMap<Executor, RequestLogWriter>();

/** Appends one request to the org's log (see RequestLogWriter: batched with concurrent requests). */
export async function logScimRequest(db: Executor, entry: ScimLogEntry, retentionDays: number) {
  const { path, redacted } = redactPath(entry.path);
  const error = entry.error === undefined ? null : redacted ? `${REDACTED} (the error concerns a filter on a secret attribute)` : storableText(entry.error.slice(0, 1000));
  let writer = writers.get(db);
  if (!writer) writers.set(db, (writer = new RequestLogWriter(db)));
  await writer.add({ ...entry, path: storableText(path), error, body: boundedBody(entry.body) }, retentionDays);
}

export async function listScimRequests(db: Executor, orgId: string, options: { limit: number; errorsOnly?: boolean }) {
  const where = options.errorsOnly ? and(eq(scimRequestLog.orgId, orgId), sql`${scimRequestLog.status} >= 400`) : eq(scimRequestLog.orgId, orgId);
  return db.select().from(scimRequestLog).where(where).orderBy(desc(scimRequestLog.id)).limit(options.limit);
}


export type ScimRequestSummary = { id: number; method: string; path: string; status: number; durationMs: number; createdAt: Date; tokenName: string | null; error: string | null };
export type ScimRequestDetail = ScimRequestSummary & { body: unknown };

const summaryColumns = {
  id: scimRequestLog.id,
  method: scimRequestLog.method,
  path: scimRequestLog.path,
  status: scimRequestLog.status,
  durationMs: scimRequestLog.durationMs,
  createdAt: scimRequestLog.createdAt,
  tokenName: scimTokens.name,
  error: scimRequestLog.error,
};

function resourceCondition(resource: NonNullable<ScimLogFilter['resource']>): SQL {
  const pattern = (name: string) => `^${SCIM_LOG_PATH_PREFIX}${name}([/?]|$)`;
  if (resource === 'other') return sql`not (${scimRequestLog.path} ~* ${pattern('users')} or ${scimRequestLog.path} ~* ${pattern('groups')})`;
  return sql`${scimRequestLog.path} ~* ${pattern(resource.toLowerCase())}`;
}

function filterConditions(orgId: string, filter: ScimLogFilter): SQL[] {
  const conditions: SQL[] = [eq(scimRequestLog.orgId, orgId)];
  if (filter.status) {
    const low = Number(filter.status[0]) * 100;
    conditions.push(sql`${scimRequestLog.status} between ${low} and ${low + 99}`);
  }
  if (filter.method) conditions.push(eq(scimRequestLog.method, filter.method));
  if (filter.resource) conditions.push(resourceCondition(filter.resource));
  if (filter.range) conditions.push(sql`${scimRequestLog.createdAt} > now() - make_interval(hours => ${TIME_RANGE_HOURS[filter.range]})`);
  return conditions;
}

/**
 * One page of the org's request log, newest first, by keyset on (created_at, id): the cursor row
 * is looked up in the database, so its microsecond timestamp is compared exactly and the
 * (org_id, created_at) index serves every page.
 */
export async function listScimRequestPage(db: Executor, orgId: string, filter: ScimLogFilter, cursor: PageCursor, pageSize = 25): Promise<KeysetPage<ScimRequestSummary>> {
  const conditions = filterConditions(orgId, filter);
  const key = sql`(${scimRequestLog.createdAt}, ${scimRequestLog.id})`;
  const at = (id: number) => sql`(select created_at, id from ${scimRequestLog} where id = ${id} and org_id = ${orgId})`;
  if (cursor.older !== undefined) conditions.push(lt(key, at(cursor.older)));
  else if (cursor.newer !== undefined) conditions.push(gt(key, at(cursor.newer)));
  const order = cursor.newer !== undefined ? [asc(scimRequestLog.createdAt), asc(scimRequestLog.id)] : [desc(scimRequestLog.createdAt), desc(scimRequestLog.id)];
  const rows = await db
    .select(summaryColumns)
    .from(scimRequestLog)
    .leftJoin(scimTokens, eq(scimTokens.id, scimRequestLog.tokenId))
    .where(and(...conditions))
    .orderBy(...order)
    .limit(pageSize + 1);
  return toKeysetPage(rows, pageSize, cursor, (row) => row.id);
}

/** One logged request of the org (another org's id finds nothing). */
export async function getScimRequest(db: Executor, orgId: string, id: number): Promise<ScimRequestDetail | null> {
  const [row] = await db
    .select({ ...summaryColumns, body: scimRequestLog.body })
    .from(scimRequestLog)
    .leftJoin(scimTokens, eq(scimTokens.id, scimRequestLog.tokenId))
    .where(and(eq(scimRequestLog.orgId, orgId), eq(scimRequestLog.id, id)));
  return row ?? null;
}
