import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { auditBy, recordAudit, type AuditContext } from '@/lib/audit/record';
import { generateSecret, hashSecret } from '@/lib/crypto/tokens';
import type { Executor } from '@/lib/db/client';
import { lastUsedIsStale, lastUsedStaleSql } from '@/lib/db/last-used';
import { scimTokens } from '@/lib/db/schema';
import { UserFacingError } from '@/lib/errors';
import { scimRateLimiter, type TokenBuckets } from './rate-limit';

export const SCIM_TOKEN_PREFIX = 'scim_';
const VISIBLE_PREFIX_LENGTH = 13;

export const scimTokenNameSchema = z.string().trim().min(1, 'Enter a token name').max(80, 'Token name must be at most 80 characters');

export type ScimTokenSummary = { id: string; name: string; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null };

const summaryColumns = {
  id: scimTokens.id,
  name: scimTokens.name,
  prefix: scimTokens.prefix,
  createdAt: scimTokens.createdAt,
  lastUsedAt: scimTokens.lastUsedAt,
  revokedAt: scimTokens.revokedAt,
};

function newSecret() {
  const token = generateSecret(SCIM_TOKEN_PREFIX, 32);
  return { token, prefix: token.slice(0, VISIBLE_PREFIX_LENGTH), tokenHash: hashSecret(token) };
}

function tokenLabel(row: { name: string; prefix: string }) {
  return `${row.name} (${row.prefix}…)`;
}

/** Creates a bearer token for the org's SCIM directory. The token is returned once and only its hash is kept. */
export async function createScimToken(db: Executor, input: { orgId: string; name: string }, by: AuditContext) {
  const name = scimTokenNameSchema.parse(input.name);
  return db.transaction(async (tx) => {
    const { token, prefix, tokenHash } = newSecret();
    const [row] = await tx.insert(scimTokens).values({ orgId: input.orgId, name, prefix, tokenHash }).returning(summaryColumns);
    await recordAudit(tx, auditBy(by, { orgId: input.orgId, action: 'scim_token.created', target: { type: 'scim_token', id: row.id, label: tokenLabel(row) } }));
    return { ...row, token };
  });
}

/** Replaces a live token's secret; the old secret stops working at once. */
export async function rotateScimToken(db: Executor, input: { orgId: string; tokenId: string }, by: AuditContext) {
  return db.transaction(async (tx) => {
    const { token, prefix, tokenHash } = newSecret();
    const [before] = await tx.select(summaryColumns).from(scimTokens).where(and(eq(scimTokens.id, input.tokenId), eq(scimTokens.orgId, input.orgId), isNull(scimTokens.revokedAt))).for('update');
    if (!before) throw new UserFacingError('SCIM token not found or already revoked');
    const [row] = await tx.update(scimTokens).set({ prefix, tokenHash, lastUsedAt: null }).where(eq(scimTokens.id, before.id)).returning(summaryColumns);
    await recordAudit(tx, auditBy(by, { orgId: input.orgId, action: 'scim_token.rotated', target: { type: 'scim_token', id: row.id, label: tokenLabel(row) }, before: { prefix: before.prefix }, after: { prefix: row.prefix } }));
    return { ...row, token };
  });
}

export async function revokeScimToken(db: Executor, input: { orgId: string; tokenId: string }, by: AuditContext) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(scimTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(scimTokens.id, input.tokenId), eq(scimTokens.orgId, input.orgId), isNull(scimTokens.revokedAt)))
      .returning(summaryColumns);
    if (!row) throw new UserFacingError('SCIM token not found or already revoked');
    await recordAudit(tx, auditBy(by, { orgId: input.orgId, action: 'scim_token.revoked', target: { type: 'scim_token', id: row.id, label: tokenLabel(row) } }));
    return row;
  });
}

export async function listScimTokens(db: Executor, orgId: string): Promise<ScimTokenSummary[]> {
  return db.select(summaryColumns).from(scimTokens).where(eq(scimTokens.orgId, orgId)).orderBy(asc(scimTokens.createdAt));
}

export type ScimCaller = { tokenId: string; tokenName: string; orgId: string };

export type ScimAuthResult = { ok: true; caller: ScimCaller } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'rate_limited'; retryAfterSeconds: number };

/**
 * The live token behind a bearer secret, checked against its rate limit (./rate-limit.ts, no
 * write). A read only: last-used is written at most once a minute, not by every request.
 */
export async function authenticateScimToken(db: Executor, secret: string, limitPerMinute: number, limiter: TokenBuckets = scimRateLimiter()): Promise<ScimAuthResult> {
  if (!secret.startsWith(SCIM_TOKEN_PREFIX) || secret.length > 200) return { ok: false, reason: 'invalid' };
  const [row] = await db
    .select({ tokenId: scimTokens.id, tokenName: scimTokens.name, orgId: scimTokens.orgId, lastUsedAt: scimTokens.lastUsedAt })
    .from(scimTokens)
    .where(and(eq(scimTokens.tokenHash, hashSecret(secret)), isNull(scimTokens.revokedAt)));
  if (!row) return { ok: false, reason: 'invalid' };
  const decision = limiter.take(row.tokenId, limitPerMinute);
  if (!decision.ok) return { ok: false, reason: 'rate_limited', retryAfterSeconds: decision.retryAfterSeconds };
  if (lastUsedIsStale(row.lastUsedAt)) {
    await db.update(scimTokens).set({ lastUsedAt: sql`now()` }).where(and(eq(scimTokens.id, row.tokenId), lastUsedStaleSql(scimTokens.lastUsedAt)));
  }
  return { ok: true, caller: { tokenId: row.tokenId, tokenName: row.tokenName, orgId: row.orgId } };
}
