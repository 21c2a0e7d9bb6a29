import { and, eq } from 'drizzle-orm';
import { revokeUserSessions } from '@/lib/auth/sessions';
import type { Transaction } from '@/lib/db/client';
import { scimUsers, users } from '@/lib/db/schema';
import { belongsToAnotherOrg, findMembership } from '@/lib/orgs/members';
import { findVerifiedDomain } from '@/lib/orgs/domains';
import { findUserByEmail } from '@/lib/users/create-user';
import { hasLocalCredentials } from '@/lib/users/local-credentials';
import { emailDomain } from '@/lib/users/normalize';
import { invalidValue, uniqueness } from '../errors';
import type { ScimWrite } from '../write';

/*
 * What a directory may do to the global account behind one of its users. A directory is an IdP
 * too (SPEC §4.5): it must never be able to put an account on another org's domain, take over
 * an account someone signs in to with a password or passkey, or rename an account that another
 * org also uses. The rules, in the order they are checked:
 *  1. An email whose domain another org has verified is never created, linked or renamed onto.
 *  2. An existing account with a password or passkey is linked only when the email's domain is
 *     verified by this org, or when the account is already a member of this org (invited).
 *  3. An account's email changes only when it has no password or passkey and belongs to no other
 *     org; onto an address outside this org's verified domains only when this directory created
 *     or last named the account. The change revokes the account's sessions and its verification.
 */

/** The org that verified the address's domain, if any org did. */
async function domainOwnerOf(tx: Transaction, email: string): Promise<string | null> {
  return (await findVerifiedDomain(tx, emailDomain(email)))?.orgId ?? null;
}

function refuseForeignDomain(email: string) {
  return invalidValue(`${emailDomain(email)} is a verified domain of another organization; this directory cannot provision or rename accounts onto ${email}`);
}

/** POST /Users: the account behind a new directory user, an existing one (rule 2) or a new one. */
export async function linkOrCreateAccount(tx: Transaction, orgId: string, input: { email: string; name: string }) {
  const { email } = input;
  const owner = await domainOwnerOf(tx, email);
  if (owner && owner !== orgId) throw refuseForeignDomain(email);
  const existing = await findUserByEmail(tx, email);
  if (!existing) {
    const [user] = await tx
      .insert(users)
      .values({ email, name: input.name, emailVerifiedAt: owner === orgId ? new Date() : null, emailSetByOrgId: orgId })
      .returning();
    return { user, account: 'created' as const };
  }
  const [linked] = await tx.select({ userName: scimUsers.userName }).from(scimUsers).where(and(eq(scimUsers.orgId, orgId), eq(scimUsers.userId, existing.id)));
  if (linked) throw uniqueness(`${email} is already provisioned in this directory as userName "${linked.userName}"`);
  if (owner !== orgId && !(await findMembership(tx, orgId, existing.id)) && (await hasLocalCredentials(tx, existing.id))) {
    throw invalidValue(
      `${email} already has an account that signs in with its own password or passkey, and ${emailDomain(email)} is not a verified domain of this organization; verify the domain or invite the person first`,
    );
  }
  return { user: existing, account: 'linked' as const };
}

/** Why the directory may not move this account to a new email (rule 3), or null when it may. */
async function renameRefusal(tx: Transaction, orgId: string, account: typeof users.$inferSelect, nextEmail: string, owner: string | null): Promise<string | null> {
  const reason = (why: string) => `The sign-in email of ${account.email} cannot be changed to ${nextEmail} by the directory: ${why}`;
  if (await hasLocalCredentials(tx, account.id)) return reason('the account signs in with its own password or passkey');
  if (await belongsToAnotherOrg(tx, account.id, orgId)) return reason('the account is also a member of another organization');
  if (owner !== orgId && account.emailSetByOrgId !== orgId) {
    return reason(`${emailDomain(nextEmail)} is not a verified domain of this organization, and this directory did not create the account`);
  }
  return null;
}

/**
 * Moves the account of a directory user to the email the directory now sends, under rule 3:
 * the sessions opened under the old address end in the same transaction, and the new address
 * counts as unverified until the person proves it (a reset link) or signs in through SSO.
 */
export async function renameAccount(write: ScimWrite, input: { orgId: string; userId: string; email: string }) {
  const { tx, audit, by } = write;
  const [account] = await tx.select().from(users).where(eq(users.id, input.userId)).for('update');
  if (account.email === input.email) return;
  const owner = await domainOwnerOf(tx, input.email);
  if (owner && owner !== input.orgId) throw refuseForeignDomain(input.email);
  const refusal = await renameRefusal(tx, input.orgId, account, input.email, owner);
  if (refusal) throw invalidValue(refusal);
  if (await findUserByEmail(tx, input.email)) throw uniqueness(`${input.email} is already the sign-in email of another account`);
  await tx.update(users).set({ email: input.email, emailSetByOrgId: input.orgId, emailVerifiedAt: null, updatedAt: new Date() }).where(eq(users.id, account.id));
  const sessionsRevoked = await revokeUserSessions(tx, { userId: account.id, reason: 'sign-in email changed by the directory', by });
  audit({ action: 'user.email_changed', target: { type: 'user', id: account.id, label: input.email }, before: { email: account.email }, after: { email: input.email }, metadata: { via: 'scim', sessionsRevoked } });
}
