import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { auditBy, recordAudit, type AuditContext } from '@/lib/audit/record';
import { generateSecret, hashSecret } from '@/lib/crypto/tokens';
import type { Executor } from '@/lib/db/client';
import { invites, organizations, type Role } from '@/lib/db/schema';
import { UserFacingError } from '@/lib/errors';
import { addMember, findMembership } from './members';

const INVITE_DAYS = 7;

export async function createInvite(db: Executor, input: { orgId: string; email: string; role: Role; invitedBy: string }, by: AuditContext) {
  return db.transaction(async (tx) => {
    const token = generateSecret('inv_', 24);
    const [row] = await tx
      .insert(invites)
      .values({ orgId: input.orgId, email: input.email, role: input.role, tokenHash: hashSecret(token), invitedBy: input.invitedBy, expiresAt: new Date(Date.now() + INVITE_DAYS * 86_400_000) })
      .returning();
    await recordAudit(tx, auditBy(by, { orgId: input.orgId, action: 'member.invited', target: { type: 'invite', id: row.id, label: input.email }, after: { role: input.role } }));
    return { invite: row, token };
  });
}

/** An open invite (not accepted, not expired) with its org, or undefined. */
export async function findOpenInvite(db: Executor, token: string) {
  const [row] = await db
    .select({ invite: invites, org: organizations })
    .from(invites)
    .innerJoin(organizations, eq(organizations.id, invites.orgId))
    .where(and(eq(invites.tokenHash, hashSecret(token)), isNull(invites.acceptedAt), gt(invites.expiresAt, sql`now()`)));
  return row;
}

/** Adds the user to the invite's org with its role; the invite can be used once. */
export async function acceptInvite(db: Executor, input: { token: string; userId: string; email: string }, by: AuditContext) {
  return db.transaction(async (tx) => {
    const found = await findOpenInvite(tx, input.token);
    if (!found) throw new UserFacingError('This invite link is invalid or has expired. Ask your admin for a new one.');
    const { invite, org } = found;
    if (invite.email !== input.email) throw new UserFacingError(`This invite is for ${invite.email}. Sign in with that address to accept it.`);
    const claimed = await tx.update(invites).set({ acceptedAt: new Date() }).where(and(eq(invites.id, invite.id), isNull(invites.acceptedAt))).returning();
    if (claimed.length === 0) throw new UserFacingError('This invite has already been used');
    if (!(await findMembership(tx, org.id, input.userId))) {
      await addMember(tx, { orgId: org.id, userId: input.userId, role: invite.role, source: 'invite', label: input.email }, by);
    }
    return { org, role: invite.role };
  });
}
