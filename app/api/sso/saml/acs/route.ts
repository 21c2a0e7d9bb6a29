import { getDb } from '@/lib/db/client';
import { getEnv } from '@/lib/env';
import { requestMetaFrom } from '@/lib/http/request-meta';
import { finishSsoLogin } from '@/lib/sso/finish-login';
import { claimSamlLogin, verifySamlLogin } from '@/lib/sso/saml/handle-acs';
import { SsoLoginError } from '@/lib/sso/saml/errors';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** SAML Assertion Consumer Service (HTTP-POST binding): SP- and IdP-initiated. */
export async function POST(request: Request) {
  const db = getDb();
  const form = await request.formData().catch(() => null);
  const relayState = form?.get('RelayState');
  const input = { samlResponse: String(form?.get('SAMLResponse') ?? ''), relayState: typeof relayState === 'string' && relayState ? relayState : null };
  const next = await finishSsoLogin(db, 'saml', requestMetaFrom(request.headers), {
    claim: () => claimSamlLogin(db, input.relayState),
    verify: async (claimed) => {
      if (!form) throw new SsoLoginError('saml_invalid', 'the POST body is not a form');
      return verifySamlLogin(db, input, claimed);
    },
  });
  // 303: the browser follows with GET after the IdP's form POST.
  return Response.redirect(new URL(next, getEnv().APP_URL), 303);
}
