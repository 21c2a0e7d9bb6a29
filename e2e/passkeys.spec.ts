import { expect, test } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { auditEvents } from '@/lib/db/schema';
import { createMemberWithPassword } from './support/db';
import { addVirtualAuthenticator, expectSignedIn, signInWithPassword, pageAlert } from './support/pages';

test('register a passkey, sign out, sign back in with it', async ({ page }) => {
  const { cdp, authenticatorId } = await addVirtualAuthenticator(page);
  const { email, password, org } = await createMemberWithPassword('admin');
  await signInWithPassword(page, email, password);
  await expectSignedIn(page);

  await page.getByRole('link', { name: 'Account' }).click();
  await page.getByLabel('Passkey name').fill('Virtual key');
  await page.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(page.getByRole('status')).toHaveText('Passkey added. You can now sign in with it.');
  await expect(page.getByRole('list', { name: 'Your passkeys' })).toContainText('Virtual key');
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  expect(credentials).toHaveLength(1);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expectSignedIn(page);

  const actions = (await getDb().select().from(auditEvents).where(eq(auditEvents.orgId, org.id))).map((e) => `${e.action}:${(e.metadata as { method?: string } | null)?.method ?? ''}`);
  expect(actions).toContain('passkey.added:');
  expect(actions).toContain('auth.signed_in:passkey');
});

test('a passkey the server does not know is refused', async ({ page }) => {
  const { cdp, authenticatorId } = await addVirtualAuthenticator(page);
  const { email, password } = await createMemberWithPassword('member');
  await signInWithPassword(page, email, password);
  await expectSignedIn(page);
  await page.getByRole('link', { name: 'Account' }).click();
  await expect(page).toHaveURL(/\/account\/security$/);
  await page.getByLabel('Passkey name').fill('Soon gone');
  await page.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(page.getByRole('status')).toHaveText('Passkey added. You can now sign in with it.');
  // Remove it on the server only: the authenticator still offers it.
  await page.getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByText('No passkeys yet.')).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  expect((await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials).toHaveLength(1);
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(pageAlert(page)).toHaveText('That passkey could not be used to sign in. Try again or use your password.');
  await expect(page).toHaveURL(/\/login/);
});
