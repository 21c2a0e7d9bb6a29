import { expect, test, type Page } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { memberships, sessions, ssoConnections, ssoConnectionTests, users } from '@/lib/db/schema';
import { createIdpCredentials } from '@/lib/demo-idp/credentials';
import { createSamlConnection } from '@/lib/sso/connections';
import { describeSigningCertificate } from '@/lib/sso/metadata/certificates';
import { keyDescriptor, metadataWithKeys, PRODUCT_ENDPOINTS } from '@/lib/sso/metadata/test-metadata';
import { formatDate } from '@/components/ui/date-time';
import { addPasswordMember, createMemberWithPassword } from './support/db';
import { setupSsoOrg } from './support/idp';
import { expectSignedIn, signInWithPassword, signInWithSamlAt } from './support/pages';
import { checkAtBothWidths } from './support/page-checks';

const by = { actor: { type: 'system' as const, label: 'e2e' } };
const db = getDb();
// Long journeys through several pages, each checked with axe at two widths.
test.describe.configure({ timeout: 120_000 });
const DAY = 86_400_000;
/** The first save of a fresh server also starts SAML Jackson (seconds on a busy machine). */
const SAVE_TIMEOUT = 30_000;

const personIn = addPasswordMember;

async function signIn(page: Page, person: { email: string; password: string }) {
  await signInWithPassword(page, person.email, person.password);
  await expect(page).toHaveURL(/\/dashboard/);
}

const connectionsOf = (orgId: string) => db.select().from(ssoConnections).where(eq(ssoConnections.orgId, orgId));

function toast(page: Page, text: string | RegExp) {
  return page.getByRole('status').filter({ hasText: text });
}

/** Starts "Test" on a row; the IdP's login opens in a new window, which is returned. */
async function startTest(page: Page, connectionName: string) {
  const popup = page.waitForEvent('popup');
  await page.getByRole('row', { name: `Connection ${connectionName}` }).getByRole('button', { name: /^Test/ }).click();
  return popup;
}

