import { expect, test } from '@playwright/test';
import { createMemberWithPassword } from './support/db';
import { expectSignedIn, signInWithPassword, pageAlert } from './support/pages';

test('create a project and an API key, use it, disable it', async ({ page, request }) => {
  const { email, password } = await createMemberWithPassword('member');
  await signInWithPassword(page, email, password);
  await expectSignedIn(page);

  await page.getByLabel('New project name').fill('Chatbot');
  await page.getByRole('button', { name: 'Create project' }).click();
  await expect(page.getByRole('list', { name: 'Your projects' })).toContainText('Chatbot');

  await page.getByLabel('Key name').fill('laptop');
  await page.getByRole('button', { name: 'Create API key' }).click();
  const secret = (await page.getByTestId('new-api-key').textContent())!.trim();
  expect(secret).toMatch(/^gw_/);
  const row = page.getByRole('row', { name: 'API key laptop' });
  await expect(row).toContainText(secret.slice(0, 11));

  const ok = await request.get('/api/v1/me', { headers: { Authorization: `Bearer ${secret}` } });
  expect(ok.status()).toBe(200);
  const body = await ok.json();
  expect(body.user.email).toBe(email);
  expect(body.project.name).toBe('Chatbot');

  await row.getByRole('button', { name: 'Disable' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Disable API key laptop' }).click();
  await expect(row).toContainText('Disabled');
  const refused = await request.get('/api/v1/me', { headers: { Authorization: `Bearer ${secret}` } });
  expect(refused.status()).toBe(401);
  expect((await request.get('/api/v1/me', { headers: { Authorization: 'Bearer gw_unknown' } })).status()).toBe(401);
  expect((await request.get('/api/v1/me')).status()).toBe(401);
});

test('an empty key name gets a clear error and creates nothing', async ({ page }) => {
  const { email, password } = await createMemberWithPassword('member');
  await signInWithPassword(page, email, password);
  await page.getByLabel('New project name').fill('Search');
  await page.getByRole('button', { name: 'Create project' }).click();
  await expect(page.getByRole('list', { name: 'Your projects' })).toContainText('Search');
  await page.getByRole('button', { name: 'Create API key' }).click();
  await expect(pageAlert(page)).toHaveText('Enter a key name');
  await expect(page.getByText('No API keys yet.')).toBeVisible();
});
