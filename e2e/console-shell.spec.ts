import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { apiKeys, type Role } from '@/lib/db/schema';
import { createApiKey } from '@/lib/gateway/api-keys';
import { createProject } from '@/lib/gateway/projects';
import { addMember } from '@/lib/orgs/members';
import { createUser } from '@/lib/users/create-user';
import { createMemberWithPassword, uniqueEmail } from './support/db';
import { signInWithPassword } from './support/pages';
import { expectNoHorizontalScroll, expectNoSeriousAxeViolations, screenshot } from './support/page-checks';

const by = { actor: { type: 'system' as const, label: 'e2e' } };

const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 800 },
] as const;

/** A person in a fresh org with a teammate, a project with a long name and two API keys, so every table has rows. */
async function personWithData(role: Role) {
  const person = await createMemberWithPassword(role);
  const db = getDb();
  const teammate = await createUser(db, { email: uniqueEmail('teammate-with-a-rather-long-address'), name: 'Teammate With A Long Name', emailVerified: true });
  await addMember(db, { orgId: person.org.id, userId: teammate.id, role: 'member', source: 'manual' }, by);
  const project = await createProject(db, { orgId: person.org.id, name: 'Customer support assistant (production)', createdBy: person.user.id }, by);
  const keys = [];
  for (const name of ['ci-pipeline-eu-west', 'laptop']) {
    keys.push((await createApiKey(db, { orgId: person.org.id, projectId: project.id, userId: person.user.id, name }, by)).key);
  }
  return { ...person, project, keys };
}

async function signIn(page: Page, person: { email: string; password: string }) {
  await signInWithPassword(page, person.email, person.password);
  await expect(page).toHaveURL(/\/dashboard/);
}

