import { expect, test, type APIRequestContext } from '@playwright/test';
import { buildSamlResponse, type SamlResponseOptions } from '@/lib/demo-idp/saml-response';
import { createIdpCredentials } from '@/lib/demo-idp/credentials';
import { setupSamlOrg } from './support/idp';

let sso: Awaited<ReturnType<typeof setupSamlOrg>>;
let acs: string;
let audience: string;

test.beforeAll(async ({ baseURL }) => {
  sso = await setupSamlOrg(baseURL!);
  acs = `${baseURL}/api/sso/saml/acs`;
  audience = `${baseURL}/api/sso/saml/metadata`;
});
test.afterAll(async () => sso.idp.close());

/** A response from the org's real IdP key, with one thing bent. */
function signed(overrides: Partial<SamlResponseOptions> = {}) {
  const email = sso.email('alice');
  return buildSamlResponse({ credentials: sso.credentials, issuer: sso.idp.samlEntityId, audience, recipient: acs, destination: acs, nameId: email, attributes: { email: [email], groups: ['ai-admins'] }, ...overrides }).base64;
}

/** POSTs to the ACS like a browser form and returns where the app sends the browser. */
async function post(request: APIRequestContext, samlResponse: string, relayState = '') {
  const response = await request.post('/api/sso/saml/acs', { form: { SAMLResponse: samlResponse, RelayState: relayState }, maxRedirects: 0 });
  expect(response.status()).toBe(303);
  return new URL(response.headers().location);
}

test('the ACS refuses correctly signed but malicious responses, and accepts the honest one once', async ({ request }) => {
  const refusals: [string, string][] = [
    ['wrong audience', signed({ audience: 'https://another-sp.example.com' }).toString()],
    ['audience prefix', signed({ audience: `${audience}.evil.example` })],
    ['wrong Recipient', signed({ recipient: 'https://evil.example.com/acs' })],
    ['wrong Destination', signed({ destination: 'https://evil.example.com/acs' })],
    ['expired assertion', signed({ now: new Date(Date.now() - 3600_000) })],
    ['expired subject confirmation', signed({ confirmationValidForSeconds: -300 })],
    ['unsolicited response that claims to answer a request', signed({ inResponseTo: '_never_sent' })],
    ['DOCTYPE with unused entities', signed({ prolog: '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "y">]>' })],
    ['unsigned', signed({ signAssertion: false })],
  ];
  const other = await createIdpCredentials('Impostor');
  refusals.push(['wrong certificate', signed({ credentials: other })]);
  const expectedCodes: Record<string, string> = {
    'wrong audience': 'saml_wrong_audience',
    'audience prefix': 'saml_wrong_audience',
    'wrong Recipient': 'saml_wrong_recipient',
    'wrong Destination': 'saml_wrong_destination',
    'expired assertion': 'saml_expired',
    'expired subject confirmation': 'saml_expired',
    'unsolicited response that claims to answer a request': 'saml_unsolicited_mismatch',
    'DOCTYPE with unused entities': 'saml_invalid',
    unsigned: 'saml_unsigned',
    'wrong certificate': 'saml_bad_signature',
  };
  for (const [name, response] of refusals) {
    const location = await post(request, response);
    expect(location.pathname, name).toBe('/login');
    expect(location.searchParams.get('sso_error'), name).toBe(expectedCodes[name]);
    expect(location.searchParams.get('error_id'), name).toMatch(/^sso_[0-9a-f]{12}$/);
  }

  const honest = signed();
  const accepted = await post(request, honest);
  expect(accepted.pathname).toBe('/login/sso/complete');
  const replayed = await post(request, honest);
  expect(replayed.searchParams.get('sso_error')).toBe('saml_replayed');
});

test('SP-initiated: a response for another request, or none, is refused', async ({ page, request }) => {
  await page.goto('/login');
  await page.getByLabel('Work email').fill(sso.email('bob'));
  await page.getByRole('button', { name: 'Continue with SSO' }).click();
  await expect(page).toHaveURL(new RegExp(`^${sso.idp.url}/saml/sso`));
  const relayState = new URL(page.url()).searchParams.get('RelayState')!;
  const foreign = await post(request, signed({ inResponseTo: '_some_other_request' }), relayState);
  expect(foreign.searchParams.get('sso_error')).toBe('saml_wrong_in_response_to');
  // The login request was used up by that attempt; even a correct answer cannot reuse it.
  const again = await post(request, signed(), relayState);
  expect(again.searchParams.get('sso_error')).toBe('saml_unknown_request');
});
