import { createHash, randomBytes } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import type { Executor } from '@/lib/db/client';
import { deleteExpiredBatch } from '@/lib/db/expired-rows';
import { ssoLoginRequests } from '@/lib/db/schema';
import { UserFacingError } from '@/lib/errors';
import { getOrgConnection } from './connections';
import { loginStartColumns, type LoginStart } from './login-start';
import { startOidcLogin } from './oidc/flow';
import { getJackson, JACKSON_CODE_REDIRECT, JACKSON_PRODUCT } from './jackson';

const LOGIN_REQUEST_TTL_MS = 10 * 60_000;

/** Reads the AuthnRequest ID out of the HTTP-Redirect binding's deflated SAMLRequest. */
function samlRequestIdFrom(url: URL): string | null {
  const encoded = url.searchParams.get('SAMLRequest');
  if (!encoded) return null;
  const xml = inflateRawSync(Buffer.from(encoded, 'base64')).toString('utf8');
  return /\sID="([^"]+)"/.exec(xml)?.[1] ?? null;
}

/** Reads a hidden input of Jackson's HTTP-POST binding form. */
function formField(html: string, name: string): string | null {
  return new RegExp(`name="${name}"\\s+value="([^"]*)"`).exec(html)?.[1] ?? null;
}

export type SsoRedirect = { kind: 'redirect'; url: string } | { kind: 'form'; html: string };

/**
 * Starts an SP-initiated login at one of the org's connections, bound to the starting browser
 * (`bindingHash`, see ./browser-binding). The connection must belong to the org: Jackson 26.2.0
 * would follow an idp_hint into another tenant's IdP.
 */
export async function startSsoLogin(db: Executor, input: { orgId: string; connectionId: string } & LoginStart): Promise<SsoRedirect> {
  const connection = await getOrgConnection(db, input.orgId, input.connectionId);
  if (!connection) throw new UserFacingError('SSO is not set up for your organization yet');
  if (connection.protocol === 'oidc') return { kind: 'redirect', url: await startOidcLogin(db, connection, input) };
  const state = randomBytes(24).toString('base64url');
  const codeVerifier = randomBytes(32).toString('base64url');
  const jackson = await getJackson();
  const result = await jackson.oauthController.authorize({
    client_id: 'dummy',
    tenant: input.orgId,
    product: JACKSON_PRODUCT,
    idp_hint: connection.id,
    state,
    response_type: 'code',
    redirect_uri: JACKSON_CODE_REDIRECT,
    code_challenge: createHash('sha256').update(codeVerifier).digest('base64url'),
    code_challenge_method: 'S256',
  });
  if (result.error || (!result.redirect_url && !result.authorize_form)) throw new UserFacingError(`Could not start single sign-on: ${result.error ?? 'no redirect from the identity provider'}`);

  let relayState: string | null = null;
  let samlRequestId: string | null = null;
  if (result.redirect_url) {
    const url = new URL(result.redirect_url);
    relayState = url.searchParams.get('RelayState');
    samlRequestId = connection.protocol === 'saml' ? samlRequestIdFrom(url) : null;
  } else if (result.authorize_form) {
    relayState = formField(result.authorize_form, 'RelayState');
    const request = formField(result.authorize_form, 'SAMLRequest');
    samlRequestId = request ? /\sID="([^"]+)"/.exec(Buffer.from(request, 'base64').toString('utf8'))?.[1] ?? null : null;
  }
  if (connection.protocol === 'saml' && (!relayState || !samlRequestId)) throw new UserFacingError('Could not start single sign-on: the SAML request could not be prepared');

  await deleteExpiredBatch(db, ssoLoginRequests);
  await db.insert(ssoLoginRequests).values({ orgId: input.orgId, connectionId: connection.id, relayState, samlRequestId, state, codeVerifier, ...loginStartColumns(input), expiresAt: new Date(Date.now() + LOGIN_REQUEST_TTL_MS) });
  return result.redirect_url ? { kind: 'redirect', url: result.redirect_url } : { kind: 'form', html: result.authorize_form! };
}
