import { expect, test, type Page } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { apiKeys } from '@/lib/db/schema';
import { createApiKey } from '@/lib/gateway/api-keys';
import { createProject } from '@/lib/gateway/projects';
import { addMember } from '@/lib/orgs/members';
import { setBreakGlass, setSsoOnly } from '@/lib/sso/sso-only';
import { createUser } from '@/lib/users/create-user';
import { setupSamlOrg } from './support/idp';
import { addVirtualAuthenticator, expectSignedIn, pageAlert, signInWithPassword, signInWithSamlAt } from './support/pages';

const by = { actor: { type: 'system' as const, label: 'e2e' } };
const password = 'local password 123';
const SSO_REQUIRED = 'Your organization requires single sign-on. Use “Continue with SSO” with your work email.';

async function ssoLogin(page: Page, idpUrl: string, email: string) {
  await signInWithSamlAt(page, idpUrl, email);
  await expectSignedIn(page);
}

test('SSO-only: password and passkey refused, break-glass works, an existing user moves to SSO keeping projects and keys', async ({ browser, baseURL, request }) => {
  const sso = await setupSamlOrg(baseURL!);
  const db = getDb();
  try {
    const owner = await createUser(db, { email: `owner@${sso.domain}`, name: 'Owner', password, emailVerified: true });
    await addMember(db, { orgId: sso.org.id, userId: owner.id, role: 'owner', source: 'manual' }, by);
    const bob = await createUser(db, { email: sso.email('bob'), name: 'Bob', password, emailVerified: true });
    await addMember(db, { orgId: sso.org.id, userId: bob.id, role: 'member', source: 'manual' }, by);
    const project = await createProject(db, { orgId: sso.org.id, name: 'Bob’s bot', createdBy: bob.id }, by);
    const { secret } = await createApiKey(db, { orgId: sso.org.id, projectId: project.id, userId: bob.id, name: 'bob-laptop' }, by);

    // Bob registers a passkey while passwords still work.
    const bobContext = await browser.newContext();
    const bobPage = await bobContext.newPage();
    await addVirtualAuthenticator(bobPage);
    await signInWithPassword(bobPage, bob.email, password);
    await expectSignedIn(bobPage);
    await bobPage.getByRole('link', { name: 'Account' }).click();
    await bobPage.getByLabel('Passkey name').fill('Bob key');
    await bobPage.getByRole('button', { name: 'Add a passkey' }).click();
    await expect(bobPage.getByRole('main').getByRole('status')).toHaveText('Passkey added. You can now sign in with it.');
    await bobPage.getByRole('button', { name: 'Sign out' }).click();
    await expect(bobPage).toHaveURL(/\/login/);

    // An admin proves SSO works, then SSO-only goes on; the owner keeps a break-glass password.
    const aliceContext = await browser.newContext();
    await ssoLogin(await aliceContext.newPage(), sso.idp.url, sso.email('alice'));
    await aliceContext.close();
    await setBreakGlass(db, { orgId: sso.org.id, email: owner.email, enabled: true }, by);
    await setSsoOnly(db, { orgId: sso.org.id, enabled: true }, by);

    await signInWithPassword(bobPage, bob.email, password);
    await expect(pageAlert(bobPage)).toHaveText(SSO_REQUIRED);
    await bobPage.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await expect(pageAlert(bobPage)).toHaveText(SSO_REQUIRED);

    const ownerContext = await browser.newContext();
    const ownerPage = await ownerContext.newPage();
    await signInWithPassword(ownerPage, owner.email, password);
    await expectSignedIn(ownerPage);
    await ownerContext.close();

    // Bob signs in by SSO once: same account, same project and key; his password is retired.
    await ssoLogin(bobPage, sso.idp.url, bob.email);
    await expect(bobPage.getByRole('list', { name: 'Your projects' })).toContainText('Bob’s bot');
    await expect(bobPage.getByRole('row', { name: 'API key bob-laptop' })).toContainText('Active');
    expect((await request.get('/api/v1/me', { headers: { Authorization: `Bearer ${secret}` } })).status()).toBe(200);
    expect((await db.select().from(apiKeys).where(eq(apiKeys.userId, bob.id))).length).toBe(1);
    await bobContext.close();

    await setSsoOnly(db, { orgId: sso.org.id, enabled: false }, by);
    const after = await browser.newContext();
    const afterPage = await after.newPage();
    await signInWithPassword(afterPage, bob.email, password);
    await expect(pageAlert(afterPage)).toContainText('Your password was turned off when your account moved to single sign-on');
    await after.close();
  } finally {
    await sso.idp.close();
  }
});
