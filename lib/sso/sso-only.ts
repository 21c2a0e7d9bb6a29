import { and, count, eq, inArray, sql } from 'drizzle-orm';
import { auditBy, recordAudit, recordAuditMany, type AuditContext } from '@/lib/audit/record';
import type { Executor, Transaction } from '@/lib/db/client';
import { domains, memberships, organizations, sessions, ssoConnections, ssoConnectionTests, users } from '@/lib/db/schema';
import { UserFacingError } from '@/lib/errors';

export const MAX_BREAK_GLASS_ACCOUNTS = 3;

/**
 * Has an owner or admin of the org signed in by SSO, or passed a connection test, through one
 * of its current connections? Without that proof, SSO-only could lock everyone out behind a
 * broken configuration. The sign-in is read from the membership (recordMemberSsoLogin), not
 * from the audit log, so the answer does not depend on how long the log is kept or how large it grows.
 */
export async function hasAdminSsoLogin(db: Executor, orgId: string): Promise<boolean> {
  const connectionIds = (await db.select({ id: ssoConnections.id }).from(ssoConnections).where(eq(ssoConnections.orgId, orgId))).map((c) => c.id);
  if (connectionIds.length === 0) return false;
  const adminConditions = [eq(memberships.orgId, orgId), eq(memberships.status, 'active'), inArray(memberships.role, ['owner', 'admin'])];
  const [row] = await db
    .select({ n: count() })
    .from(memberships)
    .where(and(...adminConditions, inArray(memberships.lastSsoConnectionId, connectionIds)));
  if (row.n > 0) return true;
  const admins = db.select({ id: sql<string>`${memberships.userId}::text` }).from(memberships).where(and(...adminConditions));
  const [tested] = await db
    .select({ n: count() })
    .from(ssoConnectionTests)
    .where(
      and(
        eq(ssoConnectionTests.orgId, orgId),
        eq(ssoConnectionTests.ok, true),
        inArray(ssoConnectionTests.connectionId, connectionIds),
        sql`${ssoConnectionTests.testedBy}->>'type' = 'user'`,
        inArray(sql`${ssoConnectionTests.testedBy}->>'id'`, admins),
      ),
    );
  return tested.n > 0;
}

/** Notes a completed SSO sign-in on the member's row (the proof hasAdminSsoLogin reads). */
export async function recordMemberSsoLogin(db: Executor, input: { orgId: string; userId: string; connectionId: string }): Promise<void> {
  await db
    .update(memberships)
    .set({ lastSsoLoginAt: new Date(), lastSsoConnectionId: input.connectionId })
    .where(and(eq(memberships.orgId, input.orgId), eq(memberships.userId, input.userId)));
}

/**
 * Turning SSO-only on ends the password and passkey sessions of every account on the org's
 * verified domains (break-glass passwords excepted), so no session outlives the switch.
 */
async function revokeLocalSessions(tx: Transaction, orgId: string, by: AuditContext): Promise<number> {
  const reason = 'SSO-only turned on';
  const { rows } = await tx.execute<{ user_id: string; email: string; n: number }>(sql`
    with revoked as (
      update ${sessions} s set revoked_at = now(), revoked_reason = ${reason}
      from ${users} u
      where s.user_id = u.id and s.revoked_at is null and s.expires_at > now() and s.method in ('password', 'passkey')
        and substring(u.email from '[^@]+$') in (select d.domain from ${domains} d where d.org_id = ${orgId} and d.verified_at is not null)
        and not (s.method = 'password' and exists (
          select 1 from ${memberships} m where m.user_id = u.id and m.org_id = ${orgId} and m.break_glass and m.status = 'active'))
      returning s.user_id, u.email)
    select user_id, email, count(*)::int as n from revoked group by user_id, email`);
  await recordAuditMany(tx, orgId, rows.map((row) => auditBy(by, {
    orgId,
    action: 'session.revoked',
    target: { type: 'user', id: row.user_id, label: row.email },
    metadata: { count: row.n, reason, scopeOrgId: null },
  })));
  return rows.reduce((sum, row) => sum + row.n, 0);
}

export async function setSsoOnly(db: Executor, input: { orgId: string; enabled: boolean }, by: AuditContext) {
  return db.transaction(async (tx) => {
    const [org] = await tx.select().from(organizations).where(eq(organizations.id, input.orgId)).for('update');
    if (!org) throw new UserFacingError('Organization not found');
    if (org.ssoOnly === input.enabled) return org;
    if (input.enabled) {
      if (org.plan !== 'enterprise') throw new UserFacingError('SSO-only needs the Enterprise plan');
      if (!(await hasAdminSsoLogin(tx, org.id))) {
        throw new UserFacingError('Before turning on SSO-only, an owner or admin must sign in once with SSO through an active connection, so a broken configuration cannot lock everyone out.');
      }
    }
    const [updated] = await tx.update(organizations).set({ ssoOnly: input.enabled, updatedAt: new Date() }).where(eq(organizations.id, org.id)).returning();
    const sessionsRevoked = input.enabled ? await revokeLocalSessions(tx, org.id, by) : 0;
    await recordAudit(tx, auditBy(by, { orgId: org.id, action: 'sso.sso_only_changed', target: { type: 'org', id: org.id, label: org.name }, before: { ssoOnly: org.ssoOnly }, after: { ssoOnly: input.enabled }, metadata: input.enabled ? { sessionsRevoked } : undefined }));
    return updated;
  });
}

/** Break-glass accounts keep their password under SSO-only; a few at most, each use audited. */
export async function setBreakGlass(db: Executor, input: { orgId: string; email: string; enabled: boolean }, by: AuditContext) {
  return db.transaction(async (tx) => {
    const [target] = await tx
      .select({ membership: memberships, email: users.email })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.orgId, input.orgId), eq(users.email, input.email.toLowerCase())))
      .for('update');
    if (!target || target.membership.status !== 'active') throw new UserFacingError(`${input.email} is not an active member of this organization`);
    if (target.membership.breakGlass === input.enabled) return target.membership;
    if (input.enabled && target.membership.role !== 'owner' && target.membership.role !== 'admin') {
      throw new UserFacingError(`${target.email} is a ${target.membership.role}: only owners and admins can be break-glass accounts`, 'email');
    }
    if (input.enabled) {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`break-glass:${input.orgId}`}, 0))`);
      const [{ n }] = await tx.select({ n: count() }).from(memberships).where(and(eq(memberships.orgId, input.orgId), eq(memberships.breakGlass, true)));
      if (n >= MAX_BREAK_GLASS_ACCOUNTS) throw new UserFacingError(`At most ${MAX_BREAK_GLASS_ACCOUNTS} break-glass accounts are allowed; remove one first`);
    }
    const [updated] = await tx.update(memberships).set({ breakGlass: input.enabled, updatedAt: new Date() }).where(eq(memberships.id, target.membership.id)).returning();
    await recordAudit(tx, auditBy(by, { orgId: input.orgId, action: input.enabled ? 'sso.break_glass_added' : 'sso.break_glass_removed', target: { type: 'user', id: target.membership.userId, label: target.email } }));
    return updated;
  });
}
