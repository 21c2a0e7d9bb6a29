import { getDb } from '@/lib/db/client';
import { getEnv } from '@/lib/env';
import { requestMetaFrom } from '@/lib/http/request-meta';
import { browserBindingHash } from '@/lib/sso/browser-binding';
import { finishSsoLogin } from '@/lib/sso/finish-login';
import { handleOidcCallback } from '@/lib/sso/oidc/flow';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** OIDC redirect URI: the IdP sends the browser back here with the authorization code. */
export async function GET(request: Request) {
  const next = await finishSsoLogin(getDb(), 'oidc', requestMetaFrom(request.headers), async () => handleOidcCallback(getDb(), new URL(request.url), await browserBindingHash()));
  return Response.redirect(new URL(next, getEnv().APP_URL), 303);
}
