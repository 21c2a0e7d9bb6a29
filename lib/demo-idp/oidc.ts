import { createPrivateKey, randomBytes } from 'node:crypto';
import type http from 'node:http';
import Provider from 'oidc-provider';
import type { IdpCredentials } from './credentials';
import type { DemoUser } from './directory';
import { escapeXml } from './xml';

type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => Promise<boolean>;

/** Dependency-free form body parsing for the demo's own sign-in page. */
async function readForm(request: http.IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of request) body += chunk;
  return new URLSearchParams(body);
}

/**
 * The demo IdP's OIDC side: a real `oidc-provider` issuer at `${base}/oidc` with one confidential
 * client (the console), PKCE required, and ID tokens carrying email, name and groups.
 */
export function createDemoOidc(options: { base: () => string; appUrl: string; credentials: IdpCredentials; directory: Map<string, DemoUser>; clientId: string; clientSecret: string }): Handler {
  let provider: Provider | undefined;
  const userClaims = (user: DemoUser) => ({ sub: user.email, email: user.email, email_verified: true, name: `${user.firstName} ${user.lastName}`, given_name: user.firstName, family_name: user.lastName, groups: user.groups });

  const getProvider = () => {
    provider ??= new Provider(`${options.base()}/oidc`, {
      clients: [{ client_id: options.clientId, client_secret: options.clientSecret, redirect_uris: [`${options.appUrl}/api/sso/oidc/callback`], grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic' }],
      jwks: { keys: [{ ...(createPrivateKey(options.credentials.privateKey).export({ format: 'jwk' }) as object), kid: 'demo-idp', use: 'sig', alg: 'RS256' }] },
      cookies: { keys: [randomBytes(32).toString('hex')] },
      scopes: ['openid', 'email', 'profile', 'groups'],
      claims: { email: ['email', 'email_verified'], profile: ['name', 'given_name', 'family_name'], groups: ['groups'] },
      // Put the scope's claims in the ID token itself, as Okta and Entra do for these claims.
      conformIdTokenClaims: false,
      pkce: { required: () => true },
      features: { devInteractions: { enabled: false } },
      interactions: { url: (_ctx, interaction) => `/oidc/interaction/${interaction.uid}` },
      findAccount: async (_ctx, id) => {
        const user = options.directory.get(id);
        return user ? { accountId: id, claims: async () => userClaims(user) } : undefined;
      },
    });
    return provider;
  };

  return async (request, response) => {
    const url = new URL(request.url ?? '/', options.base());
    if (!url.pathname.startsWith('/oidc')) return false;
    const oidc = getProvider();
    const interaction = /^\/oidc\/interaction\/([\w-]+)$/.exec(url.pathname);
    if (interaction && request.method === 'GET') {
      await oidc.interactionDetails(request, response);
      const buttons = [...options.directory.values()]
        .map((u) => `<button name="user" value="${escapeXml(u.email)}">${escapeXml(`${u.firstName} ${u.lastName}`)} <small>${escapeXml(u.email)} · ${escapeXml(u.groups.join(', ') || 'no groups')}</small></button>`)
        .join('');
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Demo IdP (OIDC) — sign in as</title></head><body style="font-family:system-ui;max-width:28rem;margin:4rem auto"><h1>Demo IdP (OIDC) — sign in as</h1><form method="post" action="${url.pathname}">${buttons}</form></body></html>`,
      );
      return true;
    }
    if (interaction && request.method === 'POST') {
      const details = await oidc.interactionDetails(request, response);
      const accountId = (await readForm(request)).get('user') ?? '';
      if (!options.directory.has(accountId)) {
        response.writeHead(400).end('unknown user');
        return true;
      }
      const grant = new oidc.Grant({ accountId, clientId: String(details.params.client_id) });
      grant.addOIDCScope(String(details.params.scope));
      await oidc.interactionFinished(request, response, { login: { accountId }, consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: false });
      return true;
    }
    // Everything else is the provider's own endpoints, mounted under /oidc.
    // Like express's mount: oidc-provider derives its public paths from originalUrl minus url.
    (request as http.IncomingMessage & { originalUrl?: string }).originalUrl = request.url;
    request.url = request.url!.slice('/oidc'.length) || '/';
    await new Promise<void>((resolve) => {
      response.on('finish', resolve);
      oidc.callback()(request, response);
    });
    return true;
  };
}