/** The console navigation, opening the small-screen menu first when the header is collapsed. */
async function consoleNav(page: Page) {
  const menu = page.getByRole('button', { name: 'Menu' });
  if ((await menu.isVisible()) && (await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
  return page.getByRole('navigation', { name: 'Console' });
}

/** Settings pages another issue builds: until a page exists, its guessed URL must be our 404. */
function settingsPageExists(segment: string): boolean {
  const root = path.join(process.cwd(), 'app', '(console)', 'settings');
  const walk = (dir: string): boolean =>
    fs.readdirSync(dir, { withFileTypes: true }).some((entry) => entry.isDirectory() && ((entry.name === segment && fs.existsSync(path.join(dir, entry.name, 'page.tsx'))) || walk(path.join(dir, entry.name))));
  return walk(root);
}

const OWNER_PAGES = [
  { url: '/dashboard', heading: null, shot: 'dashboard' },
  { url: '/members', heading: 'Members', shot: 'members' },
  { url: '/audit', heading: 'Audit log', shot: 'audit' },
  { url: '/account/security', heading: 'Account security', shot: 'account-security' },
  { url: '/settings', heading: 'Settings', shot: 'settings' },
] as const;

for (const viewport of VIEWPORTS) {
  test.describe(`${viewport.name} (${viewport.width}×${viewport.height})`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });

    test('an owner’s console pages fit the screen, pass axe, and show the Settings area', async ({ page }, testInfo) => {
      const owner = await personWithData('owner');
      await signIn(page, owner);
      for (const { url, heading, shot } of OWNER_PAGES) {
        await page.goto(url);
        await expect(page.getByRole('heading', { level: 1, name: heading ?? owner.org.name, exact: true })).toBeVisible();
        await expectNoHorizontalScroll(page);
        await expectNoSeriousAxeViolations(page);
        await screenshot(page, testInfo, `${shot}-${viewport.width}`);
      }

      // The tables keep their rows (and row semantics) in both layouts.
      await page.goto('/dashboard');
      await expect(page.getByRole('row', { name: 'API key laptop' })).toContainText('Customer support assistant (production)');
      await expect(page.getByRole('table', { name: 'Your API keys' }).getByRole('row')).toHaveCount(3);

      const nav = await consoleNav(page);
      await expect(nav.getByRole('link', { name: 'Settings' })).toBeVisible();
      await nav.getByRole('link', { name: 'Settings' }).click();
      await expect(page).toHaveURL(/\/settings$/);
      const settingsNav = page.getByRole('navigation', { name: 'Settings' });
      await expect(settingsNav.getByRole('link')).toHaveText(['SSO connections', 'Domains', 'Role rules', 'Security', 'SCIM', 'IT admin setup']);
      await expect(settingsNav.getByRole('link', { name: 'SSO connections' })).toHaveAttribute('href', '/settings/sso');
      await expect(settingsNav.getByRole('link', { name: 'Domains' })).toHaveAttribute('href', '/settings/domains');

      // /account/security is the person's own page: no organization settings nav there.
      await (await consoleNav(page)).getByRole('link', { name: 'Account' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Account security' })).toBeVisible();
      await expect(page.getByRole('navigation', { name: 'Settings' })).toHaveCount(0);
      await expect((await consoleNav(page)).getByRole('link', { name: 'Account' })).toHaveAttribute('aria-current', 'page');
      await expect((await consoleNav(page)).getByRole('link', { name: 'Settings' })).not.toHaveAttribute('aria-current', 'page');
    });

    test('a member sees no Settings link and gets a clear refusal on settings pages, but keeps their own security page', async ({ page }, testInfo) => {
      const member = await personWithData('member');
      await signIn(page, member);
      const nav = await consoleNav(page);
      await expect(nav.getByRole('link', { name: 'Dashboard' })).toBeVisible();
      await expect(nav.getByRole('link', { name: 'Account' })).toBeVisible();
      await expect(nav.getByRole('link', { name: 'Settings' })).toHaveCount(0);

      for (const url of ['/settings/domains', '/settings']) {
        const response = await page.goto(url);
        expect(response?.status()).toBe(200);
        await expect(page.getByRole('heading', { level: 1, name: 'You need the Admin role' })).toBeVisible();
        await expect(page.getByRole('main')).toContainText(`Your role in ${member.org.name} is Member.`);
        await expect(page.getByRole('navigation', { name: 'Settings' })).toHaveCount(0);
      }
      await expectNoHorizontalScroll(page);
      await expectNoSeriousAxeViolations(page);
      await screenshot(page, testInfo, `settings-refused-member-${viewport.width}`);

      await page.getByRole('link', { name: 'Your own security settings' }).click();
      await expect(page).toHaveURL(/\/account\/security$/);
      await expect(page.getByRole('button', { name: 'Add a passkey' })).toBeVisible();
      await expectNoHorizontalScroll(page);
    });
  });
}

// Behaviour, not layout: these run once, at the phone width (the tighter layout for dialogs and toasts).
test.describe('phone (390×844), once', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('unknown addresses get the branded 404, signed out and signed in', async ({ page }, testInfo) => {
    const missing = await page.goto('/this-does-not-exist');
    expect(missing?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Go to sign-in' })).toHaveAttribute('href', '/login');
    await expect(page).toHaveTitle('Page not found · LLM Gateway');
    await expectNoHorizontalScroll(page);
    await expectNoSeriousAxeViolations(page);
    await screenshot(page, testInfo, `not-found-390`);

    const owner = await createMemberWithPassword('owner');
    await signIn(page, owner);
    expect((await page.goto('/this-does-not-exist'))?.status()).toBe(404);
    await page.getByRole('link', { name: 'Back to the dashboard' }).click();
    await expect(page).toHaveURL(/\/dashboard$/);

    const unbuilt = ['sso', 'domains', 'scim', 'no-such-section'].filter((segment) => !settingsPageExists(segment));
    expect(unbuilt).toContain('no-such-section');
    for (const segment of unbuilt) {
      const response = await page.goto(`/settings/${segment}`);
      expect(response?.status(), `/settings/${segment}`).toBe(404);
      await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    }
  });

  test('disabling an API key asks first: Escape cancels, the named button confirms, a toast reports it', async ({ page }, testInfo) => {
    const member = await personWithData('member');
    await signIn(page, member);
    const [ciKey, laptopKey] = member.keys;
    const disabledAt = async (keyId: string) => (await getDb().select({ disabledAt: apiKeys.disabledAt }).from(apiKeys).where(eq(apiKeys.id, keyId)))[0].disabledAt;

    const row = page.getByRole('row', { name: 'API key laptop' });
    const disable = row.getByRole('button', { name: 'Disable' });
    await disable.click();
    const dialog = page.getByRole('dialog', { name: 'Disable API key laptop?' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await expect(dialog.getByRole('button', { name: 'Disable API key laptop' })).toBeVisible();
    await expectNoSeriousAxeViolations(page);
    await screenshot(page, testInfo, `confirm-dialog-390`);

    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(disable).toBeFocused();
    await expect(row).toContainText('Active');
    expect(await disabledAt(laptopKey.id)).toBeNull();

    await disable.click();
    await dialog.getByRole('button', { name: 'Disable API key laptop' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(row.getByRole('cell', { name: 'Disabled' })).toBeVisible();
    await expect.poll(() => disabledAt(laptopKey.id)).not.toBeNull();
    expect(await disabledAt(ciKey.id)).toBeNull();

    const toast = page.getByRole('status').filter({ hasText: 'API key laptop disabled.' });
    await expect(toast).toBeVisible();
    await screenshot(page, testInfo, `toast-390`);
    await toast.getByRole('button', { name: 'Dismiss notification' }).click();
    await expect(toast).toHaveCount(0);

    // Cancel by its button, then confirm: this toast goes away by itself.
    const ciRow = page.getByRole('row', { name: 'API key ci-pipeline-eu-west' });
    await ciRow.getByRole('button', { name: 'Disable' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('dialog')).toHaveCount(0);
    expect(await disabledAt(ciKey.id)).toBeNull();
    await ciRow.getByRole('button', { name: 'Disable' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Disable API key ci-pipeline-eu-west' }).click();
    const secondToast = page.getByRole('status').filter({ hasText: 'API key ci-pipeline-eu-west disabled.' });
    await expect(secondToast).toBeVisible();
    await page.mouse.move(0, 0);
    await expect(secondToast).toHaveCount(0, { timeout: 10_000 });
    await expect.poll(() => disabledAt(ciKey.id)).not.toBeNull();
  });

  test('the copy button copies the new API key and announces it, with and without the Clipboard API', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const member = await personWithData('member');
    await signIn(page, member);
    await page.getByLabel('Key name').fill('copied');
    await page.getByRole('button', { name: 'Create API key' }).click();
    const secret = (await page.getByTestId('new-api-key').textContent())!.trim();
    expect(secret).toMatch(/^gw_/);

    const copy = page.getByRole('button', { name: 'Copy API key' });
    const announcement = copy.locator('xpath=following-sibling::*[@aria-live="polite"]');
    await expect(announcement).toHaveText('');
    await copy.click();
    await expect(announcement).toHaveText('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await expectNoHorizontalScroll(page);
    await expect(announcement).toHaveText('', { timeout: 5000 });

    // Without the async Clipboard API (older browsers, refused permission) the textarea route copies it.
    await page.evaluate(() => {
      Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });
      document.addEventListener('copy', (event) => {
        const target = event.target;
        if (target instanceof HTMLTextAreaElement) document.body.dataset.copied = target.value.slice(target.selectionStart, target.selectionEnd);
      });
    });
    await copy.click();
    await expect(announcement).toHaveText('Copied');
    await expect(page.locator('body')).toHaveAttribute('data-copied', secret);
    await expect(copy).toBeFocused();
  });
});

test('the small-screen menu opens, closes with Escape, and hides nothing at desktop width', async ({ page }, testInfo) => {
  const admin = await createMemberWithPassword('admin');
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, admin);
  const menu = page.getByRole('button', { name: 'Menu' });
  const nav = page.getByRole('navigation', { name: 'Console' });
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(nav).toBeHidden();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeHidden();
  await menu.click();
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await expect(nav.getByRole('link')).toHaveText(['Dashboard', 'Members', 'Audit log', 'Settings', 'Account']);
  await expect(page.getByLabel('Organization')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expectNoHorizontalScroll(page);
  await expectNoSeriousAxeViolations(page);
  await screenshot(page, testInfo, 'menu-open-390');
  await nav.getByRole('link', { name: 'Members' }).focus();
  await page.keyboard.press('Escape');
  await expect(nav).toBeHidden();
  await expect(menu).toBeFocused();
  await menu.click();
  await nav.getByRole('link', { name: 'Members' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Members' })).toBeVisible();
  await expect(nav).toBeHidden();

  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(menu).toBeHidden();
  await expect(nav.getByRole('link', { name: 'Settings' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
});

test('admins get the Settings area; viewers get neither the link nor the pages', async ({ page }) => {
  const admin = await createMemberWithPassword('admin');
  await signIn(page, admin);
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Settings' }).getByRole('link')).toHaveText(['SSO connections', 'Domains', 'Role rules', 'Security', 'SCIM', 'IT admin setup']);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);

  const viewer = await createMemberWithPassword('viewer');
  await signIn(page, viewer);
  await expect(page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Settings' })).toHaveCount(0);
  for (const url of ['/settings', '/settings/sso', '/settings/domains']) {
    await page.goto(url);
    await expect(page.getByRole('heading', { level: 1, name: 'You need the Admin role' })).toBeVisible();
    await expect(page.getByRole('main')).toContainText('is Viewer.');
  }
  await page.goto('/account/security');
  await expect(page.getByRole('heading', { level: 1, name: 'Account security' })).toBeVisible();
});
