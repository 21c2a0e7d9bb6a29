import { and, asc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import { recordAudit, type AuditContext } from '@/lib/audit/record';
import type { RequestMeta } from '@/lib/auth/sessions';
import type { Executor, Transaction } from '@/lib/db/client';
import { memberships, organizations, roleRules, teamMembers, teams, users, type Role } from '@/lib/db/schema';
import { findVerifiedDomain } from '@/lib/orgs/domains';
import { countActiveOwners, lockOrgOwnership } from '@/lib/orgs/members';
import { evaluateRole } from '@/lib/roles/evaluate-role';
import { ROLE_LABELS } from '@/lib/roles/permissions';
import { findUserByEmail } from '@/lib/users/create-user';
import { deactivateLocalCredentials } from '@/lib/users/local-credentials';
import { emailDomain, emailSchema } from '@/lib/users/normalize';
import type { MappedProfile } from './attribute-mapping';
import { SsoLoginError } from './saml/errors';
import { issueSsoTicket } from './tickets';

export type SsoIdentity = {
  orgId: string;
  connectionId: string;
  connectionName: string;
  protocol: 'saml' | 'oidc';
  profile: MappedProfile;
  /** The starting browser's binding (./browser-binding); null only for IdP-initiated SAML. */
  bindingHash: string | null;
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

/** The user's groups as the SCIM directory pushed them (names and external ids), for the role rules. */
async function directoryGroups(tx: Transaction, orgId: string, email: string): Promise<string[]> {
  const rows = await tx
    .select({ name: teams.name, externalId: teams.externalId })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(and(eq(teams.orgId, orgId), eq(teams.scimManaged, true), eq(users.email, email)));
  return rows.flatMap((r) => (r.externalId ? [r.name, r.externalId] : [r.name]));
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
 * Turns a verified IdP identity into a signed-in member: domain rule (SPEC §4.5), JIT user and
 * membership, group → role rules, teams, SSO-only migration. Returns a single-use ticket.
 */
export async function completeSsoLogin(db: Executor, identity: SsoIdentity, meta: RequestMeta): Promise<{ ticket: string; userId: string }> {
  const parsedEmail = emailSchema.safeParse(identity.profile.email ?? '');
  if (!parsedEmail.success) throw new SsoLoginError('no_email', `the IdP sent no usable email (got ${JSON.stringify(identity.profile.email)})`);
  const email = parsedEmail.data;
  const by: AuditContext = { actor: { type: 'idp', id: identity.connectionId, label: identity.connectionName }, ip: meta.ip, userAgent: meta.userAgent };

  return db.transaction(async (tx) => {
    // First lock of the transaction, as in changeMemberRole: the last-owner check below must not
    // race a concurrent demotion, and taking it before any audit write keeps one lock order.
    await lockOrgOwnership(tx, identity.orgId);
    const domain = await findVerifiedDomain(tx, emailDomain(email));
    if (!domain || domain.orgId !== identity.orgId) throw new SsoLoginError('domain_not_verified', `${email}: its domain is not verified by the organization that owns this connection`);
    const [org] = await tx.select().from(organizations).where(eq(organizations.id, identity.orgId));
    if (org.plan !== 'enterprise') throw new SsoLoginError('not_enterprise', `organization plan is ${org.plan}`);

    const rules = await tx.select().from(roleRules).where(eq(roleRules.orgId, org.id)).orderBy(asc(roleRules.position));
    // Groups from the assertion and from SCIM both count: an IdP may send groups over one channel only.
    const groups = [...identity.profile.groups, ...(await directoryGroups(tx, org.id, email))];
    const decision = evaluateRole(rules, groups, org);
    if (decision.decided === 'deny') throw new SsoLoginError('no_mapped_group', `${email} is in none of the groups mapped to a role (${groups.join(', ') || 'no groups'})`);

    let user = await findUserByEmail(tx, email);
    if (user && user.status !== 'active') throw new SsoLoginError('account_disabled', `${email} is disabled`);
    // A directory is an IdP too: an account another org's directory created or named is not ours to sign in to.
    if (user?.emailSetByOrgId && user.emailSetByOrgId !== org.id) {
      throw new SsoLoginError('account_managed_elsewhere', `${email} was created or renamed by the SCIM directory of organization ${user.emailSetByOrgId}`);
    }
    if (user && !user.emailVerifiedAt) user = await adoptUnverifiedAccount(tx, { orgId: org.id, user, by });
    if (!user) {
      [user] = await tx.insert(users).values({ email, name: displayName(identity.profile), emailVerifiedAt: new Date() }).returning();
      await recordAudit(tx, { orgId: org.id, ...by, action: 'user.provisioned', target: { type: 'user', id: user.id, label: email }, metadata: { via: identity.protocol, connection: identity.connectionName } });
    } else if (!user.name && displayName(identity.profile)) {
      await tx.update(users).set({ name: displayName(identity.profile), updatedAt: new Date() }).where(eq(users.id, user.id));
    }

    const [membership] = await tx.select().from(memberships).where(and(eq(memberships.orgId, org.id), eq(memberships.userId, user.id))).for('update');
    if (membership?.status === 'suspended') throw new SsoLoginError('access_removed', `${email}'s membership is suspended`);
    const why = decision.decided === 'rule' ? { reason: 'group rule', ruleId: decision.ruleId, group: decision.group } : { reason: 'default role' };
    if (!membership) {
      await tx.insert(memberships).values({ orgId: org.id, userId: user.id, role: decision.role, source: 'sso', roleLockedByIdp: decision.decided === 'rule', roleRuleId: decision.decided === 'rule' ? decision.ruleId : null });
      await recordAudit(tx, { orgId: org.id, ...by, action: 'member.added', target: { type: 'user', id: user.id, label: email }, after: { role: decision.role, source: 'sso' }, metadata: why });
    } else {
      // A rule decides; without a matching rule, only a role that a rule had decided falls back to the default.
      const next: Role = decision.decided === 'rule' || membership.roleLockedByIdp ? decision.role : membership.role;
      const demotesLastOwner = membership.role === 'owner' && next !== 'owner' && (await countActiveOwners(tx, org.id)) <= 1;
      const role = demotesLastOwner ? membership.role : next;
      await tx
        .update(memberships)
        .set({ role, roleLockedByIdp: decision.decided === 'rule', roleRuleId: decision.decided === 'rule' ? decision.ruleId : null, updatedAt: new Date() })
        .where(eq(memberships.id, membership.id));
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
