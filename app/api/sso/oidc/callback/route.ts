import { getDb } from '@/lib/db/client';
import { getEnv } from '@/lib/env';
import { requestMetaFrom } from '@/lib/http/request-meta';
import { browserBindingHash } from '@/lib/sso/browser-binding';
import { finishSsoLogin } from '@/lib/sso/finish-login';
import { claimOidcLogin, verifyOidcLogin } from '@/lib/sso/oidc/flow';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** OIDC redirect URI: the IdP sends the browser back here with the authorization code. */
export async function GET(request: Request) {
  const db = getDb();
  const url = new URL(request.url);
  const next = await finishSsoLogin(db, 'oidc', requestMetaFrom(request.headers), {
    claim: () => claimOidcLogin(db, url),
    verify: async (claimed) => verifyOidcLogin(db, url, claimed, await browserBindingHash()),
  });
  return Response.redirect(new URL(next, getEnv().APP_URL), 303);
}
