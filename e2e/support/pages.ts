import { expect, type Browser, type Page } from '@playwright/test';

export async function signInWithPassword(page: Page, email: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

export async function expectSignedIn(page: Page) {
  await expect(page).toHaveURL(/\/dashboard/);
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

/** Another person's own browser (a fresh context), signed in with their password. */
export async function signedInPage(browser: Browser, email: string, password: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInWithPassword(page, email, password);
  await expectSignedIn(page);
  return { context, page };
}

/** Adds a Chromium virtual authenticator (CDP) so WebAuthn ceremonies run headless. */
export async function addVirtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return { cdp, authenticatorId };
}

/** Alerts shown by the page itself (Next.js adds its own route announcer with role=alert). */
export function pageAlert(page: Page) {
  return page.getByRole('main').getByRole('alert');
}

/** SP-initiated SSO from the sign-in page through the demo IdP's SAML picker, as a person does it. */
export async function signInWithSamlAt(page: Page, idpUrl: string, email: string) {
  await page.goto('/login');
  await page.getByLabel('Work email').fill(email);
  await page.getByRole('button', { name: 'Continue with SSO' }).click();
  // The first SSO start of a fresh server also starts SAML Jackson (seconds on a busy machine).
  await expect(page).toHaveURL(new RegExp(`^${idpUrl}/saml/sso`), { timeout: 30_000 });
  await page.getByRole('button', { name: new RegExp(email) }).click();
}
