import { randomBytes } from 'node:crypto';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { getDb } from '@/lib/db/client';
import { addDomain, verifyDomain } from '@/lib/orgs/domains';
import { createOrganization } from '@/lib/orgs/organizations';
import { createOidcConnection } from '@/lib/sso/connections';
import { ssoErrorMessage } from '@/lib/sso/error-messages';
import { startOidcTestIdp } from '@/lib/testing/oidc-test-idp';
import { setupSamlOrg } from './support/idp';
import { expectSignedIn, pageAlert } from './support/pages';

/*
 * SPEC §9: an SSO login completes only in the browser that started it. Each test starts a
 * login in "the attacker's" browser A, catches what would finish it (the IdP's POST to the ACS,
 * the ticket link, the OIDC callback) and delivers it to "the victim's" browser B.
 */

let sso: Awaited<ReturnType<typeof setupSamlOrg>>;

test.beforeAll(async ({ baseURL }) => {
  sso = await setupSamlOrg(baseURL!, { withOidc: true });
});
test.afterAll(async () => sso.idp.close());

async function newPage(browser: Browser) {
  const context = await browser.newContext();
  return { context, page: await context.newPage() };
}

/** Starts SP-initiated SSO from the sign-in page of `page` and picks `connection` when asked. */
async function startSso(page: Page, email: string, connection: 'Demo IdP (SAML)' | 'Demo IdP (OIDC)') {
  await page.goto('/login');
  await page.getByLabel('Work email').fill(email);
  await page.getByRole('button', { name: 'Continue with SSO' }).click();
  await page.getByRole('group', { name: 'Choose your identity provider' }).getByRole('button', { name: connection }).click();
}

async function expectSignedOut(page: Page) {
  await page.goto('/dashboard');
  await expect(page).toHaveURL(/\/login/);
}

test('the binding cookie is HttpOnly and SameSite=Lax, and an untouched SAML login completes in the starting browser', async ({ browser }) => {
  const a = await newPage(browser);
  await startSso(a.page, sso.email('alice'), 'Demo IdP (SAML)');
  // The first login of a run also starts Jackson in the app: give it time.
  await expect(a.page).toHaveURL(new RegExp(`^${sso.idp.url}/saml/sso`), { timeout: 30_000 });
  const binding = (await a.context.cookies()).find((c) => c.name.endsWith('sso_binding'));
  expect(binding).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
  await a.page.getByRole('button', { name: new RegExp(sso.email('alice')) }).click();
  await expectSignedIn(a.page);
  // Spent with the login: the next one starts with a fresh binding.
  expect((await a.context.cookies()).find((c) => c.name.endsWith('sso_binding'))).toBeUndefined();
  await a.context.close();
});

test('SAML: the IdP’s response for a login started in browser A, posted from browser B, does not sign B in', async ({ browser, baseURL }) => {
  const a = await newPage(browser);
  let posted = '';
  await a.page.route('**/api/sso/saml/acs', async (route) => {
    posted = route.request().postData() ?? '';
    await route.abort();
  });
  await startSso(a.page, sso.email('alice'), 'Demo IdP (SAML)');
  await a.page.getByRole('button', { name: new RegExp(sso.email('alice')) }).click();
  await expect.poll(() => posted).toContain('SAMLResponse=');

  // The attacker's page makes the victim's browser post the captured form (HTTP-POST binding).
  const b = await newPage(browser);
  const fields = [...new URLSearchParams(posted)].map(([name, value]) => `<input type="hidden" name="${name}" value="${value.replace(/"/g, '&quot;')}">`).join('');
  await b.page.setContent(`<form method="post" action="${baseURL}/api/sso/saml/acs">${fields}</form>`);
  await Promise.all([b.page.waitForURL(/\/login\/sso\/complete/), b.page.evaluate(() => document.forms[0].submit())]);
  await expect(pageAlert(b.page)).toHaveText(ssoErrorMessage('browser_mismatch'));
  await expectSignedOut(b.page);
  await a.context.close();
  await b.context.close();
});

