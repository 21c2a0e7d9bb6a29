import { expect, test } from '@playwright/test';
import { and, count, eq } from 'drizzle-orm';
import { RESET_REQUESTED_MESSAGE } from '@/lib/auth/password-reset';
import { getDb } from '@/lib/db/client';
import { devOutbox, invites, memberships, organizations, sessions, users } from '@/lib/db/schema';
import { createMemberWithPassword, latestEmail, linkIn, uniqueEmail } from './support/db';
import { expectSignedIn, pageAlert, signInWithPassword } from './support/pages';

const db = () => getDb();

async function userRow(email: string) {
  const [row] = await db().select().from(users).where(eq(users.email, email));
  return row;
}

async function outboxCount(to: string) {
  return (await db().select({ n: count() }).from(devOutbox).where(eq(devOutbox.to, to)))[0].n;
}

function pageStatus(page: import('@playwright/test').Page) {
  return page.getByRole('main').getByRole('status');
}

test('sign up, verify the email, then sign in as owner of the new org', async ({ page }) => {
  const email = uniqueEmail('signup');
  const orgName = `Navy Labs ${email.slice(7, 11)}`;
  await page.goto('/signup');
  await page.getByLabel('Full name').fill('Grace Hopper');
  await page.getByLabel('Work email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill('compilers are fun');
  await page.getByLabel('Organization name').fill(orgName);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(pageStatus(page)).toContainText(`we sent a link to ${email}`);

  // The account exists, unverified, and owns a new org.
  const created = await userRow(email);
  expect(created).toMatchObject({ name: 'Grace Hopper', status: 'active', emailVerifiedAt: null });
  const owned = await db()
    .select({ role: memberships.role, orgName: organizations.name })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(eq(memberships.userId, created.id));
  expect(owned).toEqual([{ role: 'owner', orgName }]);

  await signInWithPassword(page, email, 'compilers are fun');
  await expect(pageAlert(page)).toContainText('Please verify your email address first');
  await expect(page).toHaveURL(/\/login/);
  expect(await db().select().from(sessions).where(eq(sessions.userId, created.id))).toEqual([]);

  const mail = await latestEmail(email, 'Verify your email address');
  await page.goto(linkIn(mail.text));
  await expect(pageStatus(page)).toHaveText('Your email address is verified. You can sign in now.');
  expect((await userRow(email)).emailVerifiedAt).toBeInstanceOf(Date);
  // The link works once.
  await page.goto(linkIn(mail.text));
  await expect(pageAlert(page)).toContainText('invalid or was already used');

  await signInWithPassword(page, email, 'compilers are fun');
  await expectSignedIn(page);
  await expect(page.getByRole('heading', { name: orgName })).toBeVisible();
  await expect(page.getByTestId('current-role')).toHaveText('Owner');
});

test('sign-up refuses bad input and creates nothing', async ({ page }) => {
  const existing = await createMemberWithPassword('member');
  const usersBefore = (await db().select({ n: count() }).from(users))[0].n;
  const orgsBefore = (await db().select({ n: count() }).from(organizations))[0].n;
  const fresh = uniqueEmail('fresh');
  await page.goto('/signup');
  await page.getByLabel('Full name').fill('X');
  await page.getByLabel('Work email').fill('not-an-email');
  await page.getByLabel('Password', { exact: true }).fill('short');
  await page.getByLabel('Organization name').fill('Org');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('Enter a valid email address, like name@company.com')).toBeVisible();
  await expect(page.getByText('Password must be at least 10 characters')).toBeVisible();
  await expect(page.getByLabel('Work email')).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('Work email').fill(fresh);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('Password must be at least 10 characters')).toBeVisible();
  await expect(page.getByText('Enter a valid email address, like name@company.com')).toHaveCount(0);
  await page.getByLabel('Password', { exact: true }).fill('123456789');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('Password must be at least 10 characters')).toBeVisible();
  expect(await userRow(fresh)).toBeUndefined();

  await page.getByLabel('Work email').fill(existing.email.toUpperCase());
  await page.getByLabel('Password', { exact: true }).fill('long enough password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('An account with this email already exists. Sign in, or reset your password if you forgot it.')).toBeVisible();

  expect((await db().select({ n: count() }).from(users))[0].n).toBe(usersBefore);
  expect((await db().select({ n: count() }).from(organizations))[0].n).toBe(orgsBefore);
  expect(await outboxCount(fresh)).toBe(0);
  expect(await outboxCount(existing.email)).toBe(0);
  // Nothing about the existing account changed: its password still works.
  await signInWithPassword(page, existing.email, existing.password);
  await expectSignedIn(page);
});

