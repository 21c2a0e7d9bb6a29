import { expect, test, type Page } from '@playwright/test';
import { createMemberWithPassword } from './support/db';
import { expectSignedIn } from './support/pages';

/** Any request to evil.test is answered locally, so a redirect there is observable offline. */
async function trapEvilHost(page: Page) {
  await page.route((url) => url.hostname === 'evil.test', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<p>evil</p>' }));
}

async function signInVia(page: Page, loginUrl: string, email: string, password: string) {
  await page.goto(loginUrl);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

test('after sign-in the browser goes to the same-site page it asked for', async ({ page }) => {
  const { email, password } = await createMemberWithPassword('owner');
  await signInVia(page, '/login?callbackUrl=%2Fmembers', email, password);
  await expect(page).toHaveURL(/\/members$/);
  await expect(page.getByRole('heading', { name: 'Members', exact: true })).toBeVisible();
});

test('off-site callback URLs are ignored: sign-in lands on the dashboard', async ({ page }) => {
  const { email, password } = await createMemberWithPassword('member');
  await trapEvilHost(page);
  await signInVia(page, `/login?callbackUrl=${encodeURIComponent('https://evil.test/x')}`, email, password);
  await expectSignedIn(page);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await signInVia(page, `/login?callbackUrl=${encodeURIComponent('//evil.test/x')}`, email, password);
  await expectSignedIn(page);
  // Already signed in: the server-side redirect ignores them too.
  for (const target of ['https://evil.test/x', '//evil.test/x']) {
    const response = await page.request.get(`/login?callbackUrl=${encodeURIComponent(target)}`, { maxRedirects: 0 });
    expect(response.status()).toBe(307);
    expect(response.headers()['location']).toBe('/dashboard');
  }
});

// Browsers read a backslash as "/" and drop tabs, so `/\evil.test` and `/<TAB>/evil.test` mean `//evil.test`.
test('a backslash callback URL does not send the browser off-site after sign-in', async ({ page }) => {
  const { email, password } = await createMemberWithPassword('member');
  await trapEvilHost(page);
  await signInVia(page, `/login?callbackUrl=${encodeURIComponent('/\\evil.test/x')}`, email, password);
  await expect(page).toHaveURL(/^http:\/\/localhost:\d+\/dashboard/);
  await expectSignedIn(page);
});

test('the signed-in redirect from /login never points off-site', async ({ page }) => {
  const { email, password } = await createMemberWithPassword('member');
  await signInVia(page, '/login', email, password);
  await expectSignedIn(page);
  for (const target of ['/\\evil.test/x', '/\t/evil.test/x']) {
    const response = await page.request.get(`/login?callbackUrl=${encodeURIComponent(target)}`, { maxRedirects: 0 });
    expect(response.status(), target).toBe(307);
    const location = response.headers()['location'] ?? '';
    // Resolved the way a browser resolves it (it treats "\" as "/" and drops tabs).
    expect(new URL(location.replace(/\\/g, '/').replace(/[\t\n\r]/g, ''), 'http://localhost').host, target).toBe('localhost');
  }
});
