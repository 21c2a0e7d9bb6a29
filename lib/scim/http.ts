import { randomUUID } from 'node:crypto';
import type { AuditContext } from '@/lib/audit/record';
import { getDb, type Database } from '@/lib/db/client';
import { getEnv } from '@/lib/env';
import { requestMetaFrom } from '@/lib/http/request-meta';
import { invalidSyntax, ScimError, scimErrorBody, uniqueness } from './errors';
import { logScimRequest } from './request-log';
import { authenticateScimToken, type ScimCaller } from './tokens';

export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';
export const MAX_BODY_BYTES = 1024 * 1024;

export type ScimRequest = {
  db: Database;
  caller: ScimCaller;
  by: AuditContext;
  url: URL;
  body: unknown;
  /** Absolute base of the SCIM API, for meta.location and Location headers. */
  baseUrl: string;
};

export type ScimResult = { status: number; body?: unknown; headers?: Record<string, string> };

export function scimResponse(result: ScimResult): Response {
  const headers = new Headers(result.headers);
  if (result.body === undefined) return new Response(null, { status: result.status, headers });
  headers.set('Content-Type', SCIM_CONTENT_TYPE);
  return new Response(JSON.stringify(result.body), { status: result.status, headers });
}

function errorResult(error: ScimError): ScimResult {
  return { status: error.status, body: scimErrorBody(error), headers: error.headers };
}

function bearerSecret(request: Request): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '');
  return match ? match[1] : null;
}

async function readBody(request: Request): Promise<unknown> {
  if (!['POST', 'PUT', 'PATCH'].includes(request.method)) return undefined;
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) throw new ScimError(413, `The request body is larger than ${MAX_BODY_BYTES} bytes`);
  const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type && type !== 'application/scim+json' && type !== 'application/json') {
    throw new ScimError(415, `Send the body as application/scim+json or application/json, not ${type}`);
  }
  const reader = request.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw new ScimError(413, `The request body is larger than ${MAX_BODY_BYTES} bytes`);
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) throw invalidSyntax('The request has no body; send a JSON object');
  try {
    return JSON.parse(text);
  } catch {
    throw invalidSyntax('The request body is not valid JSON');
  }
}

/** Postgres errors that are the client's doing become SCIM errors (a race on a unique name, say). */
function fromDatabaseError(error: unknown): ScimError | null {
  const cause = error instanceof Error && error.cause ? error.cause : error;
  const code = (cause as { code?: string } | null)?.code;
  if (code === '23505') return uniqueness('A resource with this unique attribute already exists');
  if (code === '22P02' || code === '22007' || code === '22008') return invalidSyntax('A value in the request has the wrong format');
  return null;
}

type Handler<P> = (request: ScimRequest, params: P) => Promise<ScimResult>;

/**
 * The one entry point of every SCIM route: bearer token → org, per-token rate limit, body size
 * and JSON checks, SCIM error bodies (never a stack trace), and the org's request log.
 */
export function scimRoute<P = Record<string, never>>(handler: Handler<P>) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    const started = performance.now();
    const url = new URL(request.url);
    const env = getEnv();
    const db = getDb();
    let caller: ScimCaller | undefined;
    let body: unknown;
    let result: ScimResult;
    try {
      const secret = bearerSecret(request);
      if (!secret) throw new ScimError(401, 'Send the SCIM token as "Authorization: Bearer <token>"', undefined, { 'WWW-Authenticate': 'Bearer realm="SCIM"' });
      const auth = await authenticateScimToken(db, secret, env.SCIM_RATE_LIMIT_PER_MINUTE);
      if (!auth.ok && auth.reason === 'invalid') throw new ScimError(401, 'This SCIM token is invalid or has been revoked', undefined, { 'WWW-Authenticate': 'Bearer realm="SCIM", error="invalid_token"' });
      if (!auth.ok) throw new ScimError(429, `Too many requests for this token; retry in ${auth.retryAfterSeconds} s`, undefined, { 'Retry-After': String(auth.retryAfterSeconds) });
      caller = auth.caller;
      body = await readBody(request);
      const meta = requestMetaFrom(request.headers);
      const by: AuditContext = { actor: { type: 'scim', id: caller.tokenId, label: caller.tokenName }, ip: meta.ip, userAgent: meta.userAgent };
      const baseUrl = `${env.APP_URL.replace(/\/$/, '')}/api/scim/v2`;
      result = await handler({ db, caller, by, url, body, baseUrl }, await context.params);
    } catch (error) {
      const known = error instanceof ScimError ? error : fromDatabaseError(error);
      if (known) {
        result = errorResult(known);
      } else {
        const errorId = randomUUID();
        console.error(`SCIM ${request.method} ${url.pathname} failed (error id ${errorId}):`, error);
        result = errorResult(new ScimError(500, `Internal error; quote error id ${errorId} to support`));
      }
    }
    if (caller) {
      const detail = result.status >= 400 ? (result.body as { detail?: string } | undefined)?.detail : undefined;
      await logScimRequest(
        db,
        { orgId: caller.orgId, tokenId: caller.tokenId, method: request.method, path: `${url.pathname}${url.search}`, status: result.status, durationMs: Math.round(performance.now() - started), error: detail, body },
        env.SCIM_LOG_RETENTION_DAYS,
      ).catch((error) => console.error('SCIM request log write failed:', error));
    }
    return scimResponse(result);
  };
}
