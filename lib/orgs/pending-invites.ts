import { and, asc, eq, isNull } from 'drizzle-orm';
import { auditBy, recordAudit, type AuditContext } from '@/lib/audit/record';
import { generateSecret, hashSecret } from '@/lib/crypto/tokens';
import type { Executor } from '@/lib/db/client';
import { invites, type Role } from '@/lib/db/schema';
import { UserFacingError } from '@/lib/errors';

const INVITE_DAYS = 7;

/** Invites not accepted yet (expired ones too: they can be resent). */
export async function listPendingInvites(db: Executor, orgId: string) {
  return db
    .select({ id: invites.id, email: invites.email, role: invites.role, expiresAt: invites.expiresAt, createdAt: invites.createdAt })
    .from(invites)
    .where(and(eq(invites.orgId, orgId), isNull(invites.acceptedAt)))
    .orderBy(asc(invites.email));
}

async function lockPendingInvite(db: Executor, orgId: string, inviteId: string) {
  const [invite] = await db.select().from(invites).where(and(eq(invites.id, inviteId), eq(invites.orgId, orgId), isNull(invites.acceptedAt))).for('update');
  if (!invite) throw new UserFacingError('This invite is no longer pending (it was accepted or revoked)');
  return invite;
}

/**
 * A fresh link for a pending invite: the old token stops working, the new one lasts 7 days.
 * Only owners resend an Owner invite (as only owners create one). Returns the token to email.
 */
export async function renewInvite(db: Executor, input: { orgId: string; inviteId: string; actorRole: Role }, by: AuditContext) {
  return db.transaction(async (tx) => {
    const invite = await lockPendingInvite(tx, input.orgId, input.inviteId);
    if (invite.role === 'owner' && input.actorRole !== 'owner') throw new UserFacingError('Only an owner can resend an invite to become owner');
    const token = generateSecret('inv_', 24);
    const expiresAt = new Date(Date.now() + INVITE_DAYS * 86_400_000);
    await tx.update(invites).set({ tokenHash: hashSecret(token), expiresAt }).where(eq(invites.id, invite.id));
    await recordAudit(tx, auditBy(by, { orgId: input.orgId, action: 'member.invite_resent', target: { type: 'invite', id: invite.id, label: invite.email }, after: { role: invite.role, expiresAt: expiresAt.toISOString() } }));
    return { email: invite.email, token };
  });
}

/** Withdraws a pending invite: its link stops working at once. */
export async function revokeInvite(db: Executor, input: { orgId: string; inviteId: string; actorRole: Role }, by: AuditContext) {
  return db.transaction(async (tx) => {
    const invite = await lockPendingInvite(tx, input.orgId, input.inviteId);
    if (invite.role === 'owner' && input.actorRole !== 'owner') throw new UserFacingError('Only an owner can revoke an invite to become owner');
    await tx.delete(invites).where(eq(invites.id, invite.id));
    await recordAudit(tx, auditBy(by, { orgId: input.orgId, action: 'member.invite_revoked', target: { type: 'invite', id: invite.id, label: invite.email }, before: { role: invite.role } }));
    return { email: invite.email };
  });
}
