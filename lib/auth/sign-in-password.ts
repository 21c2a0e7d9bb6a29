import { eq } from 'drizzle-orm';
import type { Executor } from '@/lib/db/client';
import { passwordCredentials } from '@/lib/db/schema';
import { alertBreakGlassUse } from '@/lib/sso/break-glass-alert';
import { emailSchema } from '@/lib/users/normalize';
import { findUserByEmail } from '@/lib/users/create-user';
import { checkLocalSignIn, SSO_REQUIRED_MESSAGE } from './local-sign-in-policy';
import { verifyDummyPassword, verifyPassword } from './password';
import { findDefaultOrgId, type RequestMeta } from './sessions';
import { completeSignIn, recordSignInFailure, type SignInResult } from './sign-in-events';
import { isKnownDevice } from './known-device';
import { beginSignInAttempt, forgetCorrectPassword } from './sign-in-throttle';
import { throttleMessage } from './throttle';

export const BAD_CREDENTIALS_MESSAGE = 'Incorrect email or password.';
export const UNVERIFIED_EMAIL_MESSAGE = 'Please verify your email address first. We sent you a link; you can request a new one below.';

/** `knownDevice` is the browser's known-device cookie (lib/auth/known-device.ts), if any. */
export async function signInWithPassword(db: Executor, input: { email: unknown; password: unknown; knownDevice?: unknown }, meta: RequestMeta): Promise<SignInResult> {
  const parsedEmail = emailSchema.safeParse(input.email);
  if (!parsedEmail.success) return { ok: false, error: 'Enter a valid email address, like name@company.com' };
  if (typeof input.password !== 'string' || input.password.length === 0) return { ok: false, error: 'Enter your password' };
  const email = parsedEmail.data;
  const password = input.password.slice(0, 1024);

  const user = await findUserByEmail(db, email);
  const attempt = { email, ip: meta.ip, knownDevice: !!user && isKnownDevice(input.knownDevice, user.id) };
  const failure = async (reason: string, error: string): Promise<SignInResult> => {
    const orgId = user ? await findDefaultOrgId(db, user.id) : null;
    await recordSignInFailure(db, { orgId, method: 'password', reason, email, userId: user?.id, meta });
    return { ok: false, error };
  };

  // Counted before the check, in one statement per key, so a parallel burst gets no extra guesses.
  const wait = await beginSignInAttempt(db, attempt);
  if (wait > 0) return failure('throttled', throttleMessage(wait));

  const [credential] = user ? await db.select().from(passwordCredentials).where(eq(passwordCredentials.userId, user.id)) : [];
  if (!user || !credential) {
    await verifyDummyPassword(password);
    return failure(user ? 'no_password' : 'unknown_account', BAD_CREDENTIALS_MESSAGE);
  }
  if (!(await verifyPassword(credential.hash, password))) return failure('bad_password', BAD_CREDENTIALS_MESSAGE);
  await forgetCorrectPassword(db, attempt);

  // Only after the password proved who this is do we reveal account state.
  const policy = await checkLocalSignIn(db, { userId: user.id, email, method: 'password' });
  if (!policy.allowed) return failure('sso_required', SSO_REQUIRED_MESSAGE);
  if (credential.deactivatedAt) return failure('password_deactivated', 'Your password was turned off when your account moved to single sign-on. Use “Continue with SSO”.');
  if (user.status !== 'active') return failure('account_disabled', 'This account is disabled. Contact your administrator.');
  if (!user.emailVerifiedAt) return failure('email_not_verified', UNVERIFIED_EMAIL_MESSAGE);

  if (policy.breakGlassOrgId) {
    const result = await completeSignIn(db, { userId: user.id, email, method: 'break_glass', meta, orgId: policy.breakGlassOrgId });
    await alertBreakGlassUse(db, { orgId: policy.breakGlassOrgId, email, meta });
    return result;
  }
  return completeSignIn(db, { userId: user.id, email, method: 'password', meta });
}
