import { and, asc, count, eq, isNotNull, sql } from 'drizzle-orm';
import type { Executor } from '@/lib/db/client';
import { domains, memberships, organizations, ssoConnections, users, type Role } from '@/lib/db/schema';
import { hasAdminSsoLogin } from './sso-only';

export type BreakGlassAccount = { membershipId: string; email: string; name: string; role: Role };

/** Whether SSO-only may be switched on now, and if not, why, in words an admin can act on. */
export type SsoOnlyReadiness = { ready: true } | { ready: false; reason: string };

export async function ssoOnlyReadiness(db: Executor, orgId: string): Promise<SsoOnlyReadiness> {
  const [org] = await db.select({ plan: organizations.plan }).from(organizations).where(eq(organizations.id, orgId));
  if (org?.plan !== 'enterprise') return { ready: false, reason: 'SSO-only needs the Enterprise plan.' };
  const [{ n }] = await db.select({ n: count() }).from(ssoConnections).where(eq(ssoConnections.orgId, orgId));
  if (n === 0) return { ready: false, reason: 'Add an SSO connection first (Settings → SSO connections).' };
  if (!(await hasAdminSsoLogin(db, orgId))) {
    return {
      ready: false,
      reason: 'An owner or admin must first sign in with SSO, or pass a connection test, through one of your current connections. This proves the configuration works, so SSO-only cannot lock everyone out.',
    };
  }
  return { ready: true };
}

export async function listBreakGlassAccounts(db: Executor, orgId: string): Promise<BreakGlassAccount[]> {
  return db
    .select({ membershipId: memberships.id, email: users.email, name: users.name, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, orgId), eq(memberships.breakGlass, true)))
    .orderBy(asc(users.email));
}

/**
 * What turning SSO-only on would do right now: the accounts on the org's verified domains that
 * can sign in with a password or passkey and would lose that (break-glass accounts keep their
 * password), and how many of their password/passkey sessions end at once (see revokeLocalSessions).
 */
export async function previewSsoOnly(db: Executor, orgId: string) {
  const verified = (await db.select({ domain: domains.domain }).from(domains).where(and(eq(domains.orgId, orgId), isNotNull(domains.verifiedAt))).orderBy(asc(domains.domain))).map((d) => d.domain);
  const { rows } = await db.execute<{ accounts: number; sessions: number }>(sql`
    with affected as (
      select u.id from users u
      where substring(u.email from '[^@]+$') in (select d.domain from domains d where d.org_id = ${orgId} and d.verified_at is not null)
        and (exists (select 1 from password_credentials p where p.user_id = u.id and p.deactivated_at is null)
          or exists (select 1 from passkeys k where k.user_id = u.id and k.deactivated_at is null))
        and not exists (select 1 from memberships m where m.user_id = u.id and m.org_id = ${orgId} and m.break_glass and m.status = 'active'))
    select
      (select count(*) from affected)::int as accounts,
      -- The same sessions revokeLocalSessions ends: a break-glass account keeps only its password sessions.
      (select count(*) from sessions s join users u on u.id = s.user_id
        where s.revoked_at is null and s.expires_at > now() and s.method in ('password', 'passkey')
          and substring(u.email from '[^@]+$') in (select d.domain from domains d where d.org_id = ${orgId} and d.verified_at is not null)
          and not (s.method = 'password' and exists (
            select 1 from memberships m where m.user_id = u.id and m.org_id = ${orgId} and m.break_glass and m.status = 'active')))::int as sessions`);
  return { verifiedDomains: verified, accountsLosingLocalSignIn: rows[0].accounts, sessionsEnded: rows[0].sessions, breakGlass: await listBreakGlassAccounts(db, orgId) };
}

export type SsoOnlyPreview = Awaited<ReturnType<typeof previewSsoOnly>>;
