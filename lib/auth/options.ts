import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { recordAudit } from '@/lib/audit/record';
import { getDb } from '@/lib/db/client';
import { getEnv } from '@/lib/env';
import { cookieName, cookieOptions } from '@/lib/http/cookies';
import { requestMetaFrom } from '@/lib/http/request-meta';
import { browserBindingHash, forgetBrowserBinding } from '@/lib/sso/browser-binding';
import { signInWithPasskey } from './passkeys';
import { findLiveSession, revokeSession } from './sessions';
import type { SignInResult } from './sign-in-events';
import { signInWithPasswordFromBrowser } from './password-sign-in-route';
import { signInWithSsoTicket } from './sign-in-sso';

type RequestLike = { headers?: Record<string, string | string[] | undefined> };

/** next-auth turns a thrown error's message into `error` for signIn(…, { redirect: false }). */
function toUser(result: SignInResult) {
  if (!result.ok) throw new Error(result.error);
  return { id: result.userId, sid: result.sessionId };
}

export function getAuthOptions(): NextAuthOptions {
  return {
    secret: getEnv().AUTH_SECRET,
    // The JWT only carries the session id; the row decides (lifetime, revocation) on every request.
    session: { strategy: 'jwt', maxAge: 30 * 24 * 60 * 60 },
    // On https: `__Host-` names, Secure (lib/http/cookies.ts). On http: next-auth's own names, unchanged.
    // getServerSession (lib/auth/context.ts) and the /api/auth route both read them through these options.
    cookies: {
      sessionToken: { name: cookieName('next-auth.session-token'), options: cookieOptions() },
      callbackUrl: { name: cookieName('next-auth.callback-url'), options: cookieOptions() },
      csrfToken: { name: cookieName('next-auth.csrf-token'), options: cookieOptions() },
    },
    pages: { signIn: '/login', error: '/login' },
    providers: [
      CredentialsProvider({
        id: 'password',
        name: 'Password',
        credentials: { email: { type: 'email' }, password: { type: 'password' } },
        authorize: async (credentials, req) => toUser(await signInWithPasswordFromBrowser(getDb(), credentials, (req as RequestLike).headers ?? {})),
      }),
      CredentialsProvider({
        id: 'passkey',
        name: 'Passkey',
        credentials: { challengeId: { type: 'text' }, response: { type: 'text' } },
        authorize: async (credentials, req) => {
          let response: unknown;
          try {
            response = JSON.parse(credentials?.response ?? '');
          } catch {
            throw new Error('That passkey could not be used to sign in. Try again or use your password.');
          }
          return toUser(await signInWithPasskey(getDb(), { challengeId: credentials?.challengeId, response }, requestMetaFrom((req as RequestLike).headers ?? {})));
        },
      }),
      CredentialsProvider({
        id: 'sso',
        name: 'Enterprise SSO',
        credentials: { ticket: { type: 'text' } },
        authorize: async (credentials, req) => {
          const result = await signInWithSsoTicket(getDb(), credentials?.ticket ?? '', requestMetaFrom((req as RequestLike).headers ?? {}), await browserBindingHash());
          if (result.ok) await forgetBrowserBinding();
          return toUser(result);
        },
      }),
    ],
    callbacks: {
      jwt: ({ token, user }) => {
        if (user && 'sid' in user) token.sid = user.sid as string;
        return token;
      },
      session: ({ session, token }) => ({ ...session, sid: token.sid }),
    },
    events: {
      signOut: async ({ token }) => {
        const sid = token?.sid;
        if (typeof sid !== 'string') return;
        const db = getDb();
        const session = await findLiveSession(db, sid);
        if (!session) return;
        await revokeSession(db, sid, 'signed out');
        await recordAudit(db, {
          orgId: session.activeOrgId,
          actor: { type: 'user', id: session.userId },
          action: 'auth.signed_out',
          target: { type: 'session', id: sid },
        });
      },
    },
  };
}
