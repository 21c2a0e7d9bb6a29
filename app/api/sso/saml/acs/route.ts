import { getDb } from '@/lib/db/client';
import { getEnv } from '@/lib/env';
import { requestMetaFrom } from '@/lib/http/request-meta';
import { finishSsoLogin } from '@/lib/sso/finish-login';
import { handleSamlResponse } from '@/lib/sso/saml/handle-acs';
import { SsoLoginError } from '@/lib/sso/saml/errors';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** SAML Assertion Consumer Service (HTTP-POST binding): SP- and IdP-initiated. */
export async function POST(request: Request) {
  const next = await finishSsoLogin(getDb(), 'saml', requestMetaFrom(request.headers), async () => {
    const form = await request.formData().catch(() => {
      throw new SsoLoginError('saml_invalid', 'the POST body is not a form');
    });
    const relayState = form.get('RelayState');
    return handleSamlResponse(getDb(), { samlResponse: String(form.get('SAMLResponse') ?? ''), relayState: typeof relayState === 'string' && relayState ? relayState : null });
  });
  // 303: the browser follows with GET after the IdP's form POST.
  return Response.redirect(new URL(next, getEnv().APP_URL), 303);
}
