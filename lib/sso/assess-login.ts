import { and, eq } from 'drizzle-orm';
import type { Executor } from '@/lib/db/client';
import { memberships, organizations, users, type Role } from '@/lib/db/schema';
import { findVerifiedDomain } from '@/lib/orgs/domains';
import { countActiveOwners } from '@/lib/orgs/members';
import { decideMemberRole, type MemberRoleDecision } from '@/lib/roles/decide-member-role';
import type { RoleDecision } from '@/lib/roles/evaluate-role';
import { loadMemberGroups } from '@/lib/roles/member-groups';
import { listRoleRules } from '@/lib/roles/rules';
import { findUserByEmail } from '@/lib/users/create-user';
import { emailDomain, emailSchema } from '@/lib/users/normalize';
import type { SsoIdentity } from './complete-login';
import { SsoLoginError } from './saml/errors';

export type SsoLoginAssessment = {
  email: string;
  org: typeof organizations.$inferSelect;
  /** Groups from the assertion or ID token and from the SCIM directory. */
  groups: string[];
  /** What the rules say for these groups (a rule or the default role), as for someone joining. */
  decision: Exclude<RoleDecision, { decided: 'deny' }>;
  /** The one role decision (lib/roles/decide-member-role.ts) for this login's membership, new or existing. */
  roleDecision: MemberRoleDecision;
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

  // Read before deciding; the refusals below keep their order (no mapped group first).
  const user = await findUserByEmail(db, email);
  // Groups from the assertion and from SCIM both count: an IdP may send groups over one channel only.
  const loginGroups = identity.profile.groups;
  const groups = user ? (await loadMemberGroups(db, org.id, [user.id], { loginGroups })).get(user.id)! : [...loginGroups];
  const rules = await listRoleRules(db, org.id);
  const joining = decideMemberRole({ rules, settings: org, groups });
  if (joining.access === 'denied') throw new SsoLoginError('no_mapped_group', `${email} is in none of the groups mapped to a role (${groups.join(', ') || 'no groups'})`);

  if (user && user.status !== 'active') throw new SsoLoginError('account_disabled', `${email} is disabled`);
  // A directory is an IdP too: an account another org's directory created or named is not ours to sign in to.
  if (user?.emailSetByOrgId && user.emailSetByOrgId !== org.id) {
    throw new SsoLoginError('account_managed_elsewhere', `${email} was created or renamed by the SCIM directory of organization ${user.emailSetByOrgId}`);
  }
  const membershipQuery = user ? db.select().from(memberships).where(and(eq(memberships.orgId, org.id), eq(memberships.userId, user.id))) : undefined;
  const [membership] = membershipQuery ? (options.lockMembership ? await membershipQuery.for('update') : await membershipQuery) : [];
  if (membership?.status === 'suspended') throw new SsoLoginError('access_removed', `${email}'s membership is suspended`);

  const roleDecision = membership
    ? decideMemberRole({
        rules,
        settings: org,
        groups,
        member: { role: membership.role, status: membership.status, lockedByIdp: membership.roleLockedByIdp },
        // Only an owner's demotion needs the count (the caller holds the org's owner lock).
        activeOwners: membership.role === 'owner' ? await countActiveOwners(db, org.id) : 0,
      })
    : joining;
  const role = roleDecision.role!;
  const decision = joining.decidedBy.kind === 'rule' ? { decided: 'rule' as const, role: joining.role!, ruleId: joining.decidedBy.ruleId, group: joining.decidedBy.group } : { decided: 'default' as const, role: joining.role! };
  return { email, org, groups, decision, roleDecision, user, membership, role };
}
