import { and, desc, eq, sql } from 'drizzle-orm';
import { parse, type Filter } from 'scim2-parse-filter';
import type { Executor } from '@/lib/db/client';
import { scimRequestLog } from '@/lib/db/schema';
import { storableText } from './control-characters';
import { namesSecret } from './sensitive-attributes';

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

/** Appends one request and drops a few of the org's entries older than the retention (indexed, bounded). */
export async function logScimRequest(db: Executor, entry: ScimLogEntry, retentionDays: number) {
  const { path, redacted } = redactPath(entry.path);
  const error = entry.error === undefined ? null : redacted ? `${REDACTED} (the error concerns a filter on a secret attribute)` : storableText(entry.error.slice(0, 1000));
  await db.insert(scimRequestLog).values({ ...entry, path: storableText(path), error, body: boundedBody(entry.body) });
  await db.execute(sql`delete from ${scimRequestLog} where id in (
    select id from ${scimRequestLog} where org_id = ${entry.orgId} and created_at < now() - make_interval(days => ${retentionDays}) limit 100)`);
}

export async function listScimRequests(db: Executor, orgId: string, options: { limit: number; errorsOnly?: boolean }) {
  const where = options.errorsOnly ? and(eq(scimRequestLog.orgId, orgId), sql`${scimRequestLog.status} >= 400`) : eq(scimRequestLog.orgId, orgId);
  return db.select().from(scimRequestLog).where(where).orderBy(desc(scimRequestLog.id)).limit(options.limit);
}

