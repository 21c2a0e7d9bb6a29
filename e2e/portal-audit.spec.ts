/**
 * The audit log as an owner reads it: sentences with the raw event behind a disclosure, filters,
 * keyset paging forward and back, the chain shown as verified, CSV and JSON exports.
 */
import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { getDb } from '@/lib/db/client';
import { recordAudit } from '@/lib/audit/record';
import { createMemberWithPassword } from './support/db';
import { signInWithPassword } from './support/pages';
import { checkAtBothWidths } from './support/page-checks';

const db = getDb();

async function signedIn(page: Page, role: 'owner' | 'member' | 'viewer') {
  const person = await createMemberWithPassword(role);
  await signInWithPassword(page, person.email, person.password);
  await expect(page).toHaveURL(/\/dashboard/);
  return person;
}

const sentences = (page: Page) => page.getByTestId('audit-sentence');

test.use({ timezoneId: 'Europe/Berlin' });

test('an owner reads the audit log as sentences, filters it, pages through it and exports it', async ({ page }, testInfo) => {
  const owner = await signedIn(page, 'owner');
  const orgId = owner.org.id;
  // Enough events for two pages (50 a page), oldest first.
  for (let i = 1; i <= 55; i++) await recordAudit(db, { orgId, actor: { type: 'user', id: owner.user.id, label: owner.email }, action: 'domain.added', target: { type: 'domain', label: `d${i}.acme.test` } });
  await recordAudit(db, { orgId, actor: { type: 'idp', label: 'Okta' }, action: 'member.role_changed', target: { type: 'user', label: 'bob@acme.test' }, before: { role: 'member' }, after: { role: 'admin' }, metadata: { reason: 'group rule', group: 'ai-admins' } });
  await recordAudit(db, { orgId, actor: { type: 'user', label: 'carol@acme.test' }, action: 'scim_token.rotated', target: { type: 'scim_token', label: 'Okta (scim_AbCdEfGh…)' } });

  await page.goto('/audit');
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  await expect(page.getByTestId('audit-chain-status')).toHaveText(/^Chain verified: all \d+ events intact$/);
  await expect(sentences(page).first()).toHaveText('SCIM token Okta rotated by carol@acme.test');
  await expect(sentences(page).nth(1)).toHaveText('Role of bob@acme.test changed Member → Admin by rule ai-admins → Admin');
  // Times carry their zone: this browser runs in Berlin (test.use below), in winter GMT+1.
  await expect(page.getByRole('row').filter({ hasText: 'SCIM token Okta rotated' }).locator('time')).toHaveText(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} GMT\+[12]$/);

  // The raw event behind its disclosure.
  const roleRow = page.getByRole('row').filter({ hasText: 'Role of bob@acme.test' });
  await expect(roleRow.getByText('"group": "ai-admins"')).toBeHidden();
  await roleRow.getByText('Raw event').click();
  await expect(roleRow.getByText('"group": "ai-admins"')).toBeVisible();
  await checkAtBothWidths(page, testInfo, 'audit');

  // Keyset paging: older, then newer again.
  await expect(sentences(page).filter({ hasText: 'Domain d1.acme.test added' })).toHaveCount(0);
  const pager = page.getByRole('navigation', { name: 'Audit log pages' });
  await pager.getByRole('link', { name: 'Older →' }).click();
  await expect(page).toHaveURL(/older=\d+/);
  await expect(sentences(page).filter({ hasText: 'Domain d1.acme.test added' })).toHaveCount(1);
  await expect(sentences(page).filter({ hasText: 'SCIM token Okta rotated' })).toHaveCount(0);
  await pager.getByRole('link', { name: '← Newer' }).click();
  await expect(page).toHaveURL(/newer=\d+/);
  await expect(sentences(page).first()).toHaveText('SCIM token Okta rotated by carol@acme.test');

  // Filters: by action prefix, by actor, by target.
  await page.getByLabel('Action').fill('scim_token.');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/action=scim_token\./);
  await expect(sentences(page)).toHaveText(['SCIM token Okta rotated by carol@acme.test']);
  await page.getByRole('link', { name: 'Clear' }).click();
  await expect(page).toHaveURL(/\/audit$/);
  await expect(page.getByLabel('Actor')).toHaveValue('');
  await page.getByLabel('Actor').fill('Okta');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(sentences(page)).toHaveText(['Role of bob@acme.test changed Member → Admin by rule ai-admins → Admin']);
  await page.getByRole('link', { name: 'Clear' }).click();
  await expect(page).toHaveURL(/\/audit$/);
  await expect(page.getByLabel('Actor')).toHaveValue('');
  await page.getByLabel('Target').fill('d42.acme');
  await page.getByLabel('Time').selectOption('1h');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(sentences(page)).toHaveText([`Domain d42.acme.test added by ${owner.email}`]);
  await page.getByLabel('Target').fill('nothing-like-this');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.getByText('No events match.')).toBeVisible();

  // Exports of the whole log.
  for (const format of ['csv', 'json'] as const) {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: `Export ${format.toUpperCase()}` }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(new RegExp(`^audit-.+\\.${format}$`));
    const body = fs.readFileSync((await file.path())!, 'utf8');
    expect(body).toContain('scim_token.rotated');
    expect(body).toContain('d55.acme.test');
    if (format === 'json') expect(JSON.parse(body).length).toBeGreaterThan(57);
  }
});

for (const role of ['member', 'viewer'] as const) {
  test(`a ${role} gets the Admin-required page on /audit`, async ({ page }) => {
    await signedIn(page, role);
    await page.goto('/audit');
    await expect(page.getByRole('heading', { level: 1, name: 'You need the Admin role' })).toBeVisible();
    await expect(page.getByTestId('audit-sentence')).toHaveCount(0);
  });
}

test('a signed-out visitor of a filtered audit view signs in and lands on that view', async ({ page }) => {
  const owner = await createMemberWithPassword('owner');
  await page.goto('/audit?action=member.');
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Faudit%3Faction%3Dmember\.$/);
  await page.getByLabel('Email', { exact: true }).fill(owner.email);
  await page.getByLabel('Password', { exact: true }).fill(owner.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/audit\?action=member\.$/);
  await expect(page.getByLabel('Action')).toHaveValue('member.');
  await expect(sentences(page).first()).toHaveText(/ joined as Owner \(via manual\) by the system \(e2e\)$/);
});
