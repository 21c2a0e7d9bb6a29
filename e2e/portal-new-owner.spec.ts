import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { expect, test, type Page } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { domains, memberships, organizations, sessions, users } from '@/lib/db/schema';
import { createIdpCredentials } from '@/lib/demo-idp/credentials';
import { createDemoDirectory } from '@/lib/demo-idp/directory';
import { startDemoIdp } from '@/lib/demo-idp/server';
import { verificationValue } from '@/lib/orgs/domains';
import { describeSigningCertificate } from '@/lib/sso/metadata/certificates';
import { startTestDnsServer, type TestDnsServer } from '@/lib/testing/dns-server';
import { latestEmail, linkIn } from './support/db';
import { expectSignedIn, signInWithPassword } from './support/pages';

/**
 * The whole first hour of a new customer, in the browser: sign up, verify the email, get the
 * enterprise plan from the operator's CLI, then verify the domain and connect the IdP over SAML
 * and OIDC in the portal, test each connection, and let employees in.
 */

const db = getDb();
const PASSWORD = 'compilers are fun';
/** The first save of a fresh server also starts SAML Jackson (seconds on a busy machine). */
const SAVE_TIMEOUT = 30_000;

let dns: TestDnsServer;
test.beforeAll(async () => {
  dns = await startTestDnsServer({ port: Number(process.env.E2E_DNS_PORT) });
});
test.afterAll(async () => {
  await dns?.close();
});

/** `npm run admin -- …` against the test database, as the operator runs it. */
async function adminCli(...args: string[]) {
  const { stdout } = await promisify(execFile)('npx', ['tsx', 'lib/cli/admin.ts', ...args], { env: process.env, timeout: 60_000 });
  return stdout;
}

const toast = (page: Page, text: string) => page.getByRole('status').filter({ hasText: text });

async function testConnection(page: Page, connectionName: string) {
  const popup = page.waitForEvent('popup');
  await page.getByRole('row', { name: `Connection ${connectionName}` }).getByRole('button', { name: /^Test/ }).click();
  return popup;
}

