import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { auditBy, recordAudit, type AuditContext } from '@/lib/audit/record';
import { generateSecret, hashSecret } from '@/lib/crypto/tokens';
import type { Executor } from '@/lib/db/client';
import { lastUsedIsStale, lastUsedStaleSql } from '@/lib/db/last-used';
import { apiKeys, memberships, organizations, projects, users } from '@/lib/db/schema';
import { UserFacingError } from '@/lib/errors';
import { getMemberProject } from './projects';

export const API_KEY_PREFIX = 'gw_';
const VISIBLE_PREFIX_LENGTH = 11;

export const apiKeyNameSchema = z.string().trim().min(1, 'Enter a key name').max(80, 'Key name must be at most 80 characters');

/** Creates a key for the user in one of their projects. The secret is returned once and never stored. */
export async function createApiKey(db: Executor, input: { orgId: string; projectId: string; userId: string; name: string }, by: AuditContext) {
  return db.transaction(async (tx) => {
    const project = await getMemberProject(tx, input.orgId, input.projectId, input.userId);
    const secret = generateSecret(API_KEY_PREFIX, 32);
    const [key] = await tx
      .insert(apiKeys)
      .values({ ...input, prefix: secret.slice(0, VISIBLE_PREFIX_LENGTH), keyHash: hashSecret(secret) })
      .returning({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, createdAt: apiKeys.createdAt });
    await recordAudit(tx, auditBy(by, { orgId: input.orgId, action: 'api_key.created', target: { type: 'api_key', id: key.id, label: `${key.name} (${key.prefix}…)` }, metadata: { projectId: project.id, projectName: project.name, ownerId: input.userId } }));
    return { key, secret };
  });
}

export async function listUserApiKeys(db: Executor, orgId: string, userId: string) {
  return db
    .select({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, projectName: projects.name, createdAt: apiKeys.createdAt, lastUsedAt: apiKeys.lastUsedAt, disabledAt: apiKeys.disabledAt, disabledReason: apiKeys.disabledReason })
    .from(apiKeys)
    .innerJoin(projects, eq(projects.id, apiKeys.projectId))
    .where(and(eq(apiKeys.orgId, orgId), eq(apiKeys.userId, userId)))
    .orderBy(desc(apiKeys.createdAt));
}

/** Disables one of the user's own keys in this org. */
export async function disableApiKey(db: Executor, input: { orgId: string; userId: string; keyId: string }, by: AuditContext) {
  return db.transaction(async (tx) => {
    const [key] = await tx
      .update(apiKeys)
      .set({ disabledAt: new Date(), disabledReason: 'disabled by its owner' })
      .where(and(eq(apiKeys.id, input.keyId), eq(apiKeys.orgId, input.orgId), eq(apiKeys.userId, input.userId), isNull(apiKeys.disabledAt)))
      .returning();
    if (!key) throw new UserFacingError('API key not found or already disabled');
    await recordAudit(tx, auditBy(by, { orgId: input.orgId, action: 'api_key.disabled', target: { type: 'api_key', id: key.id, label: `${key.name} (${key.prefix}…)` }, metadata: { reason: key.disabledReason } }));
    return key;
  });
}

/** Disables every enabled key a user holds in an org (off-boarding), returning how many. */
export async function disableUserApiKeys(db: Executor, input: { orgId: string; userId: string; reason: string }): Promise<number> {
  const rows = await db
    .update(apiKeys)
    .set({ disabledAt: new Date(), disabledReason: input.reason })
    .where(and(eq(apiKeys.orgId, input.orgId), eq(apiKeys.userId, input.userId), isNull(apiKeys.disabledAt)))
    .returning({ id: apiKeys.id });
  return rows.length;
}

/**
 * The gateway's key check: the key must exist, be enabled, and belong to an active user
 * whose membership in the key's org is active. One query, so off-boarding is seen at once.
 */
export async function authenticateApiKey(db: Executor, secret: string) {
  if (!secret.startsWith(API_KEY_PREFIX) || secret.length > 200) return undefined;
  const [row] = await db
    .select({
      keyId: apiKeys.id,
      keyName: apiKeys.name,
      keyPrefix: apiKeys.prefix,
      lastUsedAt: apiKeys.lastUsedAt,
      user: { id: users.id, email: users.email, name: users.name },
      project: { id: projects.id, name: projects.name },
      org: { id: organizations.id, name: organizations.name, slug: organizations.slug },
      role: memberships.role,
    })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .innerJoin(projects, eq(projects.id, apiKeys.projectId))
    .innerJoin(organizations, eq(organizations.id, apiKeys.orgId))
    .innerJoin(memberships, and(eq(memberships.userId, apiKeys.userId), eq(memberships.orgId, apiKeys.orgId)))
    .where(and(eq(apiKeys.keyHash, hashSecret(secret)), isNull(apiKeys.disabledAt), eq(users.status, 'active'), eq(memberships.status, 'active')));
  if (row && lastUsedIsStale(row.lastUsedAt)) {
    await db.update(apiKeys).set({ lastUsedAt: sql`now()` }).where(and(eq(apiKeys.id, row.keyId), lastUsedStaleSql(apiKeys.lastUsedAt)));
  }
  if (!row) return undefined;
  const { lastUsedAt: _lastUsedAt, ...found } = row;
  return found;
}

/**
 * Turns a disabled key back on, for its owner or (`asAdmin`) an owner or admin of the org. A key
 * whose holder is suspended, deactivated or gone stays off: off-boarding must not be undone key
 * by key.
 */
export async function enableApiKey(db: Executor, input: { orgId: string; keyId: string; byUserId: string; asAdmin: boolean }, by: AuditContext) {
  return db.transaction(async (tx) => {
    const [found] = await tx
      .select({ key: apiKeys, email: users.email, userStatus: users.status, membershipStatus: memberships.status })
      .from(apiKeys)
      .innerJoin(users, eq(users.id, apiKeys.userId))
      .leftJoin(memberships, and(eq(memberships.userId, apiKeys.userId), eq(memberships.orgId, apiKeys.orgId)))
      .where(and(eq(apiKeys.id, input.keyId), eq(apiKeys.orgId, input.orgId)))
      .for('update', { of: apiKeys });
    // Someone else's key reads as missing to a member, as in disableApiKey.
    if (!found || (!input.asAdmin && found.key.userId !== input.byUserId)) throw new UserFacingError('API key not found');
    const { key } = found;
    if (!key.disabledAt) throw new UserFacingError(`API key ${key.name} is already enabled`);
    if (!found.membershipStatus) throw new UserFacingError(`${found.email} is no longer a member of this organization, so their keys stay off.`);
    if (found.membershipStatus !== 'active' || found.userStatus !== 'active') throw new UserFacingError(`${found.email} is suspended in this organization, so their keys stay off. Restore them first.`);
    const [enabled] = await tx.update(apiKeys).set({ disabledAt: null, disabledReason: null }).where(eq(apiKeys.id, key.id)).returning();
    await recordAudit(tx, auditBy(by, { orgId: input.orgId, action: 'api_key.enabled', target: { type: 'api_key', id: key.id, label: `${key.name} (${key.prefix}…)` }, before: { disabledReason: key.disabledReason }, metadata: { ownerId: key.userId } }));
    return enabled;
  });
}
