import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

export type TokenOverrides = { iss?: string; aud?: string; nonce?: string; signWithOtherKey?: boolean; expiresInSeconds?: number; claims?: Record<string, unknown> };

/**
 * A minimal but real OIDC provider for tests: discovery, JWKS, authorization codes with PKCE
 * and client-secret checks, RS256 ID tokens. `nextToken` bends one claim to prove the RP refuses it.
 */
export async function startOidcTestIdp(options: { clientId: string; clientSecret: string; issuerOverride?: string }) {
  const good = await generateKeyPair('RS256', { extractable: true });
  const other = await generateKeyPair('RS256', { extractable: true });
  const publicJwk: JWK = { ...(await exportJWK(good.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, { challenge: string; nonce: string; user: Record<string, unknown> }>();
  let base = '';
  const state = { nextToken: {} as TokenOverrides, browserUser: null as Record<string, unknown> | null };

  /** What the IdP does after the person signs in: remembers a code for this authorization request. */
  function authorize(authorizationUrl: string, user: Record<string, unknown>) {
    const params = new URL(authorizationUrl).searchParams;
    const code = `code-${Math.random().toString(36).slice(2)}`;
    codes.set(code, { challenge: params.get('code_challenge') ?? '', nonce: params.get('nonce') ?? '', user });
    return { code, state: params.get('state') ?? '' };
  }

  const sign = async (claims: Record<string, unknown>, key: CryptoKey) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'key-1' }).sign(key);

  const server = http.createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', base);
    const json = (status: number, body: unknown) => response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, {
        issuer: options.issuerOverride ?? base,
        authorization_endpoint: `${base}/authorize`,
        token_endpoint: `${base}/token`,
        jwks_uri: `${base}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        scopes_supported: ['openid', 'email', 'profile', 'groups'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      });
    }
    if (url.pathname === '/jwks') return json(200, { keys: [publicJwk] });
    if (url.pathname === '/authorize' && state.browserUser) {
      // A browser arrives: the person is taken as signed in and sent back with a code at once.
      const { code, state: returned } = authorize(url.toString(), state.browserUser);
      const back = new URL(url.searchParams.get('redirect_uri') ?? '');
      back.searchParams.set('code', code);
      back.searchParams.set('state', returned);
      return response.writeHead(302, { Location: back.toString() }).end();
    }
    if (url.pathname === '/token' && request.method === 'POST') {
      let body = '';
      for await (const chunk of request) body += chunk;
      const form = new URLSearchParams(body);
      const basic = (request.headers.authorization ?? '').replace(/^Basic /, '');
      const [id, secret] = basic ? Buffer.from(basic, 'base64').toString().split(':').map(decodeURIComponent) : [form.get('client_id'), form.get('client_secret')];
      if (id !== options.clientId || secret !== options.clientSecret) return json(401, { error: 'invalid_client' });
      const grant = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      if (!grant || createHash('sha256').update(verifier).digest('base64url') !== grant.challenge) return json(400, { error: 'invalid_grant' });
      const overrides = state.nextToken;
      state.nextToken = {};
      const now = Math.floor(Date.now() / 1000);
      const claims = {
        iss: overrides.iss ?? base,
        aud: overrides.aud ?? options.clientId,
        sub: String(grant.user.email),
        nonce: overrides.nonce ?? grant.nonce,
        iat: now,
        exp: now + (overrides.expiresInSeconds ?? 300),
        ...grant.user,
        ...overrides.claims,
      };
      const idToken = await sign(claims, overrides.signWithOtherKey ? other.privateKey : good.privateKey);
      return json(200, { access_token: 'opaque-access-token', token_type: 'Bearer', expires_in: 300, id_token: idToken });
    }
    json(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://localhost:${(server.address() as AddressInfo).port}`;

  return {
    issuer: base,
    discoveryUrl: `${base}/.well-known/openid-configuration`,
    authorize,
    set nextToken(overrides: TokenOverrides) {
      state.nextToken = overrides;
    },
    /** Browser tests: who is "signed in" at the IdP when a browser reaches /authorize. */
    set browserUser(user: Record<string, unknown> | null) {
      state.browserUser = user;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
