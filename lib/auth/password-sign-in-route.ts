import { cookies } from 'next/headers';
import type { Executor } from '@/lib/db/client';
import { cookieName, cookieOptions } from '@/lib/http/cookies';
import { requestMetaFrom } from '@/lib/http/request-meta';
import { KNOWN_DEVICE_COOKIE, knownDeviceToken } from './known-device';
import { signInWithPassword } from './sign-in-password';
import type { SignInResult } from './sign-in-events';
import { KNOWN_DEVICE_DAYS } from './throttle-limits';

type Headers = Parameters<typeof requestMetaFrom>[0];

/**
 * next-auth's password sign-in, inside its route handler: passes the browser's known-device
 * cookie in, and after a correct password (re)issues it for this account.
 */
export async function signInWithPasswordFromBrowser(db: Executor, credentials: { email?: unknown; password?: unknown } | undefined, headers: Headers): Promise<SignInResult> {
  const jar = await cookies();
  const name = cookieName(KNOWN_DEVICE_COOKIE);
  const result = await signInWithPassword(db, { email: credentials?.email, password: credentials?.password, knownDevice: jar.get(name)?.value }, requestMetaFrom(headers));
  if (result.ok) jar.set(name, knownDeviceToken(result.userId), cookieOptions(KNOWN_DEVICE_DAYS * 86_400));
  return result;
}
