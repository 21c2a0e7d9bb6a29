import { expect, test } from '@playwright/test';
import { count, eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { devOutbox, users } from '@/lib/db/schema';
import { createMemberWithPassword, latestEmail, linkIn, uniqueEmail } from './support/db';
import { expectSignedIn, pageAlert, signInWithPassword } from './support/pages';

test('sign up, verify the email, then sign in as owner of the new org', async ({ page }) => {
  const email = uniqueEmail('signup');
  await page.goto('/signup');
  await page.getByLabel('Full name').fill('Grace Hopper');
  await page.getByLabel('Work email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill('compilers are fun');
  await page.getByLabel('Organization name').fill('Navy Labs');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('main').getByRole('status')).toContainText(`we sent a link to ${email}`);

  await signInWithPassword(page, email, 'compilers are fun');
  await expect(pageAlert(page)).toContainText('Please verify your email address first');

  const mail = await latestEmail(email, 'Verify your email address');
  await page.goto(linkIn(mail.text));
  await expect(page.getByRole('main').getByRole('status')).toHaveText('Your email address is verified. You can sign in now.');
  await page.goto(linkIn(mail.text));
  await expect(pageAlert(page)).toContainText('invalid or was already used');

  await signInWithPassword(page, email, 'compilers are fun');
  await expectSignedIn(page);
  await expect(page.getByRole('heading', { name: 'Navy Labs' })).toBeVisible();
  await expect(page.getByTestId('current-role')).toHaveText('Owner');
});

test('sign-up refuses bad input and creates nothing', async ({ page }) => {
  const existing = await createMemberWithPassword('member');
  const usersBefore = (await getDb().select({ n: count() }).from(users))[0].n;
  await page.goto('/signup');
  await page.getByLabel('Full name').fill('X');
  await page.getByLabel('Work email').fill('not-an-email');
  await page.getByLabel('Password', { exact: true }).fill('short');
  await page.getByLabel('Organization name').fill('Org');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('Enter a valid email address, like name@company.com')).toBeVisible();

  await page.getByLabel('Work email').fill(uniqueEmail('fresh'));
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('Password must be at least 10 characters')).toBeVisible();

  await page.getByLabel('Work email').fill(existing.email);
  await page.getByLabel('Password', { exact: true }).fill('long enough password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText(/An account with this email already exists/)).toBeVisible();
  expect((await getDb().select({ n: count() }).from(users))[0].n).toBe(usersBefore);
});

test('reset a forgotten password with a single-use link; other sessions are signed out', async ({ page, browser }) => {
  const { email, password } = await createMemberWithPassword('member');
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signInWithPassword(otherPage, email, password);
  await expectSignedIn(otherPage);

  await page.goto('/forgot-password');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('main').getByRole('status')).toContainText('If an account exists for that address');
  const link = linkIn((await latestEmail(email, 'Reset your password')).text);

  await page.goto(link);
  await page.getByLabel('New password', { exact: true }).fill('a brand new password');
  await page.getByLabel('Confirm new password').fill('a brand new password');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByRole('main').getByRole('status')).toContainText('Your password was changed');

  await otherPage.goto('/dashboard');
  await expect(otherPage).toHaveURL(/\/login/);
  await other.close();

  await page.goto(link);
  await expect(pageAlert(page)).toHaveText('This reset link is invalid, already used or expired.');
  await signInWithPassword(page, email, password);
  await expect(pageAlert(page)).toHaveText('Incorrect email or password.');
  await signInWithPassword(page, email, 'a brand new password');
  await expectSignedIn(page);
});

test('a reset request for an unknown email answers the same and sends nothing', async ({ page }) => {
  const email = uniqueEmail('nobody');
  await page.goto('/forgot-password');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('main').getByRole('status')).toContainText('If an account exists for that address');
  expect((await getDb().select({ n: count() }).from(devOutbox).where(eq(devOutbox.to, email)))[0].n).toBe(0);
});

test('an invited person signs up through the link and joins with the invited role', async ({ page, browser }) => {
  const owner = await createMemberWithPassword('owner');
  await signInWithPassword(page, owner.email, owner.password);
  await expectSignedIn(page);
  await page.getByRole('link', { name: 'Members' }).click();
  const invitee = uniqueEmail('invitee');
  await page.getByLabel('Email to invite').fill(invitee);
  await page.getByLabel('Role').selectOption('viewer');
  await page.getByRole('button', { name: 'Send invite' }).click();
  await expect(page.getByRole('main').getByRole('status')).toContainText('Invite sent');

  const link = linkIn((await latestEmail(invitee, "You're invited to")).text);
  const context = await browser.newContext();
  const guest = await context.newPage();
  await guest.goto(link);
  await expect(guest.getByLabel('Email')).toHaveValue(invitee);
  await guest.getByLabel('Full name').fill('New Viewer');
  await guest.getByLabel('Password', { exact: true }).fill('viewer password 1');
  await guest.getByRole('button', { name: `Join ${owner.org.name}` }).click();
  await expect(guest.getByRole('main').getByRole('status')).toContainText('we sent a link');
  await guest.goto(linkIn((await latestEmail(invitee, 'Verify your email address')).text));
  await signInWithPassword(guest, invitee, 'viewer password 1');
  await expectSignedIn(guest);
  await expect(guest.getByRole('heading', { name: owner.org.name })).toBeVisible();
  await expect(guest.getByTestId('current-role')).toHaveText('Viewer');
  await guest.goto(link);
  await expect(pageAlert(guest)).toContainText('invalid or has expired');
  await context.close();
});
