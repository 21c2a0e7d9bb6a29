import { randomBytes } from 'node:crypto';
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { and, eq, inArray } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { auditEvents, domains, setupLinks, ssoConnectionTests } from '@/lib/db/schema';
import { addDomain, verificationValue, verifyDomain } from '@/lib/orgs/domains';
import { createOrganization } from '@/lib/orgs/organizations';
import { createSamlConnection } from '@/lib/sso/connections';
import { keyDescriptor, metadataWithKeys } from '@/lib/sso/metadata/test-metadata';
import { createIdpCredentials } from '@/lib/demo-idp/credentials';
import { createSetupLink } from '@/lib/orgs/setup-links';
import { startTestDnsServer, type TestDnsServer } from '@/lib/testing/dns-server';
import { createMemberWithPassword } from './support/db';
import { setupSamlOrg } from './support/idp';
import { signInWithPassword } from './support/pages';
import { expectNoHorizontalScroll, expectNoSeriousAxeViolations, screenshot } from './support/page-checks';

const by = { actor: { type: 'system' as const, label: 'e2e' } };
const db = getDb();
// Long journeys through several pages, each checked with axe at two widths.
test.describe.configure({ timeout: 120_000 });
const CLOSED = 'This setup link does not work';
const SESSION_ENDED = 'Your session has ended. Please sign in again.';

// The app asks this DNS server (playwright.config.ts: DNS_SERVERS=127.0.0.1:E2E_DNS_PORT).
let dns: TestDnsServer;
test.beforeAll(async () => {
  dns = await startTestDnsServer({ port: Number(process.env.E2E_DNS_PORT) });
});
test.afterAll(async () => {
  await dns?.close();
});

