import { randomBytes } from 'node:crypto';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { domains, organizations } from '@/lib/db/schema';
import { addDomain, verificationValue, verifyDomain } from '@/lib/orgs/domains';
import { createOrganization } from '@/lib/orgs/organizations';
import { startTestDnsServer, type TestDnsServer } from '@/lib/testing/dns-server';
import { createMemberWithPassword } from './support/db';
import { signInWithPassword } from './support/pages';
import { expectNoHorizontalScroll, expectNoSeriousAxeViolations, screenshot } from './support/page-checks';

const by = { actor: { type: 'system' as const, label: 'e2e' } };
const db = getDb();
// Long journeys through several pages, each checked with axe at two widths.
test.describe.configure({ timeout: 120_000 });

// The app asks this DNS server (playwright.config.ts: DNS_SERVERS=127.0.0.1:E2E_DNS_PORT).
let dns: TestDnsServer;
test.beforeAll(async () => {
  dns = await startTestDnsServer({ port: Number(process.env.E2E_DNS_PORT) });
});
test.afterAll(async () => {
  await dns?.close();
});

const freshDomain = (prefix = 'corp') => `${prefix}-${randomBytes(4).toString('hex')}.e2e.test`;
const domainsOf = (orgId: string) => db.select().from(domains).where(eq(domains.orgId, orgId));

async function signedInOwner(page: Page) {
  const owner = await createMemberWithPassword('owner');
  await signInWithPassword(page, owner.email, owner.password);
  await expect(page).toHaveURL(/\/dashboard/);
  return owner;
}

const domainSection = (page: Page, domain: string) => page.getByRole('region', { name: domain, exact: true });

async function addDomainInPage(page: Page, domain: string) {
  await page.getByLabel('Domain', { exact: true }).fill(domain);
  await page.getByRole('button', { name: 'Add domain' }).click();
  await expect(domainSection(page, domain)).toBeVisible();
}

function toast(page: Page, text: string | RegExp): Locator {
  return page.locator('[role="status"], [role="alert"]').filter({ hasText: text });
}