test('SAML: the ticket link of browser A’s login opened in browser B is refused, and spent', async ({ browser }) => {
  const a = await newPage(browser);
  let ticketUrl = '';
  // Redirects are not routed by Playwright: let the ACS answer, keep its 303 to the ticket page.
  await a.page.route('**/api/sso/saml/acs', async (route) => {
    const answer = await route.fetch({ maxRedirects: 0 });
    ticketUrl = new URL(answer.headers().location, route.request().url()).toString();
    await route.fulfill({ status: 200, contentType: 'text/plain', body: 'held by the test' });
  });
  await startSso(a.page, sso.email('bob'), 'Demo IdP (SAML)');
  await a.page.getByRole('button', { name: new RegExp(sso.email('bob')) }).click();
  await expect.poll(() => ticketUrl).toContain('ticket=sso_');

  const b = await newPage(browser);
  await b.page.goto(ticketUrl);
  await expect(pageAlert(b.page)).toHaveText(ssoErrorMessage('browser_mismatch'));
  await expectSignedOut(b.page);

  // Refused once is spent: not even the starting browser can use it now.
  await a.page.goto(ticketUrl);
  await expect(pageAlert(a.page)).toContainText('expired or was already used');
  await a.context.close();
  await b.context.close();
});

/** An org whose only connection is OIDC to a test IdP that signs the browser in at once (lib/testing/oidc-test-idp). */
async function setupOidcOrg() {
  const idp = await startOidcTestIdp({ clientId: 'e2e-client', clientSecret: 'e2e-secret' });
  const by = { actor: { type: 'system' as const, label: 'e2e' } };
  const domain = `${randomBytes(4).toString('hex')}.e2e.test`;
  const org = await createOrganization(getDb(), { name: `OIDC ${domain.slice(0, 4)}`, plan: 'enterprise' }, by);
  await addDomain(getDb(), org.id, domain, by);
  await verifyDomain(getDb(), org.id, domain, by, { skipDns: true });
  await createOidcConnection(getDb(), { orgId: org.id, name: 'Test OIDC', discoveryUrl: idp.discoveryUrl, clientId: 'e2e-client', clientSecret: 'e2e-secret' }, by);
  const email = `dana@${domain}`;
  idp.browserUser = { email, email_verified: true, name: 'Dana' };
  return { idp, email };
}

async function continueWithSso(page: Page, email: string) {
  await page.goto('/login');
  await page.getByLabel('Work email').fill(email);
  await page.getByRole('button', { name: 'Continue with SSO' }).click();
}

test('OIDC: the callback of browser A’s login opened in browser B is refused with a clear message, and spent', async ({ browser }) => {
  const { idp, email } = await setupOidcOrg();
  try {
    const a = await newPage(browser);
    let callbackUrl = '';
    await a.page.route(`${idp.issuer}/authorize*`, async (route) => {
      const answer = await route.fetch({ maxRedirects: 0 });
      callbackUrl = answer.headers().location;
      await route.fulfill({ status: 200, contentType: 'text/plain', body: 'held by the test' });
    });
    await continueWithSso(a.page, email);
    await expect.poll(() => callbackUrl).toContain('state=');

    const b = await newPage(browser);
    await b.page.goto(callbackUrl);
    await expect(b.page).toHaveURL(/\/login\?sso_error=browser_mismatch&error_id=sso_/);
    await expect(pageAlert(b.page)).toContainText(ssoErrorMessage('browser_mismatch'));
    await expectSignedOut(b.page);
    await a.page.goto(callbackUrl);
    await expect(a.page).toHaveURL(/\/login\?sso_error=oidc_bad_state/);
    await a.context.close();
    await b.context.close();
  } finally {
    await idp.close();
  }
});

test('OIDC: an ID token issued a day in the future is refused; one issued now signs in', async ({ page }) => {
  const { idp, email } = await setupOidcOrg();
  try {
    idp.nextToken = { claims: { iat: Math.floor(Date.now() / 1000) + 24 * 3600 } };
    await continueWithSso(page, email);
    await expect(page).toHaveURL(/\/login\?sso_error=oidc_invalid_token&error_id=sso_/);
    await expectSignedOut(page);
    await continueWithSso(page, email);
    await expectSignedIn(page);
  } finally {
    await idp.close();
  }
});
