import { expect, test, type Page } from '@playwright/test';
import { and, eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { auditEvents, organizations, sessions, type Role } from '@/lib/db/schema';
import { addPasswordMember, createMemberWithPassword, uniqueEmail } from './support/db';
import { setupSamlOrg } from './support/idp';
import { expectSignedIn, pageAlert, signedInPage, signInWithPassword } from './support/pages';
import { checkAtBothWidths } from './support/page-checks';

const db = getDb();
const password = 'local password 123';
const SSO_REQUIRED = 'Your organization requires single sign-on. Use “Continue with SSO” with your work email.';
const LIFETIME_MESSAGE = 'Enter a whole number of minutes from 15 (15 minutes) to 43200 (30 days)';

const personIn = async (orgId: string, email: string, role: Role, name: string) => (await addPasswordMember(orgId, role, { email, name, password })).user;

function toast(page: Page, text: string | RegExp) {
  return page.getByRole('status').filter({ hasText: text });
}

const lifetimeOf = async (orgId: string) => (await db.select({ m: organizations.sessionLifetimeMinutes }).from(organizations).where(eq(organizations.id, orgId)))[0].m;

test('SSO-only goes on only after the owner tested SSO, shows what will happen first, then refuses passwords on the domain except break-glass', async ({ page, browser, baseURL }, testInfo) => {
  test.setTimeout(180_000);
  const sso = await setupSamlOrg(baseURL!);
  try {
    const owner = await personIn(sso.org.id, `owner@${sso.domain}`, 'owner', 'Olivia Owner');
    const dave = await personIn(sso.org.id, `dave@${sso.domain}`, 'member', 'Dave');
    await signInWithPassword(page, owner.email, password);
    await expectSignedIn(page);
    const daveBrowser = await signedInPage(browser, dave.email, password);

    await page.goto('/settings/security');
    await expect(page.getByRole('heading', { level: 1, name: 'Security' })).toBeVisible();
    const card = page.getByRole('region', { name: 'SSO-only sign-in' });
    const turnOn = card.getByRole('button', { name: 'Turn SSO-only on…' });
    await expect(turnOn).toBeDisabled();
    await expect(card).toContainText('An owner or admin must first sign in with SSO, or pass a connection test, through one of your current connections.');
    await expect(turnOn).toHaveAccessibleDescription(/must first sign in with SSO/);

    // The owner names themselves break-glass; members are not offered.
    const breakGlass = page.getByRole('region', { name: 'Break-glass accounts' });
    await expect(breakGlass.getByLabel('Owner or admin').locator('option')).toHaveText([`${owner.email} (Owner)`]);
    await breakGlass.getByRole('button', { name: 'Add break-glass account' }).click();
    await expect(toast(page, `${owner.email} is now a break-glass account.`)).toBeVisible();
    await expect(breakGlass.getByRole('listitem')).toContainText(owner.email);

    // A connection test by the owner is the proof SSO works.
    await page.goto('/settings/sso');
    const popup = page.waitForEvent('popup');
    await page.getByRole('row', { name: 'Connection Demo IdP (SAML)' }).getByRole('button', { name: /^Test/ }).click();
    const idpWindow = await popup;
    await expect(idpWindow).toHaveURL(new RegExp(`^${sso.idp.url}/saml/sso`), { timeout: 30_000 });
    await idpWindow.getByRole('button', { name: new RegExp(sso.email('alice')) }).click();
    await expect(idpWindow.getByText('Passed', { exact: true })).toBeVisible();
    await idpWindow.close();

    await page.goto('/settings/security');
    await expect(turnOn).toBeEnabled();
    await turnOn.click();
    const dialog = page.getByRole('dialog', { name: 'Turn on SSO-only?' });
    await expect(dialog).toContainText(`1 account on ${sso.domain} will no longer sign in with a password or passkey`);
    await expect(dialog).toContainText('1 password or passkey session ends now.');
    await expect(dialog.getByRole('listitem')).toHaveText(`${owner.email} (Owner)`);
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await checkAtBothWidths(page, testInfo, 'security-sso-only-preview');
    await dialog.getByRole('button', { name: 'Turn on SSO-only' }).click();
    await expect(toast(page, 'SSO-only is on.')).toBeVisible();
    await expect(card).toContainText('SSO-only is on.');
    expect((await db.select().from(auditEvents).where(and(eq(auditEvents.orgId, sso.org.id), eq(auditEvents.action, 'sso.sso_only_changed')))).map((e) => e.actorLabel)).toEqual([owner.email]);

    // Dave's password session ended; his password no longer works; the break-glass owner's does.
    await daveBrowser.page.goto('/dashboard');
    await expect(daveBrowser.page).toHaveURL(/\/login/);
    await signInWithPassword(daveBrowser.page, dave.email, password);
    await expect(pageAlert(daveBrowser.page)).toHaveText(SSO_REQUIRED);
    await daveBrowser.context.close();
    const again = await signedInPage(browser, owner.email, password);
    await again.context.close();
  } finally {
    await sso.idp.close();
  }
});

test('session lifetime refuses bad input and changes nothing; "sign out everyone" ends other people’s sessions but not the caller’s', async ({ page, browser }, testInfo) => {
  test.setTimeout(180_000);
  const owner = await createMemberWithPassword('owner', password);
  const colleague = await personIn(owner.org.id, uniqueEmail('colleague'), 'member', 'Colleague');
  await signInWithPassword(page, owner.email, password);
  await expectSignedIn(page);
  const other = await signedInPage(browser, colleague.email, password);

  await page.goto('/settings/security');
  const sessionsCard = page.getByRole('region', { name: 'Sessions' });
  const lifetime = sessionsCard.getByLabel('Session lifetime (minutes)');
  for (const bad of ['0', 'a week']) {
    await lifetime.fill(bad);
    await sessionsCard.getByRole('button', { name: 'Save lifetime' }).click();
    await expect(lifetime).toHaveAttribute('aria-invalid', 'true');
    await expect(lifetime).toHaveAccessibleDescription(LIFETIME_MESSAGE);
  }
  expect(await lifetimeOf(owner.org.id)).toBe(720);
  await lifetime.fill('90');
  await sessionsCard.getByRole('button', { name: 'Save lifetime' }).click();
  await expect(toast(page, 'New sessions now last 90 minutes.')).toBeVisible();
  expect(await lifetimeOf(owner.org.id)).toBe(90);

  await sessionsCard.getByRole('button', { name: 'Sign out everyone…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sign out everyone?' });
  await expect(dialog).toContainText('You stay signed in in this browser.');
  await dialog.getByRole('button', { name: 'Sign out everyone' }).click();
  await expect(toast(page, /1 session ended\. You are still signed in here\./)).toBeVisible();
  await other.page.goto('/dashboard');
  await expect(other.page).toHaveURL(/\/login/);
  await page.goto('/dashboard');
  await expectSignedIn(page);
  const live = await db.select().from(sessions).where(and(eq(sessions.activeOrgId, owner.org.id)));
  expect(live.filter((s) => s.revokedAt === null).map((s) => s.userId)).toEqual([owner.user.id]);
  await other.context.close();
  await page.goto('/settings/security');
  await checkAtBothWidths(page, testInfo, 'security-no-attempts');
});

test('recent SSO sign-in attempts show a refusal’s reason and error id with a copy button', async ({ page, context, browser, baseURL }, testInfo) => {
  test.setTimeout(180_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const sso = await setupSamlOrg(baseURL!);
  try {
    const owner = await personIn(sso.org.id, uniqueEmail('owner'), 'owner', 'Owner');
    // The IdP also knows someone whose address is on a domain this org never verified.
    const outsider = `mallory@unverified-${sso.domain}`;
    sso.directory.set(outsider, { email: outsider, firstName: 'Mallory', lastName: 'Outside', groups: ['engineering'] });
    const ssoAs = async (who: string) => {
      const other = await browser.newContext();
      const otherPage = await other.newPage();
      await otherPage.goto('/login');
      await otherPage.getByLabel('Work email').fill(sso.email('carol'));
      await otherPage.getByRole('button', { name: 'Continue with SSO' }).click();
      await expect(otherPage).toHaveURL(new RegExp(`^${sso.idp.url}/saml/sso`), { timeout: 30_000 });
      await otherPage.getByRole('button', { name: new RegExp(who) }).click();
      await otherPage.waitForURL(/\/dashboard|sso_error=/);
      const url = new URL(otherPage.url());
      await other.close();
      return url;
    };
    expect((await ssoAs(sso.email('carol'))).pathname).toBe('/dashboard');
    const refused = await ssoAs(outsider);
    expect(refused.searchParams.get('sso_error')).toBe('domain_not_verified');
    const errorId = refused.searchParams.get('error_id')!;
    expect(errorId).toMatch(/^sso_[0-9a-f]{12}$/);

    await signInWithPassword(page, owner.email, password);
    await expectSignedIn(page);
    await page.goto('/settings/security');
    const attempts = page.getByRole('region', { name: 'Recent SSO sign-in attempts' });
    const rows = attempts.getByRole('row');
    await expect(rows).toHaveCount(3); // header, newest first
    await expect(rows.nth(1)).toContainText(outsider);
    await expect(rows.nth(1)).toContainText('Demo IdP (SAML)');
    await expect(rows.nth(1)).toContainText('Refused');
    await expect(rows.nth(1)).toContainText('Your identity provider signed you in with an email address your organization has not verified.');
    await expect(rows.nth(1)).toContainText(errorId);
    await rows.nth(1).getByRole('button', { name: `Copy error id ${errorId}` }).click();
    await expect(rows.nth(1).getByText('Copied')).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(errorId);
    await expect(rows.nth(2)).toContainText(sso.email('carol'));
    await expect(rows.nth(2)).toContainText('Signed in');
    await expect(rows.nth(2)).toContainText('Demo IdP (SAML)');
    await checkAtBothWidths(page, testInfo, 'security-attempts');
  } finally {
    await sso.idp.close();
  }
});

test('members and viewers get the Admin-required page on /settings/security', async ({ browser }) => {
  test.setTimeout(180_000);
  for (const role of ['member', 'viewer'] as const) {
    const person = await createMemberWithPassword(role, password);
    const { context, page } = await signedInPage(browser, person.email, password);
    await page.goto('/settings/security');
    await expect(page.getByRole('heading', { level: 1, name: 'You need the Admin role' })).toBeVisible();
    await expect(page.getByRole('button', { name: /SSO-only/ })).toHaveCount(0);
    await expect(page.getByLabel('Session lifetime (minutes)')).toHaveCount(0);
    await expect(page.getByRole('region', { name: 'Recent SSO sign-in attempts' })).toHaveCount(0);
    await context.close();
  }
});
