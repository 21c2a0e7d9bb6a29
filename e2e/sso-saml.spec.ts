import { expect, test, type Page } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { auditEvents } from '@/lib/db/schema';
import { expectSignedIn, pageAlert, signInWithSamlAt } from './support/pages';
import { setupSamlOrg } from './support/idp';

let sso: Awaited<ReturnType<typeof setupSamlOrg>>;

test.beforeAll(async ({ baseURL }) => {
  sso = await setupSamlOrg(baseURL!);
});
test.afterAll(async () => {
  await sso.idp.close();
});

function signInWithSso(page: Page, email: string) {
  return signInWithSamlAt(page, sso.idp.url, email);
}

async function expectRole(page: Page, role: string) {
  await expectSignedIn(page);
  await expect(page.getByTestId('current-role')).toHaveText(role);
}

test('SP-initiated SAML: alice is Admin, bob Member, carol Viewer', async ({ browser }) => {
  for (const [name, role] of [['alice', 'Admin'], ['bob', 'Member'], ['carol', 'Viewer']] as const) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInWithSso(page, sso.email(name));
    await expectRole(page, role);
    await expect(page.getByRole('heading', { name: sso.org.name })).toBeVisible();
    await context.close();
  }
});

test('IdP-initiated SAML (the app tile) signs carol in', async ({ page }) => {
  await page.goto(`${sso.idp.url}/saml/launch?user=${encodeURIComponent(sso.email('carol'))}`);
  await expectRole(page, 'Viewer');
});

test('group changes in the IdP change the role at the next login; highest role wins', async ({ browser }) => {
  const bob = sso.directory.get(sso.email('bob'))!;
  bob.groups = ['ai-admins'];
  let context = await browser.newContext();
  let page = await context.newPage();
  await signInWithSso(page, bob.email);
  await expectRole(page, 'Admin');
  await context.close();

  const carol = sso.directory.get(sso.email('carol'))!;
  carol.groups = ['ai-admins', 'finance'];
  context = await browser.newContext();
  page = await context.newPage();
  await signInWithSso(page, carol.email);
  await expectRole(page, 'Admin');
  await context.close();
  bob.groups = ['engineering'];
  carol.groups = ['finance'];
});

test('the SSO box explains, word for word, why SSO cannot start', async ({ page, baseURL }) => {
  const teamOrg = await setupSamlOrg(baseURL!, { plan: 'team' });
  await page.goto('/login');
  const box = page.getByRole('region', { name: 'Enterprise SSO' });
  const tryEmail = async (email: string, message: string) => {
    await box.getByLabel('Work email').fill(email);
    await box.getByRole('button', { name: 'Continue with SSO' }).click();
    await expect(pageAlert(page)).toHaveText(message);
  };
  await tryEmail('someone@gmail.com', 'Please use your organization email address, not a personal one');
  await tryEmail('someone@yahoo.co.uk', 'Please use your organization email address, not a personal one');
  await tryEmail('someone@unclaimed-domain.test', 'SSO is not set up for your organization yet');
  await tryEmail(teamOrg.email('alice'), 'Your organization is not on the Enterprise plan');
  await teamOrg.idp.close();
});

test('a refusal after the IdP lands on /login with a message and an error id that is in the audit log', async ({ page, baseURL }) => {
  const strict = await setupSamlOrg(baseURL!, { rules: [['ai-admins', 'admin']], requireMappedGroup: true });
  await signInWithSamlAt(page, strict.idp.url, strict.email('carol'));
  await expect(page).toHaveURL(/\/login\?sso_error=no_mapped_group&error_id=sso_[0-9a-f]+/);
  const errorId = new URL(page.url()).searchParams.get('error_id')!;
  await expect(pageAlert(page)).toContainText('You are not in any group that grants access to this organization.');
  await expect(pageAlert(page)).toContainText(errorId);
  const rows = await getDb().select().from(auditEvents).where(eq(auditEvents.orgId, strict.org.id));
  expect(rows.find((r) => (r.metadata as { errorId?: string } | null)?.errorId === errorId)?.metadata).toMatchObject({ reason: 'no_mapped_group', method: 'sso' });
  await strict.idp.close();
});
