import { z } from 'zod';
import { recordAudit } from '@/lib/audit/record';
import type { Executor } from '@/lib/db/client';
import { UserFacingError } from '@/lib/errors';
import { addressBucket } from '@/lib/http/client-address';
import { acceptInvite, findOpenInvite } from '@/lib/orgs/invites';
import { createOrganization, orgNameSchema } from '@/lib/orgs/organizations';
import { createUser, findUserByEmail } from '@/lib/users/create-user';
import { emailSchema, nameSchema } from '@/lib/users/normalize';
import { sendVerificationEmail } from './account-emails';
import { checkLocalSignIn, SSO_REQUIRED_MESSAGE } from './local-sign-in-policy';
import { passwordSchema } from './password';
import type { RequestMeta } from './sessions';
import { takeAttempt, waitText } from './throttle';
import { SIGN_UP_LIMITS } from './throttle-limits';

export const signUpSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('new-org'), name: nameSchema, email: emailSchema, password: passwordSchema, orgName: orgNameSchema }),
  z.object({ mode: z.literal('invite'), name: nameSchema, email: emailSchema, password: passwordSchema, inviteToken: z.string().min(1, 'The invite link is incomplete') }),
]);

export type SignUpInput = z.infer<typeof signUpSchema>;

export const INVALID_INVITE_MESSAGE = 'This invite link is invalid or has expired. Ask your admin for a new one.';
export const signUpThrottledMessage = (seconds: number) => `Too many sign-ups from your network. Try again in ${waitText(seconds)}.`;

/** Counts a sign-up that needs no invite, or whose invite is not valid, on the client address (SIGN_UP_LIMITS). */
async function countSignUp(db: Executor, meta: RequestMeta): Promise<void> {
  if (!meta.ip) return;
  const wait = await takeAttempt(db, [{ key: `sign-up-ip:${addressBucket(meta.ip)}`, limit: SIGN_UP_LIMITS.address }]);
  if (wait > 0) throw new UserFacingError(signUpThrottledMessage(wait));
}

/**
 * Creates a password account and either a new org it owns or its membership from an invite.
 * The email must be verified before the first password sign-in.
 */
export async function signUp(db: Executor, input: SignUpInput, meta: RequestMeta) {
  // The invite first: a bogus token gets one answer whatever the email (it must not reveal accounts).
  if (input.mode === 'invite') {
    const invite = await findOpenInvite(db, input.inviteToken);
    if (!invite) {
      await countSignUp(db, meta);
      throw new UserFacingError(INVALID_INVITE_MESSAGE);
    }
    if (invite.invite.email !== input.email) throw new UserFacingError(`This invite is for ${invite.invite.email}. Sign up with that address.`, 'email');
  } else {
    await countSignUp(db, meta);
  }
  const policy = await checkLocalSignIn(db, { email: input.email, method: 'password' });
  if (!policy.allowed) throw new UserFacingError(SSO_REQUIRED_MESSAGE, 'email');
  if (await findUserByEmail(db, input.email)) {
    throw new UserFacingError('An account with this email already exists. Sign in, or reset your password if you forgot it.', 'email');
  }
  const by = { actor: { type: 'user' as const, label: input.email }, ip: meta.ip, userAgent: meta.userAgent };
  const user = await db.transaction(async (tx) => {
    if (input.mode === 'invite') {
      const invite = await findOpenInvite(tx, input.inviteToken);
      // Checked again inside the transaction: it may have been used since.
      if (!invite) throw new UserFacingError(INVALID_INVITE_MESSAGE);
      if (invite.invite.email !== input.email) throw new UserFacingError(`This invite is for ${invite.invite.email}. Sign up with that address.`, 'email');
    }
    const created = await createUser(tx, { email: input.email, name: input.name, password: input.password });
    const actor = { ...by, actor: { type: 'user' as const, id: created.id, label: created.email } };
    if (input.mode === 'invite') {
      await acceptInvite(tx, { token: input.inviteToken, userId: created.id, email: created.email }, actor);
    } else {
      const org = await createOrganization(tx, { name: input.orgName, ownerUserId: created.id }, actor);
      await recordAudit(tx, { orgId: org.id, ...actor, action: 'user.signed_up', target: { type: 'user', id: created.id, label: created.email } });
    }
    return created;
  });
  await sendVerificationEmail(db, user);
  return user;
}
