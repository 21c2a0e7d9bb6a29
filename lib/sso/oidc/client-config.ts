import * as oidc from 'openid-client';
import { UserFacingError } from '@/lib/errors';

const DISCOVERY_SUFFIX = '/.well-known/openid-configuration';
const CACHE_MS = 10 * 60_000;

/** Accepts the issuer URL or its full discovery URL, as admins paste either. */
export function issuerFromDiscoveryUrl(discoveryUrl: string): URL {
  const url = new URL(discoveryUrl);
  if (url.pathname.endsWith(DISCOVERY_SUFFIX)) url.pathname = url.pathname.slice(0, -DISCOVERY_SUFFIX.length) || '/';
  return url;
}

/** Plain HTTP only for an IdP on this machine (the demo IdP, tests); real IdPs are HTTPS. */
function isLoopback(url: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

/**
 * Fetches discovery (the issuer in the document must equal the URL's, openid-client checks it),
 * and turns on ID-token signature verification against the IdP's JWKS, which openid-client
 * (and Jackson's client) skip by default for the code flow.
 */
export async function discoverOidcProvider(discoveryUrl: string, clientId: string, clientSecret: string): Promise<oidc.Configuration> {
  let issuer: URL;
  try {
    issuer = issuerFromDiscoveryUrl(discoveryUrl);
  } catch {
    throw new UserFacingError('The discovery URL is not a valid URL');
  }
  if (issuer.protocol !== 'https:' && !isLoopback(issuer)) throw new UserFacingError('The discovery URL must use https');
  try {
    const config = await oidc.discovery(issuer, clientId, clientSecret, undefined, { execute: isLoopback(issuer) ? [oidc.allowInsecureRequests] : [], timeout: 10 });
    oidc.enableNonRepudiationChecks(config);
    return config;
  } catch (error) {
    throw new UserFacingError(`The OIDC discovery document could not be used: ${(error as Error).message}`);
  }
}

const cache = new Map<string, { config: Promise<oidc.Configuration>; at: number }>();

/** Discovery per connection, cached briefly in this process (a cache only: every replica can rebuild it). */
export function oidcConfigFor(connectionId: string, provider: { discoveryUrl: string; clientId: string; clientSecret: string }) {
  const hit = cache.get(connectionId);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.config;
  const config = discoverOidcProvider(provider.discoveryUrl, provider.clientId, provider.clientSecret);
  cache.set(connectionId, { config, at: Date.now() });
  config.catch(() => cache.delete(connectionId));
  return config;
}