test('an owner adds a domain, copies its TXT record, and verifies it against DNS', async ({ page, context }, testInfo) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const owner = await signedInOwner(page);
  await page.goto('/settings/domains');
  await expect(page.getByRole('heading', { level: 1, name: 'Domains' })).toBeVisible();
  await expect(page.getByText('No domains yet.')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Domains' })).toHaveAttribute('aria-current', 'page');

  // Bad input: a clear message, nothing added.
  await page.getByLabel('Domain', { exact: true }).fill('not a domain');
  await page.getByRole('button', { name: 'Add domain' }).click();
  await expect(page.getByText('Enter a domain name like example.com')).toBeVisible();
  await expect(page.getByLabel('Domain', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  expect(await domainsOf(owner.org.id)).toEqual([]);

  const domain = freshDomain();
  await addDomainInPage(page, domain);
  await expect(toast(page, `${domain} added.`)).toBeVisible();
  const [row] = await domainsOf(owner.org.id);
  expect(row).toMatchObject({ domain, verifiedAt: null });
  const expectedValue = verificationValue(row.verificationToken);

  const section = domainSection(page, domain);
  await expect(section.getByText('Pending', { exact: true })).toBeVisible();
  await expect(section).toContainText(`At your DNS provider, add a TXT record on ${domain} with this value. It can take a few minutes`);
  await expect(section.getByRole('definition').filter({ hasText: expectedValue })).toBeVisible();
  await section.getByRole('button', { name: `Copy TXT record value for ${domain}` }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(expectedValue);
  await section.getByRole('button', { name: `Copy TXT record name for ${domain}` }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(domain);
  await expectNoSeriousAxeViolations(page);
  await screenshot(page, testInfo, 'domains-pending-1280');

  // A DNS server that does not answer: the button shows the check running, then the plain-words reason.
  dns.failName(domain, 'timeout');
  await section.getByRole('button', { name: `Verify now ${domain}` }).click();
  await expect(section.getByRole('button', { name: 'Checking DNS…' })).toHaveAttribute('aria-busy', 'true');
  await expect(toast(page, `Could not check ${domain}: the DNS server did not answer in time`)).toBeVisible({ timeout: 15_000 });
  await expect(section.getByRole('button', { name: `Verify now ${domain}` })).toBeVisible();
  dns.clearName(domain);

  // The wrong value: the reason names it, and the domain stays unverified.
  dns.setTxt(domain, ['llm-gateway-verification=an-old-token']);
  await section.getByRole('button', { name: `Verify now ${domain}` }).click();
  const wrongValue = `The verification record on ${domain} has another value: found "llm-gateway-verification=an-old-token", expected "${expectedValue}"`;
  await expect(toast(page, wrongValue).first()).toBeVisible();
  await expect(section.getByText('Last check failed', { exact: true })).toBeVisible();
  await expect(section).toContainText(wrongValue);
  const [afterWrong] = await domainsOf(owner.org.id);
  expect(afterWrong).toMatchObject({ verifiedAt: null, lastCheckFailure: 'wrong_token' });
  await expect(section.locator(`time[datetime="${afterWrong.lastCheckedAt!.toISOString()}"]`)).toBeVisible();
  await screenshot(page, testInfo, 'domains-failed-1280');

  // The right value: verified, with its time.
  dns.setTxt(domain, ['v=spf1 -all', expectedValue]);
  await section.getByRole('button', { name: `Verify now ${domain}` }).click();
  await expect(toast(page, `${domain} is verified.`)).toBeVisible();
  await expect(section.getByText('Verified', { exact: true })).toBeVisible();
  const [verified] = await domainsOf(owner.org.id);
  expect(verified.verifiedAt).not.toBeNull();
  await expect(section.locator(`time[datetime="${verified.verifiedAt!.toISOString()}"]`)).toBeVisible();
  await expect(section.getByRole('button', { name: /Verify now/ })).toHaveCount(0);
  await expect(section.getByText(expectedValue)).toHaveCount(0);

  // Removing asks first; Cancel keeps it, the named button removes it.
  await section.getByRole('button', { name: `Remove ${domain}` }).click();
  const dialog = page.getByRole('dialog', { name: `Remove ${domain}?` });
  await expect(dialog).toContainText('can no longer sign in with SSO');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  expect(await domainsOf(owner.org.id)).toHaveLength(1);
  await section.getByRole('button', { name: `Remove ${domain}` }).click();
  await dialog.getByRole('button', { name: `Remove ${domain}`, exact: true }).click();
  await expect(toast(page, `${domain} removed.`)).toBeVisible();
  await expect(domainSection(page, domain)).toHaveCount(0);
  await expect(page.getByText('No domains yet.')).toBeVisible();
  expect(await domainsOf(owner.org.id)).toEqual([]);
});

test('a domain another organization verified is refused with the reason, and nothing is added', async ({ page }) => {
  const owner = await signedInOwner(page);
  const taken = freshDomain('taken');
  const other = await createOrganization(db, { name: `Other ${randomBytes(2).toString('hex')}`, plan: 'enterprise' }, by);
  await addDomain(db, other.id, taken, by);
  await verifyDomain(db, other.id, taken, by, { skipDns: true });

  await page.goto('/settings/domains');
  await page.getByLabel('Domain', { exact: true }).fill(taken.toUpperCase());
  await page.getByRole('button', { name: 'Add domain' }).click();
  await expect(page.getByText(`${taken} is already verified by another organization`)).toBeVisible();
  await expect(domainSection(page, taken)).toHaveCount(0);
  expect(await domainsOf(owner.org.id)).toEqual([]);
});

test('the last verified domain of an SSO-only organization cannot be removed, and says why', async ({ page }) => {
  const owner = await signedInOwner(page);
  const domain = freshDomain('only');
  await addDomain(db, owner.org.id, domain, by);
  await verifyDomain(db, owner.org.id, domain, by, { skipDns: true });
  await db.update(organizations).set({ ssoOnly: true }).where(eq(organizations.id, owner.org.id));

  await page.goto('/settings/domains');
  const section = domainSection(page, domain);
  await section.getByRole('button', { name: `Remove ${domain}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: `Remove ${domain}`, exact: true }).click();
  await expect(section.getByRole('alert')).toContainText(`${domain} is the only verified domain and SSO-only is on`);
  expect(await domainsOf(owner.org.id)).toHaveLength(1);
});

test('members and viewers get the refusal page, with no domain shown', async ({ page }) => {
  for (const role of ['member', 'viewer'] as const) {
    const person = await createMemberWithPassword(role);
    const domain = freshDomain(role);
    await addDomain(db, person.org.id, domain, by);
    await signInWithPassword(page, person.email, person.password);
    await expect(page).toHaveURL(/\/dashboard/);
    await page.goto('/settings/domains');
    await expect(page.getByRole('heading', { level: 1, name: 'You need the Admin role' })).toBeVisible();
    await expect(page.getByRole('main')).not.toContainText(domain);
    await expect(page.getByLabel('Domain', { exact: true })).toHaveCount(0);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login/);
  }
});

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
]) {
  test(`the Domains page with every state fits ${viewport.width} px and passes axe`, async ({ page }, testInfo) => {
    await page.setViewportSize(viewport);
    const owner = await signedInOwner(page);
    const [verified, pending, failed] = [freshDomain('a-verified-subsidiary-with-a-long-name'), freshDomain('pending'), freshDomain('failed')];
    for (const domain of [verified, pending, failed]) await addDomain(db, owner.org.id, domain, by);
    await verifyDomain(db, owner.org.id, verified, by, { skipDns: true });
    dns.setTxt(failed, ['llm-gateway-verification=an-old-token']);
    await expect(verifyDomain(db, owner.org.id, failed, by, { dns: { servers: [dns.address] } })).rejects.toThrow(/has another value/);

    await page.goto('/settings/domains');
    await expect(domainSection(page, verified).getByText('Verified', { exact: true })).toBeVisible();
    await expect(domainSection(page, pending).getByText('Pending', { exact: true })).toBeVisible();
    await expect(domainSection(page, failed).getByText('Last check failed', { exact: true })).toBeVisible();
    await expectNoHorizontalScroll(page);
    await expectNoSeriousAxeViolations(page);
    await screenshot(page, testInfo, `domains-${viewport.width}`);

    await domainSection(page, pending).getByRole('button', { name: `Remove ${pending}` }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await expectNoHorizontalScroll(page);
    await expectNoSeriousAxeViolations(page);
    await screenshot(page, testInfo, `domains-remove-dialog-${viewport.width}`);
  });
}
