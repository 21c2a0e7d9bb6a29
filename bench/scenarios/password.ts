import { getDb } from '@/lib/db/client';
import { addMember } from '@/lib/orgs/members';
import { createUser } from '@/lib/users/create-user';
import { httpLoad } from '../support/http-load';

const by = { actor: { type: 'system' as const, label: 'bench' } };
const PASSWORD = 'bench password that is long enough';

/** next-auth's CSRF double-submit pair: the cookie and the token the form posts with it. */
async function csrf(origin: string): Promise<{ cookie: string; token: string }> {
  const response = await fetch(`${origin}/api/auth/csrf`);
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie, token: csrfToken };
}

/**
 * Password sign-in (argon2id) through next-auth's credentials callback, as the login form posts
 * it, at concurrency 4, spread over `accounts` members (a correct password is never throttled).
 */
export async function runPasswordSignIn(origin: string, orgId: string, run: string, accounts: number, seconds: number) {
  const db = getDb();
  const emails: string[] = [];
  for (let i = 0; i < accounts; i++) {
    const user = await createUser(db, { email: `signin${i}.${run}@bench.test`, name: `Sign-in ${i}`, password: PASSWORD, emailVerified: true });
    await addMember(db, { orgId, userId: user.id, role: 'member', source: 'manual' }, by);
    emails.push(user.email);
  }
  const { cookie, token } = await csrf(origin);
  return httpLoad({
    origin,
    connections: 4,
    seconds,
    request: (index) => ({
      method: 'POST',
      path: '/api/auth/callback/password',
      headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded', 'X-Auth-Return-Redirect': '1' },
      body: new URLSearchParams({ email: emails[index % emails.length], password: PASSWORD, csrfToken: token, json: 'true', callbackUrl: `${origin}/dashboard` }).toString(),
    }),
    // next-auth answers 200 { url } either way; a refused sign-in's url carries ?error=.
    check: (_status, body) => {
      const { url } = JSON.parse(body) as { url?: string };
      return typeof url === 'string' && !url.includes('error=');
    },
  });
}
