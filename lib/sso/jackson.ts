import { createHash } from 'node:crypto';
import type { SAMLJackson } from '@boxyhq/saml-jackson';
import { getEnv } from '@/lib/env';

/** Jackson's "product": every connection of ours lives under it, with tenant = org id. */
export const JACKSON_PRODUCT = 'llm-gateway-console';

export const SSO_PATHS = {
  acs: '/api/sso/saml/acs',
  metadata: '/api/sso/saml/metadata',
  oidcCallback: '/api/sso/oidc/callback',
  chooser: '/login/sso',
} as const;

const INIT_TIMEOUT_MS = 20_000;

function derive(label: string): string {
  return createHash('sha256').update(`${label}:${getEnv().AUTH_SECRET}`).digest('base64url');
}

/**
 * Where Jackson "redirects" with its authorization code. We read the code from Jackson's answer
 * in-process; no browser ever goes there. A fixed `.invalid` URL (RFC 2606) keeps existing
 * connections valid when APP_URL changes.
 */
export const JACKSON_CODE_REDIRECT = 'https://sso-complete.invalid/callback';

/** Our SP entity id and the audience every assertion must name exactly. */
export function spEntityId(): string {
  return `${getEnv().APP_URL}${SSO_PATHS.metadata}`;
}

export function acsUrl(): string {
  return `${getEnv().APP_URL}${SSO_PATHS.acs}`;
}

/** Secret the app presents to Jackson's token endpoint in-process (never the default "dummy"). */
export function jacksonClientSecret(): string {
  return derive('jackson-client-secret');
}

/** Jackson's tables live in the `jackson` schema of the app's own database. */
function jacksonDatabaseUrl(): string {
  const url = new URL(getEnv().DATABASE_URL);
  url.searchParams.set('options', '-c search_path=jackson');
  return url.toString();
}

async function initJackson(): Promise<SAMLJackson> {
  const env = getEnv();
  const mod = await import('@boxyhq/saml-jackson');
  // The ESM namespace nests the factory one level deeper than the typings say.
  const factory = ((mod.default as unknown as { default?: unknown }).default ?? mod.default) as (opts: Parameters<typeof mod.default>[0]) => Promise<SAMLJackson>;
  const init = factory({
    externalUrl: env.APP_URL,
    samlPath: SSO_PATHS.acs,
    oidcPath: SSO_PATHS.oidcCallback,
    samlAudience: spEntityId(),
    idpDiscoveryPath: SSO_PATHS.chooser,
    clientSecretVerifier: jacksonClientSecret(),
    noAnalytics: true,
    // IdP-initiated logins (the Okta / Entra app tile) are allowed; our ACS decides which connection they belong to.
    idpEnabled: true,
    openid: {},
    db: {
      engine: 'sql',
      type: 'postgres',
      url: jacksonDatabaseUrl(),
      // Stored IdP secrets (OIDC client secrets) are encrypted at rest with a key derived from AUTH_SECRET.
      encryptionKey: derive('jackson-encryption-key').slice(0, 32),
    },
    logger: {
      info: () => {},
      warn: (message) => console.warn(`[jackson] ${message}`),
      error: (message) => console.error(`[jackson] ${message}`),
    },
  });
  // If the database is unreachable, Jackson's init never settles: fail with a clear reason instead.
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`SAML Jackson did not start within ${INIT_TIMEOUT_MS / 1000} s: is the database reachable?`)), INIT_TIMEOUT_MS);
  });
  try {
    return await Promise.race([init, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const globalForJackson = globalThis as unknown as { __jackson?: Promise<SAMLJackson> };

/** One Jackson per process, kept across Next.js hot reloads; a failed start is retried next call. */
export function getJackson(): Promise<SAMLJackson> {
  globalForJackson.__jackson ??= initJackson().catch((error) => {
    globalForJackson.__jackson = undefined;
    throw error;
  });
  return globalForJackson.__jackson;
}

export async function closeJackson(): Promise<void> {
  const pending = globalForJackson.__jackson;
  globalForJackson.__jackson = undefined;
  if (pending) await (await pending).close();
}
