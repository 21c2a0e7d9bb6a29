import { getDb } from '@/lib/db/client';
import { getEnv } from '@/lib/env';
import { requestMetaFrom } from '@/lib/http/request-meta';
import { completeSsoLogin, type SsoIdentity } from '@/lib/sso/complete-login';
import { recordSsoFailure } from '@/lib/sso/record-failure';
import { handleSamlResponse } from '@/lib/sso/saml/handle-acs';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

function redirect(path: string) {
  // 303: the browser follows with GET after the IdP's form POST.
  return Response.redirect(new URL(path, getEnv().APP_URL), 303);
}

/** SAML Assertion Consumer Service (HTTP-POST binding): SP- and IdP-initiated. */
export async function POST(request: Request) {
  const meta = requestMetaFrom(request.headers);
  const db = getDb();
  let identity: SsoIdentity | undefined;
  try {
    const form = await request.formData();
    const samlResponse = String(form.get('SAMLResponse') ?? '');
    const relayState = form.get('RelayState');
    identity = await handleSamlResponse(db, { samlResponse, relayState: typeof relayState === 'string' && relayState ? relayState : null });
    const { ticket } = await completeSsoLogin(db, identity, meta);
    return redirect(`/login/sso/complete?ticket=${encodeURIComponent(ticket)}`);
  } catch (error) {
    const { code, errorId } = await recordSsoFailure(db, error, { orgId: identity?.orgId ?? null, protocol: 'saml', meta });
    return redirect(`/login?sso_error=${code}&error_id=${errorId}`);
  }
}