test('SAML: an owner pastes the IdP metadata, sees what it holds before saving, tests it without signing anyone in, then alice signs in as Admin', async ({ page, context, browser, baseURL }, testInfo) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const sso = await setupSsoOrg(baseURL!);
  try {
    const owner = await personIn(sso.org.id, 'owner');
    await signIn(page, owner);
    await page.goto('/settings/sso');
    await expect(page.getByRole('heading', { level: 1, name: 'SSO connections' })).toBeVisible();
    await expect(page.getByText('No SSO connection yet')).toBeVisible();
    await checkAtBothWidths(page, testInfo, 'sso-empty');

    const ourSide = page.getByRole('region', { name: 'Our side: values for your IdP' });
    await ourSide.getByRole('button', { name: 'Copy ACS URL' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${baseURL}/api/sso/saml/acs`);
    await expect(ourSide.getByRole('link', { name: 'Download SP metadata' })).toHaveAttribute('href', '/api/sso/saml/metadata');

    await page.getByRole('button', { name: 'Add your first connection' }).click();
    const form = page.getByRole('region', { name: 'Add a SAML connection' });
    await expect(form.getByLabel('Connection name')).toBeFocused();
    await form.getByLabel('Paste XML').check();
    const metadata = await (await fetch(`${sso.idp.url}/saml/metadata`)).text();
    await form.getByLabel('Metadata XML').fill(metadata);
    await form.getByLabel('Connection name').fill('Demo IdP');
    await form.getByRole('button', { name: 'Check metadata' }).click();

    const preview = form.getByRole('region', { name: 'Detected in the metadata' });
    await expect(preview.getByTestId('preview-entity-id')).toHaveText(sso.idp.samlEntityId);
    await expect(preview).toContainText(`${sso.idp.url}/saml/sso`);
    await expect(preview).toContainText('HTTP-Redirect');
    await expect(preview).toContainText(describeSigningCertificate(sso.credentials.certBase64).fingerprintSha256);
    await expect(preview).toContainText('CN=Demo IdP');
    expect(await connectionsOf(sso.org.id)).toEqual([]);
    await checkAtBothWidths(page, testInfo, 'sso-add-saml-checked');

    await form.getByRole('button', { name: 'Save connection' }).click();
    await expect(toast(page, 'Connection Demo IdP saved.')).toBeVisible({ timeout: SAVE_TIMEOUT });
    const row = page.getByRole('row', { name: 'Connection Demo IdP' });
    await expect(row).toContainText('SAML 2.0');
    await expect(row).toContainText('Enabled');
    await expect(row).toContainText(sso.idp.samlEntityId);
    await expect(row).toContainText('Not tested');
    expect(await connectionsOf(sso.org.id)).toHaveLength(1);

    const sessionsBefore = await db.select().from(sessions).where(eq(sessions.activeOrgId, sso.org.id));
    const popup = await startTest(page, 'Demo IdP');
    await expect(popup).toHaveURL(new RegExp(`^${sso.idp.url}/saml/sso`), { timeout: 30_000 });
    await popup.getByRole('button', { name: new RegExp(sso.email('alice')) }).click();
    await expect(popup).toHaveURL(/\/settings\/sso\/tests\/[0-9a-f-]{36}$/);
    await expect(popup.getByRole('heading', { level: 1, name: 'Connection test: Demo IdP' })).toBeVisible();
    await expect(popup.getByText('Passed', { exact: true })).toBeVisible();
    const claims = popup.getByRole('region', { name: 'What the IdP sent' });
    await expect(claims).toContainText(sso.email('alice'));
    await expect(claims).toContainText('Alice Admin');
    await expect(claims.getByRole('list', { name: 'Groups' })).toHaveText('ai-admins');
    const outcome = popup.getByRole('region', { name: 'What a real sign-in would do' });
    await expect(outcome.getByTestId('test-role')).toHaveText('Admin');
    await expect(outcome).toContainText('the rule for group “ai-admins” → Admin');
    await expect(outcome).toContainText('would be created at the first sign-in');
    await claims.getByText('All attributes').click();
    await expect(claims).toContainText('firstName');
    await checkAtBothWidths(popup, testInfo, 'sso-test-passed');
    const resultPath = new URL(popup.url()).pathname;

    // The console page stayed where it was, and the test signed nobody in or up.
    await expect(page).toHaveURL(/\/settings\/sso$/);
    expect(await db.select().from(users).where(eq(users.email, sso.email('alice')))).toEqual([]);
    expect((await db.select().from(memberships).where(eq(memberships.orgId, sso.org.id))).map((m) => m.userId)).toEqual([owner.user.id]);
    expect(await db.select().from(sessions).where(eq(sessions.activeOrgId, sso.org.id))).toHaveLength(sessionsBefore.length);
    await popup.close();

    await page.reload();
    const latest = row.getByRole('link', { name: /Passed/ });
    await expect(latest).toHaveAttribute('href', resultPath);
    await checkAtBothWidths(page, testInfo, 'sso-list');

    const aliceContext = await browser.newContext();
    const alice = await aliceContext.newPage();
    await signInWithSamlAt(alice, sso.idp.url, sso.email('alice'));
    await expectSignedIn(alice);
    await expect(alice.getByTestId('current-role')).toHaveText('Admin');
    await aliceContext.close();
  } finally {
    await sso.idp.close();
  }
});

test('OIDC: an owner adds the IdP by its discovery URL, tests it and sees the claims; the secret is never shown again', async ({ page, browser, baseURL }) => {
  const sso = await setupSsoOrg(baseURL!);
  try {
    const owner = await personIn(sso.org.id, 'owner');
    await signIn(page, owner);
    await page.goto('/settings/sso');
    await page.getByRole('button', { name: 'Add OIDC connection' }).click();
    const form = page.getByRole('region', { name: 'Add an OIDC connection' });
    await form.getByLabel('Connection name').fill('Demo OIDC');
    await form.getByLabel('Discovery URL').fill(sso.idp.oidcDiscoveryUrl);
    await form.getByLabel('Client ID').fill(sso.idp.oidcClient.clientId);
    await form.getByLabel('Client secret').fill(sso.idp.oidcClient.clientSecret);
    await form.getByRole('button', { name: 'Save connection' }).click();
    await expect(toast(page, 'Connection Demo OIDC saved.')).toBeVisible({ timeout: SAVE_TIMEOUT });
    const row = page.getByRole('row', { name: 'Connection Demo OIDC' });
    await expect(row).toContainText('OIDC');
    await expect(row).toContainText(`${sso.idp.url}/oidc`);
    await expect(row).toContainText('Not used by OIDC');
    expect(await page.content()).not.toContain(sso.idp.oidcClient.clientSecret);

    const popup = await startTest(page, 'Demo OIDC');
    await expect(popup).toHaveURL(new RegExp(`^${sso.idp.url}/oidc/interaction/`), { timeout: 30_000 });
    await popup.getByRole('button', { name: new RegExp(sso.email('alice')) }).click();
    await expect(popup).toHaveURL(/\/settings\/sso\/tests\/[0-9a-f-]{36}$/);
    await expect(popup.getByText('Passed', { exact: true })).toBeVisible();
    const claims = popup.getByRole('region', { name: 'What the IdP sent' });
    await expect(claims).toContainText(sso.email('alice'));
    await expect(claims.getByRole('list', { name: 'Groups' })).toHaveText('ai-admins');
    await expect(popup.getByTestId('test-role')).toHaveText('Admin');
    expect(await db.select().from(users).where(eq(users.email, sso.email('alice')))).toEqual([]);
    await popup.close();

    // The secret is write-only: replaceable, never shown.
    await row.getByRole('button', { name: /^Manage/ }).click();
    const panel = page.getByRole('region', { name: 'Manage Demo OIDC' });
    await expect(panel.getByRole('heading', { name: 'Manage Demo OIDC' })).toBeFocused();
    await panel.getByRole('button', { name: 'Replace secret' }).click();
    await panel.getByLabel('New client secret').fill(sso.idp.oidcClient.clientSecret);
    await panel.getByRole('button', { name: 'Save changes' }).click();
    await expect(toast(page, 'Connection Demo OIDC saved; its client secret was replaced.')).toBeVisible({ timeout: SAVE_TIMEOUT });
    expect(await page.content()).not.toContain(sso.idp.oidcClient.clientSecret);

    // The replaced secret works: alice signs in through the connection.
    const aliceContext = await browser.newContext();
    const alice = await aliceContext.newPage();
    await alice.goto('/login');
    await alice.getByLabel('Work email').fill(sso.email('alice'));
    await alice.getByRole('button', { name: 'Continue with SSO' }).click();
    await expect(alice).toHaveURL(new RegExp(`^${sso.idp.url}/oidc/interaction/`), { timeout: 30_000 });
    await alice.getByRole('button', { name: new RegExp(sso.email('alice')) }).click();
    await expectSignedIn(alice);
    await expect(alice.getByTestId('current-role')).toHaveText('Admin');
    await aliceContext.close();
  } finally {
    await sso.idp.close();
  }
});

test('bad metadata and an unreachable discovery URL are refused next to the field, and nothing is saved', async ({ page, baseURL }, testInfo) => {
  const owner = await createMemberWithPassword('owner');
  await signIn(page, owner);
  await page.goto('/settings/sso');
  const table = page.getByRole('table', { name: 'SSO connections of this organization' });

  await page.getByRole('button', { name: 'Add SAML connection' }).click();
  const form = page.getByRole('region', { name: 'Add a SAML connection' });
  await form.getByLabel('Connection name').fill('Refused');
  const url = form.getByLabel('Metadata URL');
  await url.fill('http://169.254.169.254/latest/meta-data/');
  await form.getByRole('button', { name: 'Check metadata' }).click();
  await expect(url).toHaveAttribute('aria-invalid', 'true');
  await expect(url).toHaveAccessibleDescription('The metadata URL points at the cloud metadata service 169.254.169.254; it is never fetched');
  await expect(form.getByRole('region', { name: 'Detected in the metadata' })).toHaveCount(0);
  await expect(form.getByRole('button', { name: 'Save connection' })).toHaveCount(0);
  await checkAtBothWidths(page, testInfo, 'sso-add-saml-refused');

  await form.getByLabel('Paste XML').check();
  const xml = form.getByLabel('Metadata XML');
  await xml.fill('this is not <xml');
  await form.getByRole('button', { name: 'Check metadata' }).click();
  await expect(xml).toHaveAccessibleDescription(/^The IdP metadata is not XML/);
  await xml.fill('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]><x>&e;</x>');
  await form.getByRole('button', { name: 'Check metadata' }).click();
  await expect(xml).toHaveAccessibleDescription(/contains a DOCTYPE or ENTITY declaration/);

  // Our own SP metadata is well-formed SAML metadata, but not an identity provider's.
  await form.getByLabel('Upload a file').check();
  const spMetadata = await (await fetch(`${baseURL}/api/sso/saml/metadata`)).text();
  const file = form.getByLabel('Metadata file');
  await file.setInputFiles({ name: 'sp-metadata.xml', mimeType: 'application/xml', buffer: Buffer.from(spMetadata) });
  await form.getByRole('button', { name: 'Check metadata' }).click();
  await expect(file).toHaveAccessibleDescription(/service provider’s metadata \(SPSSODescriptor\)|service provider's metadata \(SPSSODescriptor\)/);
  await expect(table).toHaveCount(0);

  await page.getByRole('button', { name: 'Add OIDC connection' }).click();
  const oidc = page.getByRole('region', { name: 'Add an OIDC connection' });
  await oidc.getByLabel('Connection name').fill('Unreachable');
  await oidc.getByLabel('Discovery URL').fill('http://127.0.0.1:9/.well-known/openid-configuration');
  await oidc.getByLabel('Client ID').fill('client');
  await oidc.getByLabel('Client secret').fill('secret');
  await oidc.getByRole('button', { name: 'Save connection' }).click();
  await expect(oidc.getByLabel('Discovery URL')).toHaveAccessibleDescription(/^The OIDC discovery document could not be used/);
  await checkAtBothWidths(page, testInfo, 'sso-add-oidc-refused');

  await expect(table).toHaveCount(0);
  expect(await connectionsOf(owner.org.id)).toEqual([]);
});

test('a connection added by metadata URL is refreshed, renamed with its own attribute names, turned off and on, and deleted after typing its name', async ({ page, baseURL }) => {
  const sso = await setupSsoOrg(baseURL!);
  try {
    const owner = await personIn(sso.org.id, 'admin');
    await signIn(page, owner);
    await page.goto('/settings/sso');
    await page.getByRole('button', { name: 'Add SAML connection' }).click();
    const form = page.getByRole('region', { name: 'Add a SAML connection' });
    await form.getByLabel('Connection name').fill('By URL');
    await form.getByLabel('Metadata URL').fill(`${sso.idp.url}/saml/metadata`);
    await form.getByRole('button', { name: 'Check metadata' }).click();
    await expect(form.getByTestId('preview-entity-id')).toHaveText(sso.idp.samlEntityId);
    await form.getByRole('button', { name: 'Save connection' }).click();
    await expect(toast(page, 'Connection By URL saved.')).toBeVisible({ timeout: SAVE_TIMEOUT });
    const [saved] = await connectionsOf(sso.org.id);
    expect(saved.metadataUrl).toBe(`${sso.idp.url}/saml/metadata`);

    await page.getByRole('row', { name: 'Connection By URL' }).getByRole('button', { name: /^Manage/ }).click();
    let panel = page.getByRole('region', { name: 'Manage By URL' });
    await panel.getByRole('button', { name: 'Refresh metadata' }).click();
    await expect(toast(page, 'Metadata of By URL refreshed: 1 signing certificate.')).toBeVisible();
    await expect(panel).toContainText('Last read');

    await panel.getByLabel('Connection name').fill('Renamed IdP');
    await panel.getByLabel('Groups attribute names').fill('memberOf, roles');
    await panel.getByRole('button', { name: 'Save changes' }).click();
    await expect(toast(page, 'Connection Renamed IdP saved.')).toBeVisible({ timeout: SAVE_TIMEOUT });
    const row = page.getByRole('row', { name: 'Connection Renamed IdP' });
    await expect(row).toBeVisible();
    expect((await connectionsOf(sso.org.id))[0].attributeMapping.groups).toEqual(['memberOf', 'roles']);

    panel = page.getByRole('region', { name: 'Manage Renamed IdP' });
    await panel.getByRole('button', { name: 'Disable' }).click();
    await page.getByRole('dialog', { name: 'Disable Renamed IdP?' }).getByRole('button', { name: 'Disable Renamed IdP' }).click();
    await expect(row).toContainText('Disabled');
    await panel.getByRole('button', { name: 'Enable' }).click();
    await expect(row).toContainText('Enabled');

    await panel.getByRole('button', { name: 'Delete connection' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete Renamed IdP?' });
    const confirm = dialog.getByRole('button', { name: 'Delete Renamed IdP' });
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel('Type Renamed IdP to confirm').fill('Renamed');
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel('Type Renamed IdP to confirm').fill('Renamed IdP');
    await confirm.click();
    await expect(toast(page, 'Connection Renamed IdP deleted.')).toBeVisible();
    await expect(page.getByText('No SSO connection yet')).toBeVisible();
    expect(await connectionsOf(sso.org.id)).toEqual([]);
  } finally {
    await sso.idp.close();
  }
});

test('a connection with two signing certificates lists both; one can be removed after confirming, the last cannot', async ({ page }, testInfo) => {
  const owner = await createMemberWithPassword('owner');
  const [oldKey, newKey] = [await createIdpCredentials('Old signing key'), await createIdpCredentials('New signing key')];
  const metadata = metadataWithKeys(PRODUCT_ENDPOINTS.okta, [keyDescriptor(oldKey.certBase64, 'signing'), keyDescriptor(newKey.certBase64, 'signing')]);
  await signIn(page, owner);
  await page.goto('/settings/sso');
  await page.getByRole('button', { name: 'Add SAML connection' }).click();
  const form = page.getByRole('region', { name: 'Add a SAML connection' });
  await form.getByLabel('Upload a file').check();
  await form.getByLabel('Metadata file').setInputFiles({ name: 'okta-metadata.xml', mimeType: 'application/xml', buffer: Buffer.from(metadata) });
  await form.getByRole('button', { name: 'Check metadata' }).click();
  const preview = form.getByRole('region', { name: 'Detected in the metadata' });
  await expect(preview).toContainText('Okta');
  await expect(preview).toContainText('Signing certificates (2)');
  await expect(form.getByLabel('Connection name')).toHaveValue('Okta');
  await form.getByRole('button', { name: 'Save connection' }).click();
  await expect(toast(page, 'Connection Okta saved.')).toBeVisible({ timeout: SAVE_TIMEOUT });

  await page.getByRole('row', { name: 'Connection Okta' }).getByRole('button', { name: /^Manage/ }).click();
  const certificates = page.getByRole('region', { name: 'Manage Okta' }).getByRole('list', { name: 'Signing certificates of Okta' });
  await expect(certificates.getByRole('listitem')).toHaveCount(2);
  const oldOne = certificates.getByRole('listitem', { name: /CN=Old signing key/ });
  await expect(oldOne).toContainText(describeSigningCertificate(oldKey.certBase64).fingerprintSha256);
  await checkAtBothWidths(page, testInfo, 'sso-certificates');

  await oldOne.getByRole('button', { name: /^Remove/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove this signing certificate?' });
  await expect(dialog).toContainText(describeSigningCertificate(oldKey.certBase64).fingerprintSha256);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(certificates.getByRole('listitem')).toHaveCount(2);
  await oldOne.getByRole('button', { name: /^Remove/ }).click();
  await dialog.getByRole('button', { name: 'Remove certificate' }).click();
  await expect(toast(page, 'Signing certificate removed from Okta.')).toBeVisible();
  await expect(certificates.getByRole('listitem')).toHaveCount(1);
  await expect(certificates.getByRole('listitem')).toContainText('CN=New signing key');
  await expect(certificates.getByRole('button', { name: /^Remove/ })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Signing certificates' })).toContainText('only signing certificate, so it cannot be removed');
  const [connection] = await connectionsOf(owner.org.id);
  expect(connection.signingCertificates).toEqual([newKey.certBase64]);
});

test('a certificate inside 30 days of expiry is flagged in the list and in a console banner that names the connection and the date', async ({ page }, testInfo) => {
  const owner = await createMemberWithPassword('owner');
  const notAfter = new Date(Date.now() + 10 * DAY);
  const expiring = await createIdpCredentials('Expiring key', { notAfter });
  await createSamlConnection(db, { orgId: owner.org.id, name: 'Expiring IdP', metadataXml: metadataWithKeys(PRODUCT_ENDPOINTS.entra, [keyDescriptor(expiring.certBase64, 'signing')]) }, by);
  const expired = await createIdpCredentials('Expired key', { notBefore: new Date(Date.now() - 40 * DAY), notAfter: new Date(Date.now() - 2 * DAY) });
  await createSamlConnection(db, { orgId: owner.org.id, name: 'Expired IdP', metadataXml: metadataWithKeys(PRODUCT_ENDPOINTS.google, [keyDescriptor(expired.certBase64, 'signing')]) }, by);

  await signIn(page, owner);
  const banner = page.getByRole('region', { name: 'SSO certificate warning' });
  await expect(banner).toContainText(`The signing certificate of Expiring IdP expires on ${formatDate(notAfter)}.`);
  await expect(banner).toContainText('The signing certificate of Expired IdP expired on');
  await checkAtBothWidths(page, testInfo, 'sso-certificate-banner');
  await banner.getByRole('link', { name: 'Review SSO connections' }).click();
  await expect(page).toHaveURL(/\/settings\/sso$/);
  const expiringRow = page.getByRole('row', { name: 'Connection Expiring IdP' });
  await expect(expiringRow.getByText('Expires soon')).toBeVisible();
  await expect(expiringRow).toContainText(formatDate(notAfter));
  await expect(page.getByRole('row', { name: 'Connection Expired IdP' }).getByText('Expired', { exact: true })).toBeVisible();

  // Members are not told (and could not act on it).
  const member = await personIn(owner.org.id, 'member');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await signIn(page, member);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'SSO certificate warning' })).toHaveCount(0);
});

test('members and viewers are refused the SSO page and test results; another org’s test result is a 404; a failed test names its check', async ({ page }, testInfo) => {
  const owner = await createMemberWithPassword('owner');
  const [failed] = await db
    .insert(ssoConnectionTests)
    .values({ orgId: owner.org.id, connectionId: 'conn_deleted', testedBy: { type: 'user', label: owner.email }, ok: false, failureCode: 'saml_wrong_audience', failureDetail: 'audience ["https://another-sp.example.com"] is not ours' })
    .returning();

  for (const role of ['member', 'viewer'] as const) {
    const person = await personIn(owner.org.id, role);
    await signIn(page, person);
    for (const url of ['/settings/sso', `/settings/sso/tests/${failed.id}`]) {
      const response = await page.goto(url);
      expect(response?.status(), url).toBe(200);
      await expect(page.getByRole('heading', { level: 1, name: 'You need the Admin role' })).toBeVisible();
      await expect(page.getByRole('main')).not.toContainText('another-sp.example.com');
    }
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login/);
  }

  const stranger = await createMemberWithPassword('owner');
  await signIn(page, stranger);
  expect((await page.goto(`/settings/sso/tests/${failed.id}`))?.status()).toBe(404);
  expect((await page.goto('/settings/sso/tests/not-a-test-id'))?.status()).toBe(404);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);

  await signIn(page, owner);
  await page.goto(`/settings/sso/tests/${failed.id}`);
  await expect(page.getByText('Failed: Audience')).toBeVisible();
  await expect(page.getByRole('main')).toContainText('saml_wrong_audience');
  await expect(page.getByRole('main')).toContainText('another-sp.example.com');
  await expect(page.getByRole('main')).toContainText('No claims are shown');
  await checkAtBothWidths(page, testInfo, 'sso-test-failed');
});
