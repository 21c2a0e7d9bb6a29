import { expect, test } from '@playwright/test';
import { expectSignedIn } from './support/pages';
import { setupSamlOrg } from './support/idp';

test('OIDC login through oidc-provider, choosing among the org’s two connections by name', async ({ page, baseURL }) => {
  const sso = await setupSamlOrg(baseURL!, { withOidc: true });
  try {
    await page.goto('/login');
    await page.getByLabel('Work email').fill(sso.email('alice'));
    await page.getByRole('button', { name: 'Continue with SSO' }).click();
    const choices = page.getByRole('group', { name: 'Choose your identity provider' });
    await expect(choices.getByRole('button')).toHaveText(['Demo IdP (SAML)', 'Demo IdP (OIDC)'], { timeout: 30_000 });
    await choices.getByRole('button', { name: 'Demo IdP (OIDC)' }).click();
    await expect(page).toHaveURL(new RegExp(`^${sso.idp.url}/oidc/interaction/`), { timeout: 30_000 });
    await page.getByRole('button', { name: new RegExp(sso.email('alice')) }).click();
    await expectSignedIn(page);
    await expect(page.getByTestId('current-role')).toHaveText('Admin');
  } finally {
    await sso.idp.close();
  }
});
