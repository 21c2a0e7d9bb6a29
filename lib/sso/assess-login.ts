import { and, eq } from 'drizzle-orm';
import type { Executor } from '@/lib/db/client';
import { memberships, organizations, teamMembers, teams, users, type Role } from '@/lib/db/schema';
import { findVerifiedDomain } from '@/lib/orgs/domains';
import { countActiveOwners } from '@/lib/orgs/members';
import { evaluateRole, type RoleDecision } from '@/lib/roles/evaluate-role';
import { listRoleRules } from '@/lib/roles/rules';
import { findUserByEmail } from '@/lib/users/create-user';
import { emailDomain, emailSchema } from '@/lib/users/normalize';
import type { SsoIdentity } from './complete-login';
import { SsoLoginError } from './saml/errors';

/** The user's groups as the SCIM directory pushed them (names and external ids), for the role rules. */
async function directoryGroups(db: Executor, orgId: string, email: string): Promise<string[]> {
  const rows = await db
    .select({ name: teams.name, externalId: teams.externalId })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(and(eq(teams.orgId, orgId), eq(teams.scimManaged, true), eq(users.email, email)));
  return rows.flatMap((r) => (r.externalId ? [r.name, r.externalId] : [r.name]));
}

export type SsoLoginAssessment = {
  email: string;
  org: typeof organizations.$inferSelect;
  /** Groups from the assertion or ID token and from the SCIM directory. */
  groups: string[];
  decision: Exclude<RoleDecision, { decided: 'deny' }>;
  user: typeof users.$inferSelect | undefined;
  membership: typeof memberships.$inferSelect | undefined;
  /** The role the membership has after this login (a new one, or the existing one re-decided). */
  role: Role;
};

/**
 * Everything an SSO login would decide, without changing anything: the domain rule (SPEC §4.5),
 * the plan, the role from the group rules (highest wins; default; refusal when a mapped group is
 * required), and whether the account and membership may sign in. The login itself
 * (completeSsoLogin) and the connection test both start here, so they never disagree.
 * `lockMembership` locks the membership row for the login that will write it.
 */
export async function assessSsoLogin(db: Executor, identity: SsoIdentity, options: { lockMembership?: boolean } = {}): Promise<SsoLoginAssessment> {
  const parsedEmail = emailSchema.safeParse(identity.profile.email ?? '');
  if (!parsedEmail.success) throw new SsoLoginError('no_email', `the IdP sent no usable email (got ${JSON.stringify(identity.profile.email)})`);
  const email = parsedEmail.data;
  const domain = await findVerifiedDomain(db, emailDomain(email));
  if (!domain || domain.orgId !== identity.orgId) throw new SsoLoginError('domain_not_verified', `${email}: its domain is not verified by the organization that owns this connection`);
  const [org] = await db.select().from(organizations).where(eq(organizations.id, identity.orgId));
  if (org.plan !== 'enterprise') throw new SsoLoginError('not_enterprise', `organization plan is ${org.plan}`);

  // Groups from the assertion and from SCIM both count: an IdP may send groups over one channel only.
  const groups = [...identity.profile.groups, ...(await directoryGroups(db, org.id, email))];
  const decision = evaluateRole(await listRoleRules(db, org.id), groups, org);
  if (decision.decided === 'deny') throw new SsoLoginError('no_mapped_group', `${email} is in none of the groups mapped to a role (${groups.join(', ') || 'no groups'})`);

  const user = await findUserByEmail(db, email);
  if (user && user.status !== 'active') throw new SsoLoginError('account_disabled', `${email} is disabled`);
  // A directory is an IdP too: an account another org's directory created or named is not ours to sign in to.
  if (user?.emailSetByOrgId && user.emailSetByOrgId !== org.id) {
    throw new SsoLoginError('account_managed_elsewhere', `${email} was created or renamed by the SCIM directory of organization ${user.emailSetByOrgId}`);
  }
  const membershipQuery = user ? db.select().from(memberships).where(and(eq(memberships.orgId, org.id), eq(memberships.userId, user.id))) : undefined;
  const [membership] = membershipQuery ? (options.lockMembership ? await membershipQuery.for('update') : await membershipQuery) : [];
  if (membership?.status === 'suspended') throw new SsoLoginError('access_removed', `${email}'s membership is suspended`);

  let role = decision.role;
  if (membership) {
    // A rule decides; without a matching rule, only a role that a rule had decided falls back to the default.
    const next: Role = decision.decided === 'rule' || membership.roleLockedByIdp ? decision.role : membership.role;
    const demotesLastOwner = membership.role === 'owner' && next !== 'owner' && (await countActiveOwners(db, org.id)) <= 1;
    role = demotesLastOwner ? membership.role : next;
  }
  return { email, org, groups, decision, user, membership, role };
}
