import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import * as oidc from 'openid-client';
import type { Executor } from '@/lib/db/client';
import { deleteExpiredBatch } from '@/lib/db/expired-rows';
import { ssoConnections, ssoLoginRequests } from '@/lib/db/schema';
import { getEnv } from '@/lib/env';
import { UserFacingError } from '@/lib/errors';
import { mapAttributes } from '../attribute-mapping';
import type { SsoIdentity } from '../complete-login';
import { getJackson, SSO_PATHS } from '../jackson';
import { bindingMatches } from '../browser-binding';
import { CLOCK_SKEW_SECONDS } from '../clock-skew';
import { SsoLoginError } from '../saml/errors';
import { loginStartColumns, type LoginStart } from '../login-start';
import { oidcConfigFor } from './client-config';

const LOGIN_REQUEST_TTL_MS = 10 * 60_000;

export function oidcRedirectUri(): string {
  return `${getEnv().APP_URL}${SSO_PATHS.oidcCallback}`;
}

/** The IdP settings Jackson stores for the connection (client secret decrypted by Jackson). */
async function providerOf(connectionId: string, orgId: string) {
  const jackson = await getJackson();
  const [record] = await jackson.connectionAPIController.getConnections({ clientID: connectionId });
  if (!record || !('oidcProvider' in record) || record.tenant !== orgId) return undefined;
  const { discoveryUrl, clientId, clientSecret } = record.oidcProvider;
  if (!discoveryUrl) return undefined;
  return { discoveryUrl, clientId, clientSecret, deactivated: record.deactivated };
}

/** Authorization code flow with PKCE, state and nonce, all bound to a single-use row. */
export async function startOidcLogin(db: Executor, connection: { id: string; orgId: string }, start: LoginStart): Promise<string> {
  const provider = await providerOf(connection.id, connection.orgId);
  if (!provider) throw new UserFacingError('SSO is not set up for your organization yet');
  const config = await oidcConfigFor(connection.id, provider);
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const scopes = ['openid', 'email', 'profile'];
  if (config.serverMetadata().scopes_supported?.includes('groups')) scopes.push('groups');
  await deleteExpiredBatch(db, ssoLoginRequests);
  await db.insert(ssoLoginRequests).values({ orgId: connection.orgId, connectionId: connection.id, state, nonce, codeVerifier, ...loginStartColumns(start), expiresAt: new Date(Date.now() + LOGIN_REQUEST_TTL_MS) });
  return oidc
    .buildAuthorizationUrl(config, {
      redirect_uri: oidcRedirectUri(),
      scope: scopes.join(' '),
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    })
    .toString();
}

/** The pending login the callback's state names, used up now (a state works once). */
export async function claimOidcLogin(db: Executor, callbackUrl: URL) {
  const state = callbackUrl.searchParams.get('state');
  if (!state) throw new SsoLoginError('oidc_bad_state', 'the callback carries no state');
  const [request] = await db
    .update(ssoLoginRequests)
    .set({ completedAt: sql`now()` })
    .where(and(eq(ssoLoginRequests.state, state), isNull(ssoLoginRequests.completedAt), gt(ssoLoginRequests.expiresAt, sql`now()`)))
    .returning();
  if (!request || !request.nonce) throw new SsoLoginError('oidc_bad_state', 'no pending OIDC login matches this state (expired, used, or forged)');
  return { ...request, nonce: request.nonce };
}

export type ClaimedOidcLogin = Awaited<ReturnType<typeof claimOidcLogin>>;

/** The whole callback: claim the pending login, then verify. */
export async function handleOidcCallback(db: Executor, callbackUrl: URL, browserBindingHash: string | null): Promise<SsoIdentity> {
  return verifyOidcLogin(db, callbackUrl, await claimOidcLogin(db, callbackUrl), browserBindingHash);
}

/**
 * The redirect back from the IdP, for a claimed login started in this browser: the code is
 * exchanged with PKCE; the ID token's signature (JWKS), issuer, audience, nonce, expiry and issue
 * time are verified.
 */
export async function verifyOidcLogin(db: Executor, callbackUrl: URL, request: ClaimedOidcLogin, browserBindingHash: string | null): Promise<SsoIdentity> {
  // The top-level redirect from the IdP carries our SameSite=Lax cookie; another browser's does not.
  if (!request.bindingHash || !bindingMatches(request.bindingHash, browserBindingHash)) {
    throw new SsoLoginError('browser_mismatch', 'the OIDC callback arrived in a browser other than the one that started the login');
  }
  const idpError = callbackUrl.searchParams.get('error');
  if (idpError) throw new SsoLoginError('idp_error', `${idpError}: ${callbackUrl.searchParams.get('error_description') ?? ''}`);

  const [connection] = await db.select().from(ssoConnections).where(and(eq(ssoConnections.id, request.connectionId), eq(ssoConnections.orgId, request.orgId)));
  const provider = connection ? await providerOf(connection.id, connection.orgId) : undefined;
  if (!connection || !provider) throw new SsoLoginError('saml_unknown_idp', 'the connection of this login no longer exists');
  if (provider.deactivated) throw new SsoLoginError('connection_inactive', 'the connection is deactivated');
  const config = await oidcConfigFor(connection.id, provider).catch((error: Error) => {
    throw new SsoLoginError('oidc_discovery_failed', error.message);
  });

  // openid-client compares the callback URL with the registered redirect URI; rebuild it from APP_URL.
  const current = new URL(oidcRedirectUri());
  current.search = callbackUrl.search;
  let claims: oidc.IDToken | undefined;
  try {
    const tokens = await oidc.authorizationCodeGrant(config, current, { pkceCodeVerifier: request.codeVerifier, expectedState: request.state, expectedNonce: request.nonce, idTokenExpected: true });
    claims = tokens.claims();
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    throw new SsoLoginError('oidc_invalid_token', `${(error as Error).message}${cause ? ` (${cause})` : ''}`);
  }
  if (!claims) throw new SsoLoginError('oidc_invalid_token', 'the IdP returned no ID token');
  if (typeof claims.iat !== 'number' || claims.iat > Date.now() / 1000 + CLOCK_SKEW_SECONDS) {
    throw new SsoLoginError('oidc_invalid_token', `the ID token's iat (${String(claims.iat)}) lies in the future beyond the allowed clock skew`);
  }
  if (claims.email_verified === false) throw new SsoLoginError('email_not_verified', `the IdP says ${String(claims.email)} is not verified`);
  const profile = mapAttributes(claims as Record<string, string | string[] | undefined>, connection.attributeMapping);
  return { orgId: connection.orgId, connectionId: connection.id, connectionName: connection.name, protocol: 'oidc', profile, bindingHash: request.bindingHash, subject: String(claims.sub), attributes: { ...claims } };
}
