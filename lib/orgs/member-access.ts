import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { auditBy, recordAudit, type AuditContext } from '@/lib/audit/record';
import { revokeUserSessions } from '@/lib/auth/sessions';
import type { Executor, Transaction } from '@/lib/db/client';
import { apiKeys, memberships, projectMembers, projects, scimUsers, teamMembers, teams, users, type Role } from '@/lib/db/schema';
import { UserFacingError } from '@/lib/errors';
import { disableUserApiKeys, enableApiKey } from '@/lib/gateway/api-keys';
import { countActiveOwners, lockOrgOwnership } from './members';

/** Cuts access in this org at once: sessions revoked and API keys disabled, in the caller's transaction (SCIM and the portal alike). */
export async function cutMemberAccess(tx: Transaction, input: { orgId: string; userId: string; reason: string; by: AuditContext }) {
  const sessionsRevoked = await revokeUserSessions(tx, { userId: input.userId, orgId: input.orgId, reason: input.reason, by: input.by });
  const apiKeysDisabled = await disableUserApiKeys(tx, { orgId: input.orgId, userId: input.userId, reason: input.reason });
  return { sessionsRevoked, apiKeysDisabled };
}

/** Who is acting from the portal: their role decides whether owners may be touched. */
export type MemberActor = { role: Role; userId: string };

/**
 * Locks the org's owner decisions and the target row, then applies the portal's rules: the member
 * is in this org, only owners act on owners, nobody acts on themselves here, and an active owner
 * is never the last one to go.
 */
async function lockTarget(tx: Transaction, input: { orgId: string; membershipId: string }, actor: MemberActor, verb: string) {
  await lockOrgOwnership(tx, input.orgId);
  const [target] = await tx
    .select({ membership: memberships, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.id, input.membershipId), eq(memberships.orgId, input.orgId)))
    .for('update', { of: memberships });
  if (!target) throw new UserFacingError('Member not found (they may have been removed already)');
  if (target.membership.userId === actor.userId) throw new UserFacingError(`You cannot ${verb} yourself; ask another owner or admin`);
  if (target.membership.role === 'owner' && actor.role !== 'owner') throw new UserFacingError(`Only an owner can ${verb} an owner`);
  return target;
}

async function refuseLastOwner(tx: Transaction, orgId: string, membership: { role: Role; status: 'active' | 'suspended' }) {
  if (membership.role !== 'owner' || membership.status !== 'active') return;
  if ((await countActiveOwners(tx, orgId)) <= 1) throw new UserFacingError('An organization needs at least one active owner; make someone else owner first');
}

/** Suspends a member: sessions in this org end and their API keys are disabled in the same transaction. */
export async function suspendMember(db: Executor, input: { orgId: string; membershipId: string }, actor: MemberActor, by: AuditContext) {
  return db.transaction(async (tx) => {
    const { membership, email } = await lockTarget(tx, input, actor, 'suspend');
    if (membership.status === 'suspended') return { sessionsRevoked: 0, apiKeysDisabled: 0 };
    await refuseLastOwner(tx, input.orgId, membership);
    await tx.update(memberships).set({ status: 'suspended', updatedAt: new Date() }).where(eq(memberships.id, membership.id));
    const cut = await cutMemberAccess(tx, { orgId: input.orgId, userId: membership.userId, reason: 'Suspended by an admin', by });
    await recordAudit(tx, auditBy(by, { orgId: input.orgId, action: 'member.suspended', target: { type: 'user', id: membership.userId, label: email }, before: { status: 'active' }, after: { status: 'suspended' }, metadata: cut }));
    return cut;
  });
}

/**
 * Restores a suspended member. Their API keys stay disabled until re-enabled (as after SCIM), and
 * a member the directory deactivated is restored in the directory, not here.
 */
