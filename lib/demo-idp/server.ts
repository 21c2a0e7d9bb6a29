import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { inflateRawSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { createDemoOidc } from './oidc';
import type { IdpCredentials } from './credentials';
import type { DemoUser } from './directory';
import { buildIdpMetadata } from './metadata';
import { buildSamlResponse } from './saml-response';
import { escapeXml } from './xml';

export type DemoIdpOptions = {
  credentials: IdpCredentials;
  directory: Map<string, DemoUser>;
  /** The console's public URL: ACS and audience are derived from it. */
  appUrl: string;
  port?: number;
  host?: string;
  /** The console's OIDC client registration at this IdP. */
  oidcClient?: { clientId: string; clientSecret: string };
};

export type DemoIdp = { url: string; samlEntityId: string; samlMetadata: string; oidcDiscoveryUrl: string; oidcClient: { clientId: string; clientSecret: string }; close: () => Promise<void> };

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeXml(title)}</title>` +
  `<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;color:#0f172a}button{display:block;width:100%;margin:.5rem 0;padding:.6rem;border:1px solid #cbd5e1;border-radius:.4rem;background:#fff;font-size:1rem;cursor:pointer}small{color:#64748b}</style>` +
  `</head><body><h1>${escapeXml(title)}</h1>${body}</body></html>`;

function autoPost(action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields).map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeXml(value)}">`).join('');
  return page('Signing you in…', `<form method="post" action="${escapeXml(action)}">${inputs}<noscript><button type="submit">Continue</button></noscript></form><script>document.forms[0].submit()</script>`);
}

async function readForm(request: http.IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of request) {
    body += chunk;
    if (body.length > 1_000_000) throw new Error('body too large');
  }
  return new URLSearchParams(body);
}

/**
 * A small real IdP for the demo and the tests: it publishes metadata and signs SAML responses
 * with its own key, for SP-initiated logins (a person picks who to be) and IdP-initiated ones
 * (`/saml/launch?user=…`, like an Okta tile). Never started in production.
 */
export async function startDemoIdp(options: DemoIdpOptions): Promise<DemoIdp> {
  const acs = `${options.appUrl}/api/sso/saml/acs`;
  const audience = `${options.appUrl}/api/sso/saml/metadata`;
  let base = '';
  const entityId = () => `${base}/saml`;

  const respondAs = (user: DemoUser, inResponseTo?: string) =>
    buildSamlResponse({
      credentials: options.credentials,
      issuer: entityId(),
      audience,
      recipient: acs,
      destination: acs,
      inResponseTo,
      nameId: user.email,
      attributes: { email: [user.email], firstName: [user.firstName], lastName: [user.lastName], groups: user.groups },
    }).base64;

  const oidcClient = options.oidcClient ?? { clientId: 'llm-gateway-console', clientSecret: randomBytes(24).toString('base64url') };
  const handleOidc = createDemoOidc({ base: () => base, appUrl: options.appUrl, credentials: options.credentials, directory: options.directory, ...oidcClient });

  const server = http.createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', base);
    if (url.pathname.startsWith('/oidc')) {
      try {
        await handleOidc(request, response);
      } catch (error) {
        if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain' }).end(`demo IdP OIDC error: ${(error as Error).message}`);
      }
      return;
    }
    const send = (status: number, type: string, body: string) => response.writeHead(status, { 'Content-Type': `${type}; charset=utf-8` }).end(body);
    try {
      if (url.pathname === '/saml/metadata') {
        return send(200, 'application/xml', buildIdpMetadata({ entityId: entityId(), ssoUrl: `${base}/saml/sso`, certBase64: options.credentials.certBase64 }));
      }
      if (url.pathname === '/saml/sso' && request.method === 'GET') {
        const encoded = url.searchParams.get('SAMLRequest');
        if (!encoded) return send(400, 'text/plain', 'SAMLRequest is missing');
        const requestXml = inflateRawSync(Buffer.from(encoded, 'base64')).toString('utf8');
        const requestId = /\sID="([^"]+)"/.exec(requestXml)?.[1] ?? '';
        const relayState = url.searchParams.get('RelayState') ?? '';
        const buttons = [...options.directory.values()]
          .map((user) => `<button name="user" value="${escapeXml(user.email)}">${escapeXml(`${user.firstName} ${user.lastName}`)} <small>${escapeXml(user.email)} · ${escapeXml(user.groups.join(', ') || 'no groups')}</small></button>`)
          .join('');
        return send(200, 'text/html', page('Demo IdP — sign in as', `<form method="post" action="/saml/sso"><input type="hidden" name="requestId" value="${escapeXml(requestId)}"><input type="hidden" name="relayState" value="${escapeXml(relayState)}">${buttons}</form>`));
      }
      if (url.pathname === '/saml/sso' && request.method === 'POST') {
        const form = await readForm(request);
        const user = options.directory.get(form.get('user') ?? '');
        if (!user) return send(400, 'text/plain', 'unknown user');
        return send(200, 'text/html', autoPost(acs, { SAMLResponse: respondAs(user, form.get('requestId') || undefined), RelayState: form.get('relayState') ?? '' }));
      }
      if (url.pathname === '/saml/launch') {
        const user = options.directory.get(url.searchParams.get('user') ?? '');
        if (!user) return send(400, 'text/plain', 'unknown user');
        return send(200, 'text/html', autoPost(acs, { SAMLResponse: respondAs(user) }));
      }
      if (url.pathname === '/') {
        const tiles = [...options.directory.values()].map((u) => `<p><a href="/saml/launch?user=${encodeURIComponent(u.email)}">Open the console as ${escapeXml(u.firstName)}</a></p>`).join('');
        return send(200, 'text/html', page('Demo IdP', `<p>App tiles (IdP-initiated SAML):</p>${tiles}<p><a href="/saml/metadata">SAML metadata</a> · <a href="/oidc/.well-known/openid-configuration">OIDC discovery</a></p>`));
      }
      send(404, 'text/plain', 'not found');
    } catch (error) {
      send(500, 'text/plain', `demo IdP error: ${(error as Error).message}`);
    }
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://localhost:${port}`;
  return {
    url: base,
    samlEntityId: entityId(),
    samlMetadata: buildIdpMetadata({ entityId: entityId(), ssoUrl: `${base}/saml/sso`, certBase64: options.credentials.certBase64 }),
    oidcDiscoveryUrl: `${base}/oidc/.well-known/openid-configuration`,
    oidcClient,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
