import { and, eq, gt, isNull, ne, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { auditBy, recordAudit, type AuditContext } from '@/lib/audit/record';
import type { Executor } from '@/lib/db/client';
import { organizations, sessions } from '@/lib/db/schema';
import { UserFacingError } from '@/lib/errors';

export const MIN_SESSION_LIFETIME_MINUTES = 15;
export const MAX_SESSION_LIFETIME_MINUTES = 30 * 24 * 60;

const BOUNDS_MESSAGE = `Enter a whole number of minutes from ${MIN_SESSION_LIFETIME_MINUTES} (15 minutes) to ${MAX_SESSION_LIFETIME_MINUTES} (30 days)`;

/** Minutes as typed in a form (a string) or sent as a number; anything else gets the same sentence. */
export const sessionLifetimeSchema = z.coerce
  .number({ message: BOUNDS_MESSAGE })
  .refine((n) => Number.isInteger(n) && n >= MIN_SESSION_LIFETIME_MINUTES && n <= MAX_SESSION_LIFETIME_MINUTES, { message: BOUNDS_MESSAGE });

/** How long a new session in this org lasts (lib/auth/sessions.ts createSession); sessions already open keep their expiry. */
export async function setSessionLifetime(db: Executor, input: { orgId: string; minutes: number }, by: AuditContext) {
  const parsed = sessionLifetimeSchema.safeParse(input.minutes);
  if (!parsed.success) throw new UserFacingError(BOUNDS_MESSAGE, 'minutes');
  return db.transaction(async (tx) => {
    const [org] = await tx.select().from(organizations).where(eq(organizations.id, input.orgId)).for('update');
    if (!org) throw new UserFacingError('Organization not found');
    if (org.sessionLifetimeMinutes === parsed.data) return org;
    const [updated] = await tx.update(organizations).set({ sessionLifetimeMinutes: parsed.data, updatedAt: new Date() }).where(eq(organizations.id, org.id)).returning();
    await recordAudit(tx, auditBy(by, {
      orgId: org.id,
      action: 'org.session_lifetime_changed',
      target: { type: 'org', id: org.id, label: org.name },
      before: { sessionLifetimeMinutes: org.sessionLifetimeMinutes },
      after: { sessionLifetimeMinutes: parsed.data },
    }));
    return updated;
  });
}

/**
 * Ends every live session working in this org, except the caller's own (`keepSessionId`), so
 * the person pressing the button is not thrown out mid-click. Each browser is signed out on its
 * next request (sessions are re-read every time).
 */
export async function signOutEveryone(db: Executor, input: { orgId: string; keepSessionId?: string }, by: AuditContext): Promise<number> {
  return db.transaction(async (tx) => {
    const conditions: SQL[] = [eq(sessions.activeOrgId, input.orgId), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql`now()`)];
    if (input.keepSessionId) conditions.push(ne(sessions.id, input.keepSessionId));
    const revoked = await tx.update(sessions).set({ revokedAt: sql`now()`, revokedReason: 'Signed out everyone' }).where(and(...conditions)).returning({ userId: sessions.userId });
    const [org] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, input.orgId));
    await recordAudit(tx, auditBy(by, {
      orgId: input.orgId,
      action: 'org.signed_out_everyone',
      target: { type: 'org', id: input.orgId, label: org?.name },
      metadata: { sessionsRevoked: revoked.length, people: new Set(revoked.map((r) => r.userId)).size, keptCallerSession: Boolean(input.keepSessionId) },
    }));
    return revoked.length;
  });
}
