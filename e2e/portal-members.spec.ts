import { expect, test, type Page } from '@playwright/test';
import { and, count, eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { auditEvents, devOutbox, invites, memberships, scimUsers, type Role } from '@/lib/db/schema';
import { createApiKey } from '@/lib/gateway/api-keys';
import { createProject } from '@/lib/gateway/projects';
import { addMember, findMembership } from '@/lib/orgs/members';
import { createUser } from '@/lib/users/create-user';
import { addPasswordMember, createMemberWithPassword, uniqueEmail } from './support/db';
import { expectSignedIn, signedInPage, signInWithPassword } from './support/pages';
import { checkAtBothWidths } from './support/page-checks';

const by = { actor: { type: 'system' as const, label: 'e2e' } };
const db = getDb();
const password = 'correct horse battery';

const personIn = async (orgId: string, role: Role, name: string) => (await addPasswordMember(orgId, role, { name, password })).user;

const toast = (page: Page, text: string | RegExp) => page.getByRole('status').filter({ hasText: text });
const rowOf = (page: Page, email: string) => page.getByRole('row', { name: new RegExp(email.replace(/[.+]/g, '\\$&')) });
const statusOf = async (orgId: string, userId: string) => (await findMembership(db, orgId, userId))?.status ?? 'removed';

async function confirm(page: Page, dialogName: string | RegExp, button: string) {
  const dialog = page.getByRole('dialog', { name: dialogName });
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await dialog.getByRole('button', { name: button }).click();
  await expect(dialog).toHaveCount(0);
}

test('an owner suspends a member (signed out at once, API key refused), restores, changes roles, removes; IdP-managed roles are refused', async ({ page, browser, request }, testInfo) => {
  test.setTimeout(180_000);
  const owner = await createMemberWithPassword('owner', password);
  const sam = await personIn(owner.org.id, 'member', 'Sam');
  const pat = await personIn(owner.org.id, 'viewer', 'Pat');
  const idpManaged = await personIn(owner.org.id, 'member', 'Ida');
  await db.update(memberships).set({ roleLockedByIdp: true }).where(and(eq(memberships.orgId, owner.org.id), eq(memberships.userId, idpManaged.id)));
  await db.insert(scimUsers).values({ orgId: owner.org.id, userId: idpManaged.id, userName: idpManaged.email, resource: {} });
  const project = await createProject(db, { orgId: owner.org.id, name: 'Sam’s bot', createdBy: sam.id }, by);
  const { secret } = await createApiKey(db, { orgId: owner.org.id, projectId: project.id, userId: sam.id, name: 'sam-laptop' }, by);
  const samBrowser = await signedInPage(browser, sam.email, password);
  expect((await request.get('/api/v1/me', { headers: { Authorization: `Bearer ${secret}` } })).status()).toBe(200);

  await signInWithPassword(page, owner.email, password);
  await expectSignedIn(page);
  await page.goto('/members');
  await expect(page.getByRole('heading', { level: 1, name: 'Members' })).toBeVisible();
  for (const header of ['Member', 'Role', 'Source', 'Status', 'Last sign-in']) await expect(page.getByRole('columnheader', { name: header, exact: true })).toBeVisible();
  await expect(rowOf(page, sam.email)).toContainText('Active');
  await expect(rowOf(page, pat.email)).toContainText('Never');
  await expect(rowOf(page, idpManaged.email)).toContainText('Managed by your IdP');
  await expect(rowOf(page, idpManaged.email)).toContainText('Role managed by your IdP: change their groups there.');
  await expect(page.getByLabel(`Role of ${idpManaged.email}`)).toHaveCount(0);
  await expect(page.getByLabel(`Role of ${owner.email}`)).toHaveCount(0);

  // Suspend Sam: his open browser is signed out on its next click, his key answers 401.
  await rowOf(page, sam.email).getByRole('button', { name: `Suspend ${sam.email}` }).click();
  await checkAtBothWidths(page, testInfo, 'members-confirm-suspend');
  await confirm(page, `Suspend ${sam.email}?`, `Suspend ${sam.email}`);
  await expect(toast(page, `${sam.email} suspended: 1 session ended, 1 API key disabled.`)).toBeVisible();
  await expect(rowOf(page, sam.email)).toContainText('Suspended');
  expect(await statusOf(owner.org.id, sam.id)).toBe('suspended');
  await samBrowser.page.reload();
  await expect(samBrowser.page).toHaveURL(/\/login/);
  expect((await request.get('/api/v1/me', { headers: { Authorization: `Bearer ${secret}` } })).status()).toBe(401);

  await rowOf(page, sam.email).getByRole('button', { name: `Restore ${sam.email}` }).click();
  await confirm(page, `Restore ${sam.email}?`, `Restore ${sam.email}`);
  await expect(rowOf(page, sam.email)).toContainText('Active');
  expect(await statusOf(owner.org.id, sam.id)).toBe('active');
  // His key stays off after the restore until a person turns it back on.
  expect((await request.get('/api/v1/me', { headers: { Authorization: `Bearer ${secret}` } })).status()).toBe(401);
  await expect(rowOf(page, sam.email)).toContainText('1 API key off');
  await rowOf(page, sam.email).getByRole('button', { name: `Re-enable keys of ${sam.email}` }).click();
  await confirm(page, `Re-enable 1 API key of ${sam.email}?`, 'Re-enable 1 API key');
  await expect(toast(page, `1 API key of ${sam.email} re-enabled.`)).toBeVisible();
  await expect(rowOf(page, sam.email)).not.toContainText('API key off');
  await expect(rowOf(page, sam.email).getByRole('button', { name: `Re-enable keys of ${sam.email}` })).toHaveCount(0);
  expect((await request.get('/api/v1/me', { headers: { Authorization: `Bearer ${secret}` } })).status()).toBe(200);
  await signInWithPassword(samBrowser.page, sam.email, password);
  await expectSignedIn(samBrowser.page);
  await samBrowser.context.close();

  // Change Pat's role, confirmed first.
  await page.getByLabel(`Role of ${pat.email}`).selectOption('member');
  await rowOf(page, pat.email).getByRole('button', { name: `Change role of ${pat.email}` }).click();
  await confirm(page, `Make ${pat.email} Member?`, 'Change role to Member');
  await expect(toast(page, `${pat.email} is now Member.`)).toBeVisible();
  expect((await findMembership(db, owner.org.id, pat.id))!.role).toBe('member');

  // The IdP takes over Sam's role while the page is open: the server refuses with the reason.
  await page.getByLabel(`Role of ${sam.email}`).selectOption('viewer');
  await db.update(memberships).set({ roleLockedByIdp: true }).where(and(eq(memberships.orgId, owner.org.id), eq(memberships.userId, sam.id)));
  await rowOf(page, sam.email).getByRole('button', { name: `Change role of ${sam.email}` }).click();
  await confirm(page, `Make ${sam.email} Viewer?`, 'Change role to Viewer');
  await expect(rowOf(page, sam.email).getByRole('alert')).toHaveText(`${sam.email}'s role is managed by your identity provider; change their groups there`);
  expect((await findMembership(db, owner.org.id, sam.id))!.role).toBe('member');

  // Sign out a member everywhere, then remove them.
  await rowOf(page, pat.email).getByRole('button', { name: `Sign out ${pat.email}` }).click();
  await confirm(page, `Sign out ${pat.email} everywhere?`, `Sign out ${pat.email}`);
  await expect(toast(page, `0 sessions of ${pat.email} ended.`)).toBeVisible();
  await rowOf(page, pat.email).getByRole('button', { name: `Remove ${pat.email}` }).click();
  await confirm(page, `Remove ${pat.email} from the organization?`, `Remove ${pat.email}`);
  await expect(toast(page, `${pat.email} removed from the organization.`)).toBeVisible();
  await expect(rowOf(page, pat.email)).toHaveCount(0);
  expect(await statusOf(owner.org.id, pat.id)).toBe('removed');

  const audited = await db.select({ action: auditEvents.action, target: auditEvents.targetLabel, actor: auditEvents.actorLabel }).from(auditEvents).where(eq(auditEvents.orgId, owner.org.id));
  for (const [action, target] of [['member.suspended', sam.email], ['member.restored', sam.email], ['member.role_changed', pat.email], ['session.revoked', pat.email], ['member.removed', pat.email]]) {
    expect(audited, `${action} of ${target}`).toContainEqual({ action, target, actor: owner.email });
  }
  expect(audited).toContainEqual({ action: 'api_key.enabled', target: expect.stringMatching(/^sam-laptop \(/), actor: owner.email });
});

test('search and paging on the server; pending invites can be resent and revoked', async ({ page }) => {
  test.setTimeout(180_000);
  const owner = await createMemberWithPassword('owner', password);
  for (let i = 0; i < 25; i++) await addMember(db, { orgId: owner.org.id, userId: (await createUser(db, { email: uniqueEmail(`filler${String(i).padStart(2, '0')}`), name: `Filler ${i}`, emailVerified: true })).id, role: 'viewer', source: 'manual' }, by);
  const zed = await personIn(owner.org.id, 'member', 'Zed Zebra');
  await signInWithPassword(page, owner.email, password);
  await expectSignedIn(page);
  await page.goto('/members');
  await expect(page.getByRole('heading', { name: '27 members' })).toBeVisible();
  await expect(page.getByText('Page 1 of 2')).toBeVisible();
  await page.getByRole('navigation', { name: 'Member pages' }).getByRole('link', { name: 'Next →' }).click();
  await expect(page).toHaveURL(/[?&]page=2/);
  await expect(page.getByText('Page 2 of 2')).toBeVisible();

  await page.getByLabel('Search by name or email').fill('zebra');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/[?&]q=zebra/);
  await expect(page.getByRole('heading', { name: '1 member matching “zebra”' })).toBeVisible();
  await expect(rowOf(page, zed.email)).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Member pages' })).toHaveCount(0);

  const invitee = uniqueEmail('invitee');
  await page.getByLabel('Email to invite').fill(invitee);
  await page.getByRole('button', { name: 'Send invite' }).click();
  const pending = page.getByRole('region', { name: 'Pending invites' });
  await expect(pending.getByRole('row', { name: `Invite to ${invitee}` })).toBeVisible();
  const [first] = await db.select({ hash: invites.tokenHash }).from(invites).where(eq(invites.email, invitee));
  await pending.getByRole('button', { name: `Resend invite to ${invitee}` }).click();
  await confirm(page, `Send ${invitee} a new invite?`, `Resend invite to ${invitee}`);
  await expect(toast(page, `New invite sent to ${invitee}.`)).toBeVisible();
  const [second] = await db.select({ hash: invites.tokenHash }).from(invites).where(eq(invites.email, invitee));
  expect(second.hash).not.toBe(first.hash);
  expect((await db.select({ n: count() }).from(devOutbox).where(eq(devOutbox.to, invitee)))[0].n).toBe(2);
  await pending.getByRole('button', { name: `Revoke invite to ${invitee}` }).click();
  await confirm(page, `Revoke the invite to ${invitee}?`, `Revoke invite to ${invitee}`);
  await expect(pending.getByText('No pending invites.')).toBeVisible();
  expect(await db.select().from(invites).where(eq(invites.email, invitee))).toEqual([]);
});

test('an admin cannot act on an owner; members and viewers cannot act on /members', async ({ page, browser }, testInfo) => {
  test.setTimeout(180_000);
  const admin = await createMemberWithPassword('admin', password);
  const owner = await personIn(admin.org.id, 'owner', 'Olga');
  const member = await personIn(admin.org.id, 'member', 'Mia');
  const viewer = await personIn(admin.org.id, 'viewer', 'Vic');
  await signInWithPassword(page, admin.email, password);
  await expectSignedIn(page);
  await page.goto('/members');
  const ownerRow = rowOf(page, owner.email);
  await expect(ownerRow).toContainText('Only owners can change an owner');
  await expect(page.getByLabel(`Role of ${owner.email}`)).toHaveCount(0);
  await expect(ownerRow.getByRole('button')).toHaveCount(0);
  await expect(page.getByLabel(`Role of ${member.email}`).locator('option')).toHaveText(['Admin', 'Member', 'Viewer']);
  await checkAtBothWidths(page, testInfo, 'members-admin');

  for (const person of [member, viewer]) {
    const { context, page: theirs } = await signedInPage(browser, person.email, password);
    await theirs.goto('/members');
    await expect(theirs.getByRole('heading', { level: 1, name: 'You need the Admin role' })).toBeVisible();
    await expect(theirs.getByRole('main')).toContainText('Members and their roles are managed by owners and admins.');
    await expect(theirs.getByRole('table')).toHaveCount(0);
    await expect(theirs.getByRole('button', { name: /^Suspend|^Remove/ })).toHaveCount(0);
    await context.close();
  }
  expect(await statusOf(admin.org.id, owner.id)).toBe('active');
});
