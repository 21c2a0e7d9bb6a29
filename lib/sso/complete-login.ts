import { and, eq, inArray, notInArray, sql } from 'drizzle-orm';
import { recordAudit, type AuditContext } from '@/lib/audit/record';
import type { RequestMeta } from '@/lib/auth/sessions';
import type { Executor, Transaction } from '@/lib/db/client';
import { memberships, teamMembers, teams, users } from '@/lib/db/schema';
import { lockOrgOwnership } from '@/lib/orgs/members';
import { ROLE_LABELS } from '@/lib/roles/permissions';
import { deactivateLocalCredentials } from '@/lib/users/local-credentials';
import { assessSsoLogin } from './assess-login';
import type { MappedProfile } from './attribute-mapping';
import { issueSsoTicket } from './tickets';

export type SsoIdentity = {
  orgId: string;
  connectionId: string;
  connectionName: string;
  protocol: 'saml' | 'oidc';
  profile: MappedProfile;
  /** The starting browser's binding (./browser-binding); null only for IdP-initiated SAML. */
  bindingHash: string | null;
  /** The verified subject (SAML NameID, OIDC sub) and every attribute or claim, for connection tests. */
  subject: string;
  attributes: Record<string, unknown>;
};

function displayName(profile: MappedProfile): string {
  return profile.displayName ?? [profile.firstName, profile.lastName].filter(Boolean).join(' ');
}

/**
 * Groups from the login become teams of the org and the user's team memberships mirror them
 * (set-based SQL). Teams the SCIM directory manages are left alone: the directory owns them.
 */
async function syncTeams(tx: Transaction, orgId: string, userId: string, groups: string[]) {
  const names = [...new Set(groups.map((g) => g.slice(0, 200)))];
  if (names.length) {
    await tx.insert(teams).values(names.map((name) => ({ orgId, name }))).onConflictDoNothing();
    await tx.execute(sql`insert into ${teamMembers} (team_id, user_id)
      select id, ${userId} from ${teams} where org_id = ${orgId} and not scim_managed and name in ${names} on conflict do nothing`);
  }
  const keep = names.length ? notInArray(teams.name, names) : sql`true`;
  const leaving = tx.select({ id: teams.id }).from(teams).where(and(eq(teams.orgId, orgId), eq(teams.scimManaged, false), keep));
  await tx.delete(teamMembers).where(and(eq(teamMembers.userId, userId), inArray(teamMembers.teamId, leaving)));
}

/** SPEC §4.6: in an SSO-only org, the first SSO login retires the account's local credentials. */
async function retireLocalCredentials(tx: Transaction, input: { orgId: string; userId: string; breakGlass: boolean; by: AuditContext }) {
  const retired = await deactivateLocalCredentials(tx, input.userId, { keepPassword: input.breakGlass });
  if (retired.passwordDeactivated || retired.passkeysDeactivated) {
    await recordAudit(tx, { orgId: input.orgId, ...input.by, action: 'user.moved_to_sso', target: { type: 'user', id: input.userId }, metadata: retired });
  }
}

/**
 * An account nobody proved the address of (a sign-up never verified, a directory rename) now gets
 * its proof from the IdP; a password or passkey set before that proof may be a squatter's, so it goes.
 */
async function adoptUnverifiedAccount(tx: Transaction, input: { orgId: string; user: typeof users.$inferSelect; by: AuditContext }) {
  const { user } = input;
  const retired = await deactivateLocalCredentials(tx, user.id);
  const [verified] = await tx.update(users).set({ emailVerifiedAt: new Date(), updatedAt: new Date() }).where(eq(users.id, user.id)).returning();
  await recordAudit(tx, { orgId: input.orgId, ...input.by, action: 'user.email_verified', target: { type: 'user', id: user.id, label: user.email }, metadata: { via: 'sso', ...retired } });
  return verified;
}

/**
 * Turns a verified IdP identity into a signed-in member: what assessSsoLogin decided (domain rule,
 * plan, role, account and membership checks), then JIT user and membership, the role, teams and
 * SSO-only migration are written. Returns a single-use ticket.
 */
export async function completeSsoLogin(db: Executor, identity: SsoIdentity, meta: RequestMeta): Promise<{ ticket: string; userId: string }> {
  const by: AuditContext = { actor: { type: 'idp', id: identity.connectionId, label: identity.connectionName }, ip: meta.ip, userAgent: meta.userAgent };

  return db.transaction(async (tx) => {
    // First lock of the transaction, as in changeMemberRole: the last-owner check below must not
    // race a concurrent demotion, and taking it before any audit write keeps one lock order.
    await lockOrgOwnership(tx, identity.orgId);
    const { email, org, roleDecision, membership, role, ...found } = await assessSsoLogin(tx, identity, { lockMembership: true });
    let user = found.user;
    if (user && !user.emailVerifiedAt) user = await adoptUnverifiedAccount(tx, { orgId: org.id, user, by });
    if (!user) {
      [user] = await tx.insert(users).values({ email, name: displayName(identity.profile), emailVerifiedAt: new Date() }).returning();
      await recordAudit(tx, { orgId: org.id, ...by, action: 'user.provisioned', target: { type: 'user', id: user.id, label: email }, metadata: { via: identity.protocol, connection: identity.connectionName } });
    } else if (!user.name && displayName(identity.profile)) {
      await tx.update(users).set({ name: displayName(identity.profile), updatedAt: new Date() }).where(eq(users.id, user.id));
    }

    const { decidedBy } = roleDecision;
    const byRule = decidedBy.kind === 'rule';
    const why = decidedBy.kind === 'rule' ? { reason: 'group rule', ruleId: decidedBy.ruleId, group: decidedBy.group } : { reason: 'default role' };
    if (!membership) {
      await tx.insert(memberships).values({ orgId: org.id, userId: user.id, role, source: 'sso', roleLockedByIdp: byRule, roleRuleId: decidedBy.kind === 'rule' ? decidedBy.ruleId : null });
      await recordAudit(tx, { orgId: org.id, ...by, action: 'member.added', target: { type: 'user', id: user.id, label: email }, after: { role, source: 'sso' }, metadata: why });
    } else {
      await tx.update(memberships).set({ role, roleLockedByIdp: byRule, roleRuleId: decidedBy.kind === 'rule' ? decidedBy.ruleId : null, updatedAt: new Date() }).where(eq(memberships.id, membership.id));
      if (role !== membership.role) {
        await recordAudit(tx, { orgId: org.id, ...by, action: 'member.role_changed', target: { type: 'user', id: user.id, label: email }, before: { role: membership.role }, after: { role }, metadata: { ...why, summary: `${ROLE_LABELS[membership.role]} → ${ROLE_LABELS[role]}` } });
      }
    }
    await syncTeams(tx, org.id, user.id, identity.profile.groups);
    if (org.ssoOnly) await retireLocalCredentials(tx, { orgId: org.id, userId: user.id, breakGlass: membership?.breakGlass ?? false, by });

    const ticket = await issueSsoTicket(tx, { userId: user.id, orgId: org.id, connectionId: identity.connectionId, bindingHash: identity.bindingHash });
    return { ticket, userId: user.id };
  });
}