test('reset a forgotten password with a single-use link; other sessions are signed out', async ({ page, browser }) => {
  const { user, email, password } = await createMemberWithPassword('member');
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signInWithPassword(otherPage, email, password);
  await expectSignedIn(otherPage);

  await page.goto('/forgot-password');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(pageStatus(page)).toHaveText(RESET_REQUESTED_MESSAGE);
  const link = linkIn((await latestEmail(email, 'Reset your password')).text);
  expect(link).toMatch(/\/reset-password\?token=/);

  await page.goto(link);
  // Mismatch and too-short passwords are refused on the form, and the link stays usable.
  await page.getByLabel('New password', { exact: true }).fill('a brand new password');
  await page.getByLabel('Confirm new password').fill('a different password');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(pageAlert(page)).toHaveText('The two passwords do not match');
  await page.getByLabel('New password', { exact: true }).fill('too short');
  await page.getByLabel('Confirm new password').fill('too short');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByText('Password must be at least 10 characters')).toBeVisible();
  // Failed attempts did not sign anyone out.
  await otherPage.goto('/dashboard');
  await expectSignedIn(otherPage);

  await page.getByLabel('New password', { exact: true }).fill('a brand new password');
  await page.getByLabel('Confirm new password').fill('a brand new password');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(pageStatus(page)).toContainText('Your password was changed');

  // The browser that was signed in before the reset is signed out on its next navigation.
  await otherPage.goto('/dashboard');
  await expect(otherPage).toHaveURL(/\/login/);
  await other.close();
  const live = await db().select().from(sessions).where(eq(sessions.userId, user.id));
  expect(live.length).toBeGreaterThan(0);
  expect(live.every((s) => s.revokedAt !== null)).toBe(true);

  await page.goto(link);
  await expect(pageAlert(page)).toHaveText('This reset link is invalid, already used or expired.');
  await expect(page.getByLabel('New password', { exact: true })).toHaveCount(0);
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
  await expect(pageStatus(page)).toHaveText(RESET_REQUESTED_MESSAGE);
  // The action writes any email before it answers, so nothing is still on its way.
  expect(await outboxCount(email)).toBe(0);
  expect(await userRow(email)).toBeUndefined();
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
  await expect(pageStatus(page)).toContainText('Invite sent');
  const [invite] = await db().select().from(invites).where(and(eq(invites.orgId, owner.org.id), eq(invites.email, invitee)));
  expect(invite).toMatchObject({ role: 'viewer', invitedBy: owner.user.id, acceptedAt: null });

  const mail = await latestEmail(invitee, "You're invited to");
  expect(mail.subject).toBe(`You're invited to ${owner.org.name}`);
  const link = linkIn(mail.text);
  const context = await browser.newContext();
  const guest = await context.newPage();
  await guest.goto(link);
  await expect(guest.getByRole('heading', { name: `Join ${owner.org.name}` })).toBeVisible();
  await expect(guest.getByLabel('Email')).toHaveValue(invitee);
  await expect(guest.getByLabel('Email')).not.toBeEditable();
  await expect(guest.getByLabel('Organization name')).toHaveCount(0);
  await guest.getByLabel('Full name').fill('New Viewer');
  await guest.getByLabel('Password', { exact: true }).fill('viewer password 1');
  await guest.getByRole('button', { name: `Join ${owner.org.name}` }).click();
  await expect(pageStatus(guest)).toContainText(`we sent a link to ${invitee}`);

  const joined = await userRow(invitee);
  const [membership] = await db().select().from(memberships).where(eq(memberships.userId, joined.id));
  expect(membership).toMatchObject({ orgId: owner.org.id, role: 'viewer', source: 'invite', status: 'active' });
  // No org of their own was created.
  expect(await db().select().from(memberships).where(eq(memberships.userId, joined.id))).toHaveLength(1);

  await guest.goto(linkIn((await latestEmail(invitee, 'Verify your email address')).text));
  await expect(pageStatus(guest)).toHaveText('Your email address is verified. You can sign in now.');
  await signInWithPassword(guest, invitee, 'viewer password 1');
  await expectSignedIn(guest);
  await expect(guest.getByRole('heading', { name: owner.org.name })).toBeVisible();
  await expect(guest.getByTestId('current-role')).toHaveText('Viewer');
  // The invite works once.
  await guest.goto(link);
  await expect(pageAlert(guest)).toContainText('invalid or has expired');
  await context.close();
});

test('an invite for an existing account is accepted after signing in, and only by that account', async ({ page, browser }) => {
  const owner = await createMemberWithPassword('owner');
  const existing = await createMemberWithPassword('member');
  const bystander = await createMemberWithPassword('member');
  await signInWithPassword(page, owner.email, owner.password);
  await expectSignedIn(page);
  await page.getByRole('link', { name: 'Members' }).click();
  await page.getByLabel('Email to invite').fill(existing.email);
  await page.getByLabel('Role').selectOption('admin');
  await page.getByRole('button', { name: 'Send invite' }).click();
  await expect(pageStatus(page)).toContainText('Invite sent');
  const link = linkIn((await latestEmail(existing.email, "You're invited to")).text);

  // Someone else signed in cannot take it.
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await signInWithPassword(other, bystander.email, bystander.password);
  await expectSignedIn(other);
  await other.goto(link);
  await expect(pageAlert(other)).toHaveText(`You are signed in as ${bystander.email}, but this invite is for ${existing.email}. Sign out and sign in with that address.`);
  await expect(other.getByRole('button', { name: /Accept and join/ })).toHaveCount(0);
  await otherContext.close();

  const context = await browser.newContext();
  const guest = await context.newPage();
  await guest.goto(link);
  await expect(guest.getByLabel('Full name')).toHaveCount(0);
  await guest.getByRole('link', { name: 'Sign in' }).first().click();
  await expect(guest).toHaveURL(/\/login\?callbackUrl=/);
  await guest.getByLabel('Email', { exact: true }).fill(existing.email);
  await guest.getByLabel('Password', { exact: true }).fill(existing.password);
  await guest.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(guest).toHaveURL(/\/invite\//);
  await guest.getByRole('button', { name: `Accept and join ${owner.org.name}` }).click();
  await expect(guest).toHaveURL(/\/dashboard/);
  await expect(guest.getByRole('heading', { name: owner.org.name })).toBeVisible();
  await expect(guest.getByTestId('current-role')).toHaveText('Admin');
  const rows = await db().select().from(memberships).where(eq(memberships.userId, existing.user.id));
  expect(rows.map((m) => [m.orgId, m.role, m.source]).sort()).toEqual(
    [
      [existing.org.id, 'member', 'manual'],
      [owner.org.id, 'admin', 'invite'],
    ].sort(),
  );
  await context.close();
});
