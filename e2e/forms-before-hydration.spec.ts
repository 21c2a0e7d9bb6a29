import { expect, test, type Browser, type Page, type Request } from '@playwright/test';
import { issueEmailToken } from '@/lib/auth/email-tokens';
import { getDb } from '@/lib/db/client';
import { createMemberWithPassword, uniqueEmail } from './support/db';

// Letters and digits only, so it reads the same in a URL whether encoded or not.
const SECRET = 'zebra7horse3battery9staple';

/**
 * Submits a form in a browser without JavaScript, as happens before hydration on a slow network.
 * The password must travel in a POST body, never in a URL (address bar, history, access logs).
 */
async function submitWithoutJavaScript(browser: Browser, path: string, fill: (page: Page) => Promise<void>, submit: string) {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const requests: Request[] = [];
  page.on('request', (request) => requests.push(request));
  await page.goto(path);
  await fill(page);
  // The page is loaded: the next navigation of the main frame is the form submission.
  const submitted = page.waitForRequest((request) => request.isNavigationRequest() && request.frame() === page.mainFrame());
  await page.getByRole('button', { name: submit, exact: true }).click();
  const request = await submitted;
  const response = await request.response();
  await page.waitForLoadState();

  expect(request.method()).toBe('POST');
  expect(request.postData()).toContain(SECRET);
  expect(response!.status()).toBeLessThan(500);
  expect(page.url()).not.toContain(SECRET);
  for (const sent of requests) expect(sent.url()).not.toContain(SECRET);
  await context.close();
}

test('the sign-in form posts the password, even before hydration', async ({ browser }) => {
  const { email } = await createMemberWithPassword('member');
  await submitWithoutJavaScript(
    browser,
    '/login',
    async (page) => {
      await page.getByLabel('Email', { exact: true }).fill(email);
      await page.getByLabel('Password', { exact: true }).fill(SECRET);
    },
    'Sign in',
  );
});

test('the sign-up form posts the password, even before hydration', async ({ browser }) => {
  await submitWithoutJavaScript(
    browser,
    '/signup',
    async (page) => {
      await page.getByLabel('Full name').fill('No Script');
      await page.getByLabel('Work email').fill(uniqueEmail('nojs'));
      await page.getByLabel('Password', { exact: true }).fill(SECRET);
      await page.getByLabel('Organization name').fill('No Script Inc');
    },
    'Create account',
  );
});

test('the reset-password form posts the new password, even before hydration', async ({ browser }) => {
  const { user } = await createMemberWithPassword('member');
  const token = await issueEmailToken(getDb(), user.id, 'reset_password');
  await submitWithoutJavaScript(
    browser,
    `/reset-password?token=${encodeURIComponent(token)}`,
    async (page) => {
      await page.getByLabel('New password', { exact: true }).fill(SECRET);
      await page.getByLabel('Confirm new password').fill(SECRET);
    },
    'Set new password',
  );
});