export async function restoreMember(db: Executor, input: { orgId: string; membershipId: string }, actor: MemberActor, by: AuditContext) {
  return db.transaction(async (tx) => {
    const { membership, email } = await lockTarget(tx, input, actor, 'restore');
    if (membership.status === 'active') return;
    const [directory] = await tx.select({ active: scimUsers.active }).from(scimUsers).where(and(eq(scimUsers.orgId, input.orgId), eq(scimUsers.userId, membership.userId)));
    if (directory && !directory.active) throw new UserFacingError(`${email} is deactivated in your identity provider's directory; reactivate them there`);
    await tx.update(memberships).set({ status: 'active', updatedAt: new Date() }).where(eq(memberships.id, membership.id));
    await recordAudit(tx, auditBy(by, { orgId: input.orgId, action: 'member.restored', target: { type: 'user', id: membership.userId, label: email }, before: { status: 'suspended' }, after: { status: 'active' }, metadata: { apiKeys: 'stay disabled until re-enabled by a person' } }));
  });
}

/** Removes a member from the org: access cut as for a suspension, then the membership, its teams and project seats go. The account stays. */
export async function removeMember(db: Executor, input: { orgId: string; membershipId: string }, actor: MemberActor, by: AuditContext) {
  return db.transaction(async (tx) => {
    const { membership, email } = await lockTarget(tx, input, actor, 'remove');
    await refuseLastOwner(tx, input.orgId, membership);
    const cut = await cutMemberAccess(tx, { orgId: input.orgId, userId: membership.userId, reason: 'Removed from the organization', by });
    const orgProjects = tx.select({ id: projects.id }).from(projects).where(eq(projects.orgId, input.orgId));
    await tx.delete(projectMembers).where(and(eq(projectMembers.userId, membership.userId), inArray(projectMembers.projectId, orgProjects)));
    const orgTeams = tx.select({ id: teams.id }).from(teams).where(eq(teams.orgId, input.orgId));
    await tx.delete(teamMembers).where(and(eq(teamMembers.userId, membership.userId), inArray(teamMembers.teamId, orgTeams)));
    await tx.delete(memberships).where(eq(memberships.id, membership.id));
    await recordAudit(tx, auditBy(by, { orgId: input.orgId, action: 'member.removed', target: { type: 'user', id: membership.userId, label: email }, before: { role: membership.role, status: membership.status }, metadata: cut }));
    return cut;
  });
}

/** Signs a member out of this org everywhere; audited as `session.revoked` plus who asked. */
export async function revokeMemberSessions(db: Executor, input: { orgId: string; membershipId: string }, actor: MemberActor, by: AuditContext) {
  return db.transaction(async (tx) => {
    const { membership, email } = await lockTarget(tx, input, actor, 'sign out');
    const sessionsRevoked = await revokeUserSessions(tx, { userId: membership.userId, orgId: input.orgId, reason: 'Signed out by an admin', by });
    // revokeUserSessions audits only when something was revoked; the request itself is always on record.
    if (sessionsRevoked === 0) await recordAudit(tx, auditBy(by, { orgId: input.orgId, action: 'session.revoked', target: { type: 'user', id: membership.userId, label: email }, metadata: { count: 0, reason: 'Signed out by an admin', scopeOrgId: input.orgId } }));
    return { sessionsRevoked };
  });
}

/**
 * Turns a restored member's disabled API keys in this org back on (SPEC §5: keys come back only by
 * a person's decision). Each key is re-enabled and audited as `api_key.enabled`, all or none.
 */
export async function enableMemberApiKeys(db: Executor, input: { orgId: string; membershipId: string }, actor: MemberActor, by: AuditContext) {
  return db.transaction(async (tx) => {
    const { membership, email } = await lockTarget(tx, input, actor, 're-enable the API keys of');
    if (membership.status !== 'active') throw new UserFacingError(`${email} is suspended in this organization, so their keys stay off. Restore them first.`);
    const disabled = await tx
      .select({ id: apiKeys.id })
      .from(apiKeys)
      .where(and(eq(apiKeys.orgId, input.orgId), eq(apiKeys.userId, membership.userId), isNotNull(apiKeys.disabledAt)));
    if (disabled.length === 0) throw new UserFacingError(`${email} has no disabled API keys`);
    for (const key of disabled) await enableApiKey(tx, { orgId: input.orgId, keyId: key.id, byUserId: actor.userId, asAdmin: true }, by);
    return { apiKeysEnabled: disabled.length };
  });
}