const freshDomain = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}.e2e.test`;
const linkRow = (id: string) => db.select().from(setupLinks).where(eq(setupLinks.id, id)).then(([row]) => row);
const domainsOf = (orgId: string) => db.select().from(domains).where(eq(domains.orgId, orgId));

async function signedInOwner(page: Page) {
  const owner = await createMemberWithPassword('owner');
  await signInWithPassword(page, owner.email, owner.password);
  await expect(page).toHaveURL(/\/dashboard/);
  return owner;
}

/** A browser with no account and no cookies: the IT admin who got the link by email. */
async function freshBrowser(browser: Browser, baseURL: string | undefined) {
  const context = await browser.newContext({ baseURL });
  return { context, page: await context.newPage() };
}

async function openAndContinue(page: Page, url: string, orgName: string) {
  await page.goto(url);
  await expect(page.getByRole('heading', { level: 1, name: `${orgName} asked you to set up single sign-on` })).toBeVisible();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole('heading', { level: 1, name: 'SSO connections' })).toBeVisible();
}

async function expectClosed(page: Page, ...mustNotShow: string[]) {
  await expect(page.getByRole('heading', { level: 1, name: CLOSED })).toBeVisible();
  await expect(page.getByText('This setup link has expired or was revoked. Ask the person who sent it for a new one.')).toBeVisible();
  for (const text of mustNotShow) await expect(page.locator('body')).not.toContainText(text);
}

function toast(page: Page, text: string): Locator {
  return page.locator('[role="status"], [role="alert"]').filter({ hasText: text });
}

test('a link is shown once, opens only its org’s SSO and domain pages in a fresh browser, is audited as the link, and stops when revoked', async ({ page, context, browser, baseURL }, testInfo) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const owner = await signedInOwner(page);
  const otherOrg = await createOrganization(db, { name: `Elsewhere ${randomBytes(2).toString('hex')}`, plan: 'enterprise' }, by);
  const otherDomain = freshDomain('elsewhere');
  await addDomain(db, otherOrg.id, otherDomain, by);

  await page.goto('/settings/setup-links');
  await expect(page.getByRole('heading', { level: 1, name: 'IT admin setup' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'IT admin setup' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByText('No setup links yet.')).toBeVisible();

  // Bad input: a clear message, no link.
  await page.getByRole('button', { name: 'Create setup link' }).click();
  await expect(page.getByText('Say who the link is for')).toBeVisible();
  expect(await db.select().from(setupLinks).where(eq(setupLinks.orgId, owner.org.id))).toEqual([]);

  // Created: shown once, with a copy button.
  await expect(page.getByLabel('Works for')).toHaveValue('3');
  await page.getByLabel('Who is it for?').fill('Okta admin Jane');
  await page.getByRole('button', { name: 'Create setup link' }).click();
  const shown = page.getByTestId('new-setup-link');
  await expect(shown).toHaveText(new RegExp(`^${baseURL}/setup/setup_[\\w-]+$`));
  const url = (await shown.textContent())!.trim();
  await expect(page.getByText('we will not show it again')).toBeVisible();
  await page.getByRole('button', { name: 'Copy setup link' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  const [link] = await db.select().from(setupLinks).where(eq(setupLinks.orgId, owner.org.id));
  expect(Math.abs(link.expiresAt.getTime() - (Date.now() + 3 * 86_400_000))).toBeLessThan(120_000);
  const row = page.getByRole('row', { name: 'Setup link for Okta admin Jane' });
  await expect(row).toContainText(owner.email);
  await expect(row.getByRole('cell', { name: 'never' })).toBeVisible();
  await expect(row.getByRole('cell', { name: 'Live' })).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await screenshot(page, testInfo, 'setup-links-created-1280');
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoHorizontalScroll(page);
  await expectNoSeriousAxeViolations(page);
  await screenshot(page, testInfo, 'setup-links-created-390');
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.reload();
  await expect(page.getByTestId('new-setup-link')).toHaveCount(0);
  await expect(page.locator('body')).not.toContainText(url.split('/setup/')[1]);

  // A fresh browser: before Continue nothing is open, and the GET of the link changes nothing.
  const guest = await freshBrowser(browser, baseURL);
  await guest.page.goto('/setup');
  await expectClosed(guest.page, owner.org.name);
  await guest.page.goto(url);
  await expect(guest.page.getByRole('heading', { level: 1, name: `${owner.org.name} asked you to set up single sign-on` })).toBeVisible();
  await expect(guest.page.getByRole('main')).toContainText('Okta admin Jane');
  await expectNoSeriousAxeViolations(guest.page);
  await screenshot(guest.page, testInfo, 'setup-invitation-1280');
  expect((await linkRow(link.id)).lastUsedAt).toBeNull();
  expect((await guest.context.cookies()).map((c) => c.name)).not.toContain('setup_link');
  await guest.page.goto('/setup/domains');
  await expectClosed(guest.page, owner.org.name);

  await openAndContinue(guest.page, url, owner.org.name);
  const shell = guest.page.getByRole('banner');
  await expect(shell).toContainText(owner.org.name);
  await expect(shell).toContainText('Set up by setup link: Okta admin Jane');
  await expect(shell.locator(`time[datetime="${link.expiresAt.toISOString()}"]`)).toBeVisible();
  const cookie = (await guest.context.cookies()).find((c) => c.name === 'setup_link');
  expect(cookie).toMatchObject({ name: 'setup_link', httpOnly: true, sameSite: 'Lax' });
  expect((await linkRow(link.id)).lastUsedAt).not.toBeNull();
  await expectNoSeriousAxeViolations(guest.page);
  await screenshot(guest.page, testInfo, 'setup-connections-1280');

  // Domains through the link: added and verified, audited with the link as actor; no other org's data.
  await guest.page.getByRole('navigation', { name: 'Setup' }).getByRole('link', { name: 'Domains' }).click();
  await expect(guest.page.getByRole('heading', { level: 1, name: 'Domains' })).toBeVisible();
  await expect(guest.page.getByRole('main')).not.toContainText(otherDomain);
  const domain = freshDomain('setup');
  await guest.page.getByLabel('Domain', { exact: true }).fill(domain);
  await guest.page.getByRole('button', { name: 'Add domain' }).click();
  const section = guest.page.getByRole('region', { name: domain, exact: true });
  await expect(section.getByText('Pending', { exact: true })).toBeVisible();
  const [added] = await domainsOf(owner.org.id);
  dns.setTxt(domain, [verificationValue(added.verificationToken)]);
  await section.getByRole('button', { name: `Verify now ${domain}` }).click();
  await expect(toast(guest.page, `${domain} is verified.`)).toBeVisible();
  await expect(section.getByText('Verified', { exact: true })).toBeVisible();
  expect((await domainsOf(owner.org.id))[0].verifiedAt).not.toBeNull();
  const events = await db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.orgId, owner.org.id), inArray(auditEvents.action, ['domain.added', 'domain.verified'])));
  expect(events.map((e) => [e.action, e.actorType, e.actorId, e.actorLabel]).sort()).toEqual([
    ['domain.added', 'setup_link', link.id, 'setup link: Okta admin Jane'],
    ['domain.verified', 'setup_link', link.id, 'setup link: Okta admin Jane'],
  ]);
  await expectNoSeriousAxeViolations(guest.page);
  await screenshot(guest.page, testInfo, 'setup-domains-1280');

  // Nothing else of the console opens with the link.
  for (const path of ['/dashboard', '/members', '/audit', '/settings', '/settings/domains', '/settings/setup-links', '/account/security', '/settings/security']) {
    await guest.page.goto(path);
    await expect(guest.page, path).toHaveURL(/\/login/);
  }

  // Revoked by the owner: the next page load shows the closed page, and an open page's actions are refused.
  const stale = await guest.context.newPage();
  await stale.goto('/setup/domains');
  await expect(stale.getByRole('region', { name: domain, exact: true })).toBeVisible();
  await page.getByRole('row', { name: 'Setup link for Okta admin Jane' }).getByRole('button', { name: 'Revoke link for Okta admin Jane' }).click();
  const dialog = page.getByRole('dialog', { name: 'Revoke the setup link for Okta admin Jane?' });
  await dialog.getByRole('button', { name: 'Revoke link for Okta admin Jane' }).click();
  await expect(toast(page, 'The setup link for Okta admin Jane is revoked.')).toBeVisible();
  await expect(page.getByRole('row', { name: 'Setup link for Okta admin Jane' }).getByRole('cell', { name: 'Revoked' })).toBeVisible();
  expect((await linkRow(link.id)).revokedAt).not.toBeNull();

  const late = freshDomain('late');
  await stale.getByLabel('Domain', { exact: true }).fill(late);
  await stale.getByRole('button', { name: 'Add domain' }).click();
  await expect(stale.getByText(SESSION_ENDED)).toBeVisible();
  await stale.getByRole('region', { name: domain, exact: true }).getByRole('button', { name: `Remove ${domain}` }).click();
  await stale.getByRole('dialog').getByRole('button', { name: `Remove ${domain}`, exact: true }).click();
  await expect(stale.getByRole('region', { name: domain, exact: true }).getByRole('alert')).toHaveText(SESSION_ENDED);
  expect((await domainsOf(owner.org.id)).map((d) => d.domain)).toEqual([domain]);

  await guest.page.goto('/setup/domains');
  await expectClosed(guest.page, owner.org.name, domain);
  await guest.page.goto('/setup');
  await expectClosed(guest.page, owner.org.name);
  await guest.page.goto(url);
  await expectClosed(guest.page, owner.org.name);
  await expectNoSeriousAxeViolations(guest.page);
  await screenshot(guest.page, testInfo, 'setup-closed-1280');
  await guest.context.close();
});

test('an expired link shows the same page and grants nothing; Leave closes the portal in this browser', async ({ page, browser, baseURL }) => {
  const owner = await signedInOwner(page);
  const { link, url } = await createSetupLink(db, { orgId: owner.org.id, label: 'Entra admin Sam', days: 1, createdBy: owner.user.id }, by);
  const guest = await freshBrowser(browser, baseURL);
  await openAndContinue(guest.page, url, owner.org.name);

  await guest.page.getByRole('button', { name: 'Leave' }).click();
  await expect(guest.page.getByRole('heading', { level: 1, name: 'You left the setup portal' })).toBeVisible();
  await guest.page.goto('/setup/domains');
  await expectClosed(guest.page, owner.org.name);

  await openAndContinue(guest.page, url, owner.org.name);
  const stale = await guest.context.newPage();
  await stale.goto('/setup/domains');
  await expect(stale.getByText('No domains yet.')).toBeVisible();
  await db.update(setupLinks).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(setupLinks.id, link.id));

  await stale.getByLabel('Domain', { exact: true }).fill(freshDomain('expired'));
  await stale.getByRole('button', { name: 'Add domain' }).click();
  await expect(stale.getByText(SESSION_ENDED)).toBeVisible();
  expect(await domainsOf(owner.org.id)).toEqual([]);
  await guest.page.reload();
  await expectClosed(guest.page, owner.org.name);
  await guest.page.goto(url);
  await expectClosed(guest.page, owner.org.name);

  await page.goto('/settings/setup-links');
  const row = page.getByRole('row', { name: 'Setup link for Entra admin Sam' });
  await expect(row.getByRole('cell', { name: 'Expired' })).toBeVisible();
  await expect(row.getByRole('button', { name: /Revoke/ })).toHaveCount(0);
  await guest.context.close();
});

test('a browser signed in to the console sees the closed page without a link, and is asked to sign out with one', async ({ page }) => {
  const owner = await signedInOwner(page);
  const ownDomain = freshDomain('own');
  await addDomain(db, owner.org.id, ownDomain, by);
  await page.goto('/setup');
  await expectClosed(page, owner.org.name);
  await page.goto('/setup/domains');
  await expectClosed(page, ownDomain);

  // A link of another org, opened while signed in: the actions would act as the signed-in person, so the portal stays shut.
  const other = await createMemberWithPassword('owner');
  const { url } = await createSetupLink(db, { orgId: other.org.id, label: 'Okta admin Kim', days: 3, createdBy: other.user.id }, by);
  await page.goto(url);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign out of the console first' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText(owner.email);
  await page.goto('/setup/domains');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign out of the console first' })).toBeVisible();
  await expect(page.getByLabel('Domain', { exact: true })).toHaveCount(0);
  await page.getByRole('button', { name: 'Leave' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'You left the setup portal' })).toBeVisible();
  await page.goto('/dashboard');
  await expect(page.getByRole('heading', { level: 1, name: owner.org.name })).toBeVisible();
});

test('the setup pages fit a 390 px phone and pass axe', async ({ browser, baseURL }, testInfo) => {
  const owner = await createMemberWithPassword('owner');
  const domain = freshDomain('a-rather-long-subsidiary-name');
  await addDomain(db, owner.org.id, domain, by);
  const verified = freshDomain('verified');
  await addDomain(db, owner.org.id, verified, by);
  await verifyDomain(db, owner.org.id, verified, by, { skipDns: true });
  const { url } = await createSetupLink(db, { orgId: owner.org.id, label: 'Okta administrator Jane Doe-Smith (contractor)', days: 7, createdBy: owner.user.id }, by);
  const guest = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 } });
  const phone = await guest.newPage();

  await phone.goto(url);
  await expectNoHorizontalScroll(phone);
  await expectNoSeriousAxeViolations(phone);
  await screenshot(phone, testInfo, 'setup-invitation-390');
  await openAndContinue(phone, url, owner.org.name);
  await expectNoHorizontalScroll(phone);
  await expectNoSeriousAxeViolations(phone);
  await screenshot(phone, testInfo, 'setup-connections-390');
  await phone.goto('/setup/domains');
  await expect(phone.getByRole('region', { name: domain, exact: true })).toBeVisible();
  await expectNoHorizontalScroll(phone);
  await expectNoSeriousAxeViolations(phone);
  await screenshot(phone, testInfo, 'setup-domains-390');
  await phone.getByRole('button', { name: 'Leave' }).click();
  await expect(phone.getByRole('heading', { level: 1, name: 'You left the setup portal' })).toBeVisible();
  await expectNoHorizontalScroll(phone);
  await expectNoSeriousAxeViolations(phone);
  await screenshot(phone, testInfo, 'setup-left-390');
  await guest.close();
});

test('a connection test runs through the setup portal, signs nobody in, and shows its result there; another org’s test stays out of reach', async ({ browser, baseURL }, testInfo) => {
  const sso = await setupSamlOrg(baseURL!);
  try {
    const { link, url } = await createSetupLink(db, { orgId: sso.org.id, label: 'Okta admin Jane', days: 3, createdBy: null }, by);
    const guest = await freshBrowser(browser, baseURL);
    await openAndContinue(guest.page, url, sso.org.name);
    const row = guest.page.getByRole('row', { name: 'Connection Demo IdP (SAML)' });
    await expect(row).toBeVisible();

    const popupOpened = guest.page.waitForEvent('popup');
    await row.getByRole('button', { name: /^Test/ }).click();
    const popup = await popupOpened;
    await expect(popup).toHaveURL(new RegExp(`^${sso.idp.url}/saml/sso`), { timeout: 30_000 });
    await popup.getByRole('button', { name: new RegExp(sso.email('alice')) }).click();
    await expect(popup).toHaveURL(/\/setup\/tests\/[0-9a-f-]{36}$/);
    await expect(popup.getByRole('heading', { level: 1, name: 'Connection test: Demo IdP (SAML)' })).toBeVisible();
    await expect(popup.getByText('Passed', { exact: true })).toBeVisible();
    await expect(popup.getByRole('main')).toContainText(sso.email('alice'));
    await expect(popup.getByRole('banner')).toContainText('Set up by setup link: Okta admin Jane');
    await expectNoSeriousAxeViolations(popup);
    await screenshot(popup, testInfo, 'setup-test-result-1280');
    await popup.setViewportSize({ width: 390, height: 844 });
    await expectNoHorizontalScroll(popup);
    await screenshot(popup, testInfo, 'setup-test-result-390');

    const testId = new URL(popup.url()).pathname.split('/').pop()!;
    const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.orgId, sso.org.id), eq(auditEvents.action, 'sso.connection_tested')));
    expect(event).toMatchObject({ actorType: 'setup_link', actorId: link.id, actorLabel: 'setup link: Okta admin Jane' });
    expect((event.metadata as { testId?: string }).testId).toBe(testId);
    // A test signs nobody in: the browser has the setup link and no console session.
    expect((await guest.context.cookies()).map((c) => c.name).filter((name) => name.includes('session-token'))).toEqual([]);
    await popup.goto('/dashboard');
    await expect(popup).toHaveURL(/\/login/);

    // Another org's test result, by its id: nothing of it shows.
    const other = await createOrganization(db, { name: `Elsewhere ${randomBytes(2).toString('hex')}`, plan: 'enterprise' }, by);
    const key = await createIdpCredentials('Elsewhere key');
    const entityId = `https://idp.example.test/${randomBytes(6).toString('hex')}`;
    const metadataXml = metadataWithKeys({ entityId, ssoUrl: `${entityId}/sso` }, [keyDescriptor(key.certBase64, 'signing')]);
    const connection = await createSamlConnection(db, { orgId: other.id, name: 'Okta', metadataXml }, by);
    const [foreign] = await db
      .insert(ssoConnectionTests)
      .values({ orgId: other.id, connectionId: connection.id, testedBy: by.actor, ok: false, failureCode: 'saml_wrong_audience', failureDetail: 'the audience was https://foreign-sp.example.com' })
      .returning();
    await guest.page.goto(`/setup/tests/${foreign.id}`);
    await expect(guest.page.getByRole('heading', { level: 1, name: 'Test result not found' })).toBeVisible();
    await expect(guest.page.getByRole('main')).not.toContainText('foreign-sp.example.com');
    await guest.page.goto(`/setup/tests/${testId}`);
    await expect(guest.page.getByText('Passed', { exact: true })).toBeVisible();
    await guest.context.close();
  } finally {
    await sso.idp.close();
  }
});
