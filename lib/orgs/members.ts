import { and, asc, count, eq, ne, sql } from 'drizzle-orm';
import { auditBy, recordAudit, type AuditContext } from '@/lib/audit/record';
import type { Executor, Transaction } from '@/lib/db/client';
import { memberships, users, type MembershipSource, type Role } from '@/lib/db/schema';
import { UserFacingError } from '@/lib/errors';
import { ROLE_LABELS } from '@/lib/roles/permissions';

/** A member as lists show them (memberships joined to users). */
export const memberColumns = {
  membershipId: memberships.id,
  userId: users.id,
  email: users.email,
  name: users.name,
  role: memberships.role,
  source: memberships.source,
  status: memberships.status,
  roleLockedByIdp: memberships.roleLockedByIdp,
  breakGlass: memberships.breakGlass,
  createdAt: memberships.createdAt,
};

export async function listMembers(db: Executor, orgId: string) {
  return db
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.orgId, orgId))
    .orderBy(asc(users.email));
}

export async function findMembership(db: Executor, orgId: string, userId: string) {
  const [row] = await db.select().from(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
  return row;
}

/** Is the user a member (in any status) of an org other than `orgId`? */
export async function belongsToAnotherOrg(db: Executor, userId: string, orgId: string): Promise<boolean> {
  const [{ n }] = await db.select({ n: count() }).from(memberships).where(and(eq(memberships.userId, userId), ne(memberships.orgId, orgId)));
  return n > 0;
}

export async function addMember(
  db: Executor,
  input: { orgId: string; userId: string; role: Role; source: MembershipSource; label?: string },
  by: AuditContext,
) {
  return db.transaction(async (tx) => {
    if (await findMembership(tx, input.orgId, input.userId)) throw new UserFacingError('This user is already a member of the organization');
    const [row] = await tx.insert(memberships).values({ orgId: input.orgId, userId: input.userId, role: input.role, source: input.source }).returning();
    await recordAudit(tx, auditBy(by, { orgId: input.orgId, action: 'member.added', target: { type: 'user', id: input.userId, label: input.label }, after: { role: input.role, source: input.source } }));
    return row;
  });
}

/**
 * Serialises every decision that counts an org's owners (demote, suspend, remove), so two
 * owners stepping down at once cannot both see the other one. Take it first in the
 * transaction, before locking membership rows or writing audit events (which lock the
 * org's chain), to keep one lock order everywhere.
 */
export async function lockOrgOwnership(tx: Transaction, orgId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`org-owners:${orgId}`}, 0))`);
}

/** Owners who can act (suspended owners do not count); call under lockOrgOwnership when deciding on it. */
export async function countActiveOwners(db: Executor, orgId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.role, 'owner'), eq(memberships.status, 'active')));
  return row.n;
}

/** Whether an org still has an active owner once `owner` is no longer one (a suspended owner is not counted). */
async function leavesActiveOwner(tx: Executor, orgId: string, owner: { status: 'active' | 'suspended' }): Promise<boolean> {
  const remaining = (await countActiveOwners(tx, orgId)) - (owner.status === 'active' ? 1 : 0);
  return remaining >= 1;
}

/**
 * A person changing another member's role by hand. Refused while group rules decide the
 * role, for owner changes by non-owners (SPEC §6), and when it would leave no owner.
 */
export async function changeMemberRole(
  db: Executor,
  input: { orgId: string; membershipId: string; role: Role; actorRole: Role },
  by: AuditContext,
) {
  return db.transaction(async (tx) => {
    await lockOrgOwnership(tx, input.orgId);
    const [target] = await tx
      .select({ membership: memberships, email: users.email })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.id, input.membershipId), eq(memberships.orgId, input.orgId)))
      .for('update');
    if (!target) throw new UserFacingError('Member not found');
    const { membership } = target;
    if (membership.roleLockedByIdp) throw new UserFacingError(`${target.email}'s role is managed by your identity provider; change their groups there`);
    if ((membership.role === 'owner' || input.role === 'owner') && input.actorRole !== 'owner') {
      throw new UserFacingError('Only an owner can grant or remove the Owner role');
    }
    if (membership.role === input.role) return membership;
    if (membership.role === 'owner' && !(await leavesActiveOwner(tx, input.orgId, membership))) {
      throw new UserFacingError('An organization needs at least one owner; make someone else owner first');
    }
    const [updated] = await tx.update(memberships).set({ role: input.role, updatedAt: new Date() }).where(eq(memberships.id, membership.id)).returning();
    await recordAudit(tx, auditBy(by, {
      orgId: input.orgId,
      action: 'member.role_changed',
      target: { type: 'user', id: membership.userId, label: target.email },
      before: { role: membership.role },
      after: { role: input.role },
      metadata: { reason: 'changed by hand', summary: `${ROLE_LABELS[membership.role]} → ${ROLE_LABELS[input.role]}` },
    }));
    return updated;
  });
}
