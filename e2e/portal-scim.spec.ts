/**
 * The SCIM page as an owner uses it: a token created in the browser and pasted into an "IdP"
 * (Playwright's request context replaying Okta's create), the request log with its filters and
 * detail view, rotation and revocation; members and viewers are refused.
 */
import { expect, test, type Page } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { scimRequestLog, scimTokens } from '@/lib/db/schema';
import { createScimToken } from '@/lib/scim/tokens';
import { createMemberWithPassword } from './support/db';
import { signInWithPassword } from './support/pages';
import { checkAtBothWidths } from './support/page-checks';
import { expectScimError, expectStatus, loadFixture, scimClient, step, suffix } from './support/scim';

const db = getDb();
const by = { actor: { type: 'system' as const, label: 'e2e' } };
const usersFixture = loadFixture('okta/users.json');

async function signedIn(page: Page, role: 'owner' | 'admin' | 'member' | 'viewer') {
  const person = await createMemberWithPassword(role);
  await signInWithPassword(page, person.email, person.password);
  await expect(page).toHaveURL(/\/dashboard/);
  return person;
}

const logRow = (page: Page, text: string) => page.getByRole('table', { name: 'SCIM requests, newest first' }).getByRole('row').filter({ hasText: text });

test('an owner creates a SCIM token, an IdP call with it shows in the log with its redacted body, and rotate/revoke stop the old secrets', async ({ page, context, request }, testInfo) => {
  test.setTimeout(180_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const owner = await signedIn(page, 'owner');
  await page.goto('/settings/scim');
  await expect(page.getByRole('heading', { level: 1, name: 'SCIM provisioning' })).toBeVisible();
  await expect(page.getByTestId('scim-base-url')).toHaveText(new URL('/api/scim/v2', page.url()).toString());
  await expect(page.getByText('No SCIM tokens yet.')).toBeVisible();

  // Bad input: a clear message next to the field, nothing created.
  await page.getByRole('button', { name: 'Create token' }).click();
  await expect(page.getByText('Enter a token name')).toBeVisible();
  await expect(page.getByLabel('Token name')).toHaveAttribute('aria-invalid', 'true');
  expect(await db.select().from(scimTokens).where(eq(scimTokens.orgId, owner.org.id))).toEqual([]);

  await page.getByLabel('Token name').fill('Okta');
  await page.getByRole('button', { name: 'Create token' }).click();
  await expect(page.getByText('we will not show it again.')).toBeVisible();
  const shown = (await page.getByTestId('new-scim-token').textContent())!.trim();
  expect(shown).toMatch(/^scim_/);
  await page.getByRole('button', { name: 'Copy SCIM token Okta' }).click();
  await expect(page.getByText('Copied', { exact: true })).toBeVisible();
  const token = await page.evaluate(() => navigator.clipboard.readText());
  expect(token).toBe(shown);
  await expect(page.getByRole('row', { name: 'SCIM token Okta' })).toContainText('Active');
  await checkAtBothWidths(page, testInfo, 'scim-token-shown');

  // The IdP uses it: Okta's create succeeds, the same create again is refused (409).
  const scim = scimClient(request, token);
  const userName = `ada-${suffix()}@e2e.test`;
  const password = `pw-${suffix()}-secret`;
  const vars = { userName, oktaUserId: `00u${suffix()}`, password };
  expectStatus(await scim.replay(step(usersFixture, 'Create the User'), vars), 201);
  const conflict = await scim.replay(step(usersFixture, 'Create the User'), vars);
  expectScimError(conflict, 409);

  await page.reload();
  await expect(logRow(page, '201')).toHaveCount(1);
  await expect(logRow(page, '409')).toContainText(conflict.body.detail);
  await expect(logRow(page, '201')).toContainText('Okta');

  // Filters narrow the log (and live in the URL).
  await page.getByLabel('Status').selectOption('4xx');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/status=4xx/);
  await expect(logRow(page, '409')).toHaveCount(1);
  await expect(logRow(page, '201')).toHaveCount(0);
  await page.getByLabel('Status').selectOption('');
  await page.getByLabel('Method').selectOption('GET');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.getByText('No requests match these filters.')).toBeVisible();
  await page.getByRole('link', { name: 'Clear' }).click();
  await expect(logRow(page, 'POST')).toHaveCount(2);

  // The detail of the successful create: the body as received, the password redacted.
  await logRow(page, '201').getByRole('link', { name: /^Details/ }).click();
  await expect(page).toHaveURL(/\/settings\/scim\/requests\/\d+$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('POST');
  const body = page.getByTestId('scim-request-body');
  await expect(body).toContainText(userName);
  await expect(body).toContainText('"password": "[redacted]"');
  await expect(body).not.toContainText(password);
  await expect(page.getByText('Error returned')).toBeVisible();
  await checkAtBothWidths(page, testInfo, 'scim-request-detail');

  // The failed one shows the error we returned.
  await page.goBack();
  await logRow(page, '409').getByRole('link', { name: /^Details/ }).click();
  await expect(page.getByTestId('scim-request-error')).toHaveText(conflict.body.detail);
  await expect(page.getByTestId('scim-request-body')).not.toContainText(password);
  await page.getByRole('link', { name: '← SCIM' }).click();

  // Rotate: confirm, the new secret is shown once, the old one answers 401 at once.
  await page.getByRole('button', { name: 'Rotate token Okta' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Rotate token Okta' }).click();
  await expect(page.getByText('the old secret no longer works')).toBeVisible();
  const rotated = (await page.getByTestId('new-scim-token').textContent())!.trim();
  expect(rotated).not.toBe(token);
  expectScimError(await scim.get('/Users?count=1'), 401);
  const rotatedClient = scimClient(request, rotated);
  expectStatus(await rotatedClient.get('/Users?count=1'), 200);

  // Revoke: confirm, then the current secret answers 401 too.
  await page.getByRole('button', { name: 'Revoke token Okta' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke token Okta' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'SCIM token Okta is revoked.' })).toBeVisible();
  await expect(page.getByRole('row', { name: 'SCIM token Okta' })).toContainText('Revoked');
  expectScimError(await rotatedClient.get('/Users?count=1'), 401);
});

test('the request log pages newer and older by keyset, and another org’s request is a 404', async ({ page }) => {
  const owner = await signedIn(page, 'owner');
  const token = await createScimToken(db, { orgId: owner.org.id, name: 'Entra' }, by);
  const started = Date.now();
  for (let i = 0; i < 30; i++) {
    await db.insert(scimRequestLog).values({ orgId: owner.org.id, tokenId: token.id, method: 'GET', path: `/api/scim/v2/Users/u${i}`, status: 200, durationMs: 2, createdAt: new Date(started - (30 - i) * 1000) });
  }
  await page.goto('/settings/scim');
  await expect(logRow(page, '/Users/u29')).toHaveCount(1);
  await expect(logRow(page, '/Users/u4')).toHaveCount(0);
  const pager = page.getByRole('navigation', { name: 'Request log pages' });
  await pager.getByRole('link', { name: 'Older →' }).click();
  await expect(page).toHaveURL(/older=\d+/);
  await expect(logRow(page, '/Users/u4')).toHaveCount(1);
  await expect(logRow(page, '/Users/u29')).toHaveCount(0);
  await pager.getByRole('link', { name: '← Newer' }).click();
  await expect(page).toHaveURL(/newer=\d+/);
  await expect(logRow(page, '/Users/u29')).toHaveCount(1);

  const other = await createMemberWithPassword('owner');
  const otherToken = await createScimToken(db, { orgId: other.org.id, name: 'Okta' }, by);
  const [foreign] = await db.insert(scimRequestLog).values({ orgId: other.org.id, tokenId: otherToken.id, method: 'POST', path: '/api/scim/v2/Users', status: 201, durationMs: 5 }).returning();
  const response = await page.goto(`/settings/scim/requests/${foreign.id}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByText('/api/scim/v2/Users')).toHaveCount(0);
});

for (const role of ['member', 'viewer'] as const) {
  test(`a ${role} gets the Admin-required page on /settings/scim and on a request's detail`, async ({ page }) => {
    const person = await signedIn(page, role);
    const token = await createScimToken(db, { orgId: person.org.id, name: 'Okta' }, by);
    const [logged] = await db.insert(scimRequestLog).values({ orgId: person.org.id, tokenId: token.id, method: 'POST', path: '/api/scim/v2/Users', status: 201, durationMs: 5, body: { userName: 'x@e2e.test' } }).returning();
    for (const path of ['/settings/scim', `/settings/scim/requests/${logged.id}`]) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1, name: 'You need the Admin role' })).toBeVisible();
      await expect(page.getByText('x@e2e.test')).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'Create token' })).toHaveCount(0);
    }
  });
}
