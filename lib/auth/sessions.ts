import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { auditBy, recordAudit, type AuditContext } from '@/lib/audit/record';
import type { Executor } from '@/lib/db/client';
import { memberships, organizations, sessions, users, type SignInMethod } from '@/lib/db/schema';

const DEFAULT_LIFETIME_MINUTES = 720;

export type RequestMeta = { ip: string | null; userAgent: string | null };

/** The org a user lands in: their oldest active membership. */
export async function findDefaultOrgId(db: Executor, userId: string): Promise<string | null> {
  const [row] = await db
    .select({ orgId: memberships.orgId })
    .from(memberships)
    .where(and(eq(memberships.userId, userId), eq(memberships.status, 'active')))
    .orderBy(memberships.createdAt)
    .limit(1);
  return row?.orgId ?? null;
}

export async function createSession(
  db: Executor,
  input: { userId: string; method: SignInMethod; orgId: string | null; meta: RequestMeta },
): Promise<{ id: string; expiresAt: Date }> {
  let lifetime = DEFAULT_LIFETIME_MINUTES;
  if (input.orgId) {
    const [org] = await db.select({ minutes: organizations.sessionLifetimeMinutes }).from(organizations).where(eq(organizations.id, input.orgId));
    lifetime = org?.minutes ?? lifetime;
  }
  const [row] = await db
    .insert(sessions)
    .values({
      userId: input.userId,
      method: input.method,
      activeOrgId: input.orgId,
      ip: input.meta.ip,
      userAgent: input.meta.userAgent?.slice(0, 512) ?? null,
      expiresAt: new Date(Date.now() + lifetime * 60_000),
    })
    .returning({ id: sessions.id, expiresAt: sessions.expiresAt });
  return row;
}

/** A live session row: not revoked, not expired. Anything else means the browser is signed out. */
export async function findLiveSession(db: Executor, sessionId: string) {
  const [row] = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql`now()`)));
  return row;
}

export async function revokeSession(db: Executor, sessionId: string, reason: string): Promise<void> {
  await db.update(sessions).set({ revokedAt: sql`now()`, revokedReason: reason }).where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
}

/**
 * Signs a user out everywhere at once (or only of the sessions working in `orgId`).
 * Every request re-reads the row, so the next click of each browser is signed out.
 * Audited as one `session.revoked` event when anything was revoked (metadata `scopeOrgId`
 * is null for "everywhere"), in the org given or else the user's default org.
 */
export async function revokeUserSessions(
  db: Executor,
  input: { userId: string; orgId?: string; reason: string; by: AuditContext },
): Promise<number> {
  return db.transaction(async (tx) => {
    const conditions = [eq(sessions.userId, input.userId), isNull(sessions.revokedAt)];
    if (input.orgId) conditions.push(eq(sessions.activeOrgId, input.orgId));
    const revoked = await tx.update(sessions).set({ revokedAt: sql`now()`, revokedReason: input.reason }).where(and(...conditions)).returning({ id: sessions.id });
    if (revoked.length > 0) await auditSessionsRevoked(tx, input, revoked.length);
    return revoked.length;
  });
}

async function auditSessionsRevoked(tx: Executor, input: { userId: string; orgId?: string; reason: string; by: AuditContext }, count: number) {
  const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, input.userId));
  await recordAudit(tx, auditBy(input.by, {
    orgId: input.orgId ?? (await findDefaultOrgId(tx, input.userId)),
    action: 'session.revoked',
    target: { type: 'user', id: input.userId, label: user?.email },
    metadata: { count, reason: input.reason, scopeOrgId: input.orgId ?? null },
  }));
}

export async function touchSession(db: Executor, sessionId: string): Promise<void> {
  await db
    .update(sessions)
    .set({ lastSeenAt: sql`now()` })
    .where(and(eq(sessions.id, sessionId), sql`${sessions.lastSeenAt} < now() - interval '1 minute'`));
}
