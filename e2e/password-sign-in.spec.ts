import { expect, test } from '@playwright/test';
import { desc, eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { auditEvents } from '@/lib/db/schema';
import { createMemberWithPassword } from './support/db';
import { expectSignedIn, signInWithPassword, pageAlert } from './support/pages';

test('a member signs in with the right password and out again', async ({ page }) => {
  const { email, password, org } = await createMemberWithPassword('owner');
  await signInWithPassword(page, email, password);
  await expectSignedIn(page);
  await expect(page.getByTestId('current-role')).toHaveText('Owner');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/dashboard');
  await expect(page).toHaveURL(/\/login/);
  const actions = (await getDb().select().from(auditEvents).where(eq(auditEvents.orgId, org.id)).orderBy(desc(auditEvents.seq))).map((e) => e.action);
  expect(actions).toContain('auth.signed_in');
  expect(actions).toContain('auth.signed_out');
});

test('a wrong password is refused with a message that does not reveal the account', async ({ page }) => {
  const { email } = await createMemberWithPassword('member');
  await signInWithPassword(page, email, 'not the password at all');
  await expect(pageAlert(page)).toHaveText('Incorrect email or password.');
  await signInWithPassword(page, 'nobody-here@e2e.test', 'not the password at all');
  await expect(pageAlert(page)).toHaveText('Incorrect email or password.');
  await expect(page).toHaveURL(/\/login/);
});

test('repeated failures lock the account for a while, even with the right password', async ({ page }) => {
  const { email, password } = await createMemberWithPassword('member');
  for (let i = 0; i < 5; i++) {
    await signInWithPassword(page, email, `wrong password ${i}`);
    await expect(pageAlert(page)).toBeVisible();
  }
  await signInWithPassword(page, email, password);
  await expect(pageAlert(page)).toHaveText(/Too many failed sign-in attempts\. Try again in 1[45] minutes\./);
  await expect(page).toHaveURL(/\/login/);
});
