import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '@/lib/crypto/tokens';
import { getDb } from '@/lib/db/client';
import { addDomain, verifyDomain } from '@/lib/orgs/domains';
import { makeOrg, systemActor } from '@/lib/testing/fixtures';
import { startOidcTestIdp, type TokenOverrides } from '@/lib/testing/oidc-test-idp';
import { TEST_BROWSER_BINDING } from '@/lib/testing/saml-fixtures';
import { createOidcConnection } from '../connections';
import { completeSsoLogin } from '../complete-login';
import { SsoLoginError } from '../saml/errors';
import { startSsoLogin } from '../start-login';
import { handleOidcCallback, oidcRedirectUri } from './flow';

const db = getDb();
let idp: Awaited<ReturnType<typeof startOidcTestIdp>>;
let orgId: string;
let connectionId: string;
const domain = `oidc-${Date.now()}.example.test`;

beforeAll(async () => {
  idp = await startOidcTestIdp({ clientId: 'console-client', clientSecret: 'client-secret-value' });
  const org = await makeOrg({ plan: 'enterprise' });
  orgId = org.id;
  await addDomain(db, org.id, domain, systemActor);
  await verifyDomain(db, org.id, domain, systemActor, { skipDns: true });
  const connection = await createOidcConnection(db, { orgId, name: 'Okta (OIDC)', discoveryUrl: idp.discoveryUrl, clientId: 'console-client', clientSecret: 'client-secret-value' }, systemActor);
  connectionId = connection.id;
});
afterAll(async () => idp?.close());

/** Runs one login: start at our app, "sign in" at the IdP, come back to the callback. */
async function login(overrides: TokenOverrides = {}, tamper?: (callback: URL) => void, browser: string | null = TEST_BROWSER_BINDING) {
  const redirect = await startSsoLogin(db, { orgId, connectionId, bindingHash: TEST_BROWSER_BINDING });
  if (redirect.kind !== 'redirect') throw new Error('expected a redirect');
  const authorization = new URL(redirect.url);
  expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorization.searchParams.get('nonce')).toBeTruthy();
  const { code, state } = idp.authorize(redirect.url, { email: `dana@${domain}`, email_verified: true, name: 'Dana Scully', groups: ['engineering'] });
  idp.nextToken = overrides;
  const callback = new URL(oidcRedirectUri());
  callback.searchParams.set('code', code);
  callback.searchParams.set('state', state);
  tamper?.(callback);
  return { result: handleOidcCallback(db, callback, browser), callback };
}

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SsoLoginError) return `${error.code}: ${error.detail}`;
    throw error;
  }
  throw new Error('expected the login to be refused');
}

describe('OIDC login', () => {
  it('signs in with a verified ID token and provisions the user', async () => {
    const { result } = await login();
    const identity = await result;
    expect(identity.profile).toMatchObject({ email: `dana@${domain}`, displayName: 'Dana Scully', groups: ['engineering'] });
    expect((await completeSsoLogin(db, identity, { ip: null, userAgent: null })).ticket).toMatch(/^sso_/);
  });

  it('refuses a state it did not issue, and the same state twice', async () => {
    expect(await refusal((await login({}, (cb) => cb.searchParams.set('state', 'forged-state'))).result)).toMatch(/^oidc_bad_state/);
    const first = await login();
    await first.result;
    expect(await refusal(handleOidcCallback(db, first.callback, TEST_BROWSER_BINDING))).toMatch(/^oidc_bad_state/);
  });

  it('refuses a wrong nonce', async () => {
    expect(await refusal((await login({ nonce: 'someone-elses-nonce' })).result)).toMatch(/^oidc_invalid_token.*nonce/i);
  });

  it('refuses a wrong issuer', async () => {
    expect(await refusal((await login({ iss: 'https://evil.example.com' })).result)).toMatch(/^oidc_invalid_token.*iss/i);
  });

  it('refuses a wrong audience', async () => {
    expect(await refusal((await login({ aud: 'another-client' })).result)).toMatch(/^oidc_invalid_token.*aud/i);
  });

  it('refuses an ID token with a bad signature', async () => {
    expect(await refusal((await login({ signWithOtherKey: true })).result)).toMatch(/^oidc_invalid_token/);
  });

  it('refuses an expired ID token', async () => {
    expect(await refusal((await login({ expiresInSeconds: -600 })).result)).toMatch(/^oidc_invalid_token.*exp/i);
  });

  it('refuses an ID token issued in the future beyond the clock skew (iat), accepts one within it', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(await refusal((await login({ claims: { iat: now + 24 * 3600 } })).result)).toMatch(/^oidc_invalid_token.*iat/);
    expect((await (await login({ claims: { iat: now + 30 } })).result).profile.email).toBe(`dana@${domain}`);
  });

  it('completes only in the browser that started the login: another browser’s cookie, or none, is refused and spends the state', async () => {
    for (const browser of [hashSecret('sb_another-browser'), null]) {
      const attempt = await login({}, undefined, browser);
      expect(await refusal(attempt.result)).toMatch(/^browser_mismatch/);
      expect(await refusal(handleOidcCallback(db, attempt.callback, TEST_BROWSER_BINDING))).toMatch(/^oidc_bad_state/);
    }
    const identity = await (await login()).result;
    expect(identity.bindingHash).toBe(TEST_BROWSER_BINDING);
  });

  it('refuses an unverified email', async () => {
    expect(await refusal((await login({ claims: { email_verified: false } })).result)).toMatch(/^email_not_verified/);
  });

  it('refuses to save a connection whose discovery document names another issuer', async () => {
    const liar = await startOidcTestIdp({ clientId: 'x', clientSecret: 'y', issuerOverride: 'https://someone-else.example.com' });
    await expect(createOidcConnection(db, { orgId, name: 'Liar', discoveryUrl: liar.discoveryUrl, clientId: 'x', clientSecret: 'y' }, systemActor)).rejects.toThrow(/discovery document could not be used/);
    await liar.close();
    await expect(createOidcConnection(db, { orgId, name: 'Down', discoveryUrl: 'http://localhost:9/.well-known/openid-configuration', clientId: 'x', clientSecret: 'y' }, systemActor)).rejects.toThrow(/discovery document could not be used/);
  });
});
