import { z } from 'zod';
import { recordAudit } from '@/lib/audit/record';
import type { Executor } from '@/lib/db/client';
import { UserFacingError } from '@/lib/errors';
import { acceptInvite, findOpenInvite } from '@/lib/orgs/invites';
import { createOrganization, orgNameSchema } from '@/lib/orgs/organizations';
import { createUser, findUserByEmail } from '@/lib/users/create-user';
import { emailSchema, nameSchema } from '@/lib/users/normalize';
import { sendVerificationEmail } from './account-emails';
import { checkLocalSignIn, SSO_REQUIRED_MESSAGE } from './local-sign-in-policy';
import { passwordSchema } from './password';
import type { RequestMeta } from './sessions';

export const signUpSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('new-org'), name: nameSchema, email: emailSchema, password: passwordSchema, orgName: orgNameSchema }),
  z.object({ mode: z.literal('invite'), name: nameSchema, email: emailSchema, password: passwordSchema, inviteToken: z.string().min(1, 'The invite link is incomplete') }),
]);

export type SignUpInput = z.infer<typeof signUpSchema>;

/**
 * Creates a password account and either a new org it owns or its membership from an invite.
 * The email must be verified before the first password sign-in.
 */
export async function signUp(db: Executor, input: SignUpInput, meta: RequestMeta) {
  const policy = await checkLocalSignIn(db, { email: input.email, method: 'password' });
  if (!policy.allowed) throw new UserFacingError(SSO_REQUIRED_MESSAGE, 'email');
  if (await findUserByEmail(db, input.email)) {
    throw new UserFacingError('An account with this email already exists. Sign in, or reset your password if you forgot it.', 'email');
  }
  const by = { actor: { type: 'user' as const, label: input.email }, ip: meta.ip, userAgent: meta.userAgent };
  const user = await db.transaction(async (tx) => {
    if (input.mode === 'invite') {
      const invite = await findOpenInvite(tx, input.inviteToken);
      if (!invite) throw new UserFacingError('This invite link is invalid or has expired. Ask your admin for a new one.');
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