test('a new owner signs up, verifies the domain, connects SAML and OIDC in the portal, tests both, and employees sign in', async ({ page, context, browser, baseURL }) => {
  test.setTimeout(180_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const domain = `navy-${randomBytes(4).toString('hex')}.e2e.test`;
  const credentials = await createIdpCredentials();
  const idp = await startDemoIdp({ credentials, directory: createDemoDirectory(domain), appUrl: baseURL! });
  try {
    // Sign up and verify the email.
    const ownerEmail = `grace@${domain}`;
    await page.goto('/signup');
    await page.getByLabel('Full name').fill('Grace Hopper');
    await page.getByLabel('Work email').fill(ownerEmail);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Organization name').fill(`Navy ${domain.slice(5, 9)}`);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByRole('main').getByRole('status')).toContainText(`we sent a link to ${ownerEmail}`);
    await page.goto(linkIn((await latestEmail(ownerEmail, 'Verify your email address')).text));
    await expect(page.getByRole('main').getByRole('status')).toHaveText('Your email address is verified. You can sign in now.');

    // The operator puts the org on the enterprise plan and maps the IdP's groups (the rules page is part 2).
    const [{ org }] = await db
      .select({ org: organizations })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .innerJoin(organizations, eq(organizations.id, memberships.orgId))
      .where(eq(users.email, ownerEmail));
    expect(await adminCli('org', 'set-plan', '--org', org.slug, '--plan', 'enterprise')).toContain('enterprise');
    await adminCli('rules', 'add', '--org', org.slug, '--group', 'ai-admins', '--role', 'admin');
    await adminCli('rules', 'add', '--org', org.slug, '--group', 'engineering', '--role', 'member');

    await signInWithPassword(page, ownerEmail, PASSWORD);
    await expectSignedIn(page);
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Domains' }).click();

    // Verify the domain against the DNS server the app asks.
    await page.getByLabel('Domain', { exact: true }).fill(domain);
    await page.getByRole('button', { name: 'Add domain' }).click();
    const domainSection = page.getByRole('region', { name: domain, exact: true });
    await expect(domainSection.getByText('Pending', { exact: true })).toBeVisible();
    await domainSection.getByRole('button', { name: `Copy TXT record value for ${domain}` }).click();
    const txtValue = await page.evaluate(() => navigator.clipboard.readText());
    const [pending] = await db.select().from(domains).where(eq(domains.domain, domain));
    expect(txtValue).toBe(verificationValue(pending.verificationToken));
    dns.setTxt(domain, [txtValue]);
    await domainSection.getByRole('button', { name: `Verify now ${domain}` }).click();
    await expect(domainSection.getByText('Verified', { exact: true })).toBeVisible();

    // SAML: our values for the IdP, then the IdP's metadata pasted, checked and saved.
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'SSO connections' }).click();
    const ourSide = page.getByRole('region', { name: 'Our side: values for your IdP' });
    await ourSide.getByRole('button', { name: 'Copy ACS URL' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${baseURL}/api/sso/saml/acs`);
    await page.getByRole('button', { name: 'Add your first connection' }).click();
    const samlForm = page.getByRole('region', { name: 'Add a SAML connection' });
    await samlForm.getByLabel('Connection name').fill('Navy SAML');
    await samlForm.getByLabel('Paste XML').check();
    await samlForm.getByLabel('Metadata XML').fill(idp.samlMetadata);
    await samlForm.getByRole('button', { name: 'Check metadata' }).click();
    const preview = samlForm.getByRole('region', { name: 'Detected in the metadata' });
    await expect(preview.getByTestId('preview-entity-id')).toHaveText(idp.samlEntityId);
    await expect(preview).toContainText(`${idp.url}/saml/sso`);
    await expect(preview).toContainText(describeSigningCertificate(credentials.certBase64).fingerprintSha256);
    await samlForm.getByRole('button', { name: 'Save connection' }).click();
    await expect(toast(page, 'Connection Navy SAML saved.')).toBeVisible({ timeout: SAVE_TIMEOUT });

    const sessionsBefore = (await db.select().from(sessions)).length;
    const samlTest = await testConnection(page, 'Navy SAML');
    await expect(samlTest).toHaveURL(new RegExp(`^${idp.url}/saml/sso`), { timeout: 30_000 });
    await samlTest.getByRole('button', { name: new RegExp(`alice@${domain}`) }).click();
    await expect(samlTest.getByText('Passed', { exact: true })).toBeVisible();
    await expect(samlTest.getByRole('region', { name: 'What the IdP sent' })).toContainText(`alice@${domain}`);
    await expect(samlTest.getByTestId('test-role')).toHaveText('Admin');
    await samlTest.close();

    // OIDC: by discovery URL, tested as bob.
    await page.getByRole('button', { name: 'Add OIDC connection' }).click();
    const oidcForm = page.getByRole('region', { name: 'Add an OIDC connection' });
    await oidcForm.getByLabel('Connection name').fill('Navy OIDC');
    await oidcForm.getByLabel('Discovery URL').fill(idp.oidcDiscoveryUrl);
    await oidcForm.getByLabel('Client ID').fill(idp.oidcClient.clientId);
    await oidcForm.getByLabel('Client secret').fill(idp.oidcClient.clientSecret);
    await oidcForm.getByRole('button', { name: 'Save connection' }).click();
    await expect(toast(page, 'Connection Navy OIDC saved.')).toBeVisible({ timeout: SAVE_TIMEOUT });
    const oidcTest = await testConnection(page, 'Navy OIDC');
    await expect(oidcTest).toHaveURL(new RegExp(`^${idp.url}/oidc/interaction/`), { timeout: 30_000 });
    await oidcTest.getByRole('button', { name: new RegExp(`bob@${domain}`) }).click();
    await expect(oidcTest.getByText('Passed', { exact: true })).toBeVisible();
    await expect(oidcTest.getByRole('region', { name: 'What the IdP sent' })).toContainText(`bob@${domain}`);
    await expect(oidcTest.getByTestId('test-role')).toHaveText('Member');
    await oidcTest.close();

    // Neither test signed anyone in or up.
    expect(await db.select().from(users).where(eq(users.email, `alice@${domain}`))).toEqual([]);
    expect(await db.select().from(users).where(eq(users.email, `bob@${domain}`))).toEqual([]);
    expect((await db.select().from(sessions)).length).toBe(sessionsBefore);

    // Employees sign in, each in a browser of their own, through the connection they pick.
    const aliceContext = await browser.newContext();
    const alice = await aliceContext.newPage();
    await alice.goto('/login');
    await alice.getByLabel('Work email').fill(`alice@${domain}`);
    await alice.getByRole('button', { name: 'Continue with SSO' }).click();
    await alice.getByRole('group', { name: 'Choose your identity provider' }).getByRole('button', { name: 'Navy SAML' }).click();
    await expect(alice).toHaveURL(new RegExp(`^${idp.url}/saml/sso`), { timeout: 30_000 });
    await alice.getByRole('button', { name: new RegExp(`alice@${domain}`) }).click();
    await expectSignedIn(alice);
    await expect(alice.getByTestId('current-role')).toHaveText('Admin');
    await aliceContext.close();

    const bobContext = await browser.newContext();
    const bob = await bobContext.newPage();
    await bob.goto('/login');
    await bob.getByLabel('Work email').fill(`bob@${domain}`);
    await bob.getByRole('button', { name: 'Continue with SSO' }).click();
    await bob.getByRole('group', { name: 'Choose your identity provider' }).getByRole('button', { name: 'Navy OIDC' }).click();
    await expect(bob).toHaveURL(new RegExp(`^${idp.url}/oidc/interaction/`), { timeout: 30_000 });
    await bob.getByRole('button', { name: new RegExp(`bob@${domain}`) }).click();
    await expectSignedIn(bob);
    await expect(bob.getByTestId('current-role')).toHaveText('Member');
    await bobContext.close();
  } finally {
    await idp.close();
  }
});
