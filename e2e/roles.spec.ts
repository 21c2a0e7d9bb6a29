import { expect, test, type Page } from '@playwright/test';
import { and, asc, eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { auditEvents, memberships } from '@/lib/db/schema';
import { addMember } from '@/lib/orgs/members';
import { createUser } from '@/lib/users/create-user';
import { createMemberWithPassword, uniqueEmail } from './support/db';
import { expectSignedIn, pageAlert, signInWithPassword } from './support/pages';

const by = { actor: { type: 'system' as const, label: 'e2e' } };

/** A second person in `orgId` with `role`, for the members table. */
async function addTeammate(orgId: string, role: 'member' | 'viewer' | 'admin' | 'owner' = 'member') {
  const user = await createUser(getDb(), { email: uniqueEmail('teammate'), name: 'Teammate', emailVerified: true });
  await addMember(getDb(), { orgId, userId: user.id, role, source: 'manual' }, by);
  return user;
}

async function roleChanges(orgId: string) {
  const rows = await getDb()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.orgId, orgId), eq(auditEvents.action, 'member.role_changed')))
    .orderBy(asc(auditEvents.seq));
  return rows.map((r) => ({ target: r.targetLabel, actor: r.actorLabel, before: r.before, after: r.after }));
}

async function roleOf(orgId: string, userId: string) {
  const [row] = await getDb().select({ role: memberships.role }).from(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
  return row?.role;
}

async function expectAdminAreas(page: Page) {
  await expect(page.getByRole('link', { name: 'Members' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Audit log' })).toBeVisible();
  await page.getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('heading', { name: 'Audit log', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Check again' })).toBeVisible();
  await expect(pageAlert(page)).toHaveCount(0);
  await page.getByRole('link', { name: 'Members' }).click();
  await expect(page.getByRole('heading', { name: 'Members', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send invite' })).toBeVisible();
  await expect(pageAlert(page)).toHaveCount(0);
}

test('a viewer gets no controls and is refused admin pages on the server', async ({ page }) => {
  const { email, password, org } = await createMemberWithPassword('viewer');
  const teammate = await addTeammate(org.id, 'member');
  await signInWithPassword(page, email, password);
  await expectSignedIn(page);
  await expect(page.getByTestId('current-role')).toHaveText('Viewer');
  await expect(page.getByRole('link', { name: 'Dashboard' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create project' })).toHaveCount(0);
  await expect(page.getByLabel('New project name')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Create API key' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Members' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Audit log' })).toHaveCount(0);

  await page.goto('/members');
  await expect(page.getByRole('heading', { level: 1, name: 'You need the Admin role' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('Members and their roles are managed by owners and admins.');
  await expect(page.getByText(teammate.email)).toHaveCount(0);
  await expect(page.getByLabel('Email to invite')).toHaveCount(0);
  await page.goto('/audit');
  await expect(page.getByRole('heading', { level: 1, name: 'You need the Admin role' })).toBeVisible();
  await expect(page.getByRole('table')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Export CSV' })).toHaveCount(0);
});

test('a member creates projects but has no admin pages either', async ({ page }) => {
  const { email, password } = await createMemberWithPassword('member');
  await signInWithPassword(page, email, password);
  await expectSignedIn(page);
  await expect(page.getByTestId('current-role')).toHaveText('Member');
  await expect(page.getByRole('button', { name: 'Create project' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Members' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Audit log' })).toHaveCount(0);
  await page.goto('/members');
  await expect(page.getByRole('heading', { level: 1, name: 'You need the Admin role' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('Members and their roles are managed by owners and admins.');
  await page.goto('/audit');
  await expect(page.getByRole('heading', { level: 1, name: 'You need the Admin role' })).toBeVisible();
});

test('an admin sees Members and the audit log, manages roles but cannot grant Owner; changes are audited', async ({ page }) => {
  const admin = await createMemberWithPassword('admin');
  const other = await addTeammate(admin.org.id, 'member');
  const owner = await addTeammate(admin.org.id, 'owner');

  await signInWithPassword(page, admin.email, admin.password);
  await expectSignedIn(page);
  await expect(page.getByTestId('current-role')).toHaveText('Admin');
  await expect(page.getByRole('button', { name: 'Create project' })).toBeVisible();
  await expectAdminAreas(page);

  const select = page.getByLabel(`Role of ${other.email}`);
  await expect(select.locator('option')).toHaveText(['Admin', 'Member', 'Viewer']);
  await expect(page.getByLabel('Role', { exact: true }).locator('option')).toHaveText(['Admin', 'Member', 'Viewer']);
  // An owner's role is not editable by an admin, nor is the admin's own.
  await expect(page.getByLabel(`Role of ${owner.email}`)).toHaveCount(0);
  await expect(page.getByLabel(`Role of ${admin.email}`)).toHaveCount(0);

  await select.selectOption('viewer');
  await page.getByRole('button', { name: `Change role of ${other.email}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Change role to Viewer' }).click();
  await expect.poll(() => roleChanges(admin.org.id)).toEqual([{ target: other.email, actor: admin.email, before: { role: 'member' }, after: { role: 'viewer' } }]);
  expect(await roleOf(admin.org.id, other.id)).toBe('viewer');
  await page.reload();
  await expect(page.getByLabel(`Role of ${other.email}`)).toHaveValue('viewer');
  expect(await roleOf(admin.org.id, owner.id)).toBe('owner');
});

test('an owner can grant Owner from the members table, audited with before and after', async ({ page }) => {
  const owner = await createMemberWithPassword('owner');
  const other = await addTeammate(owner.org.id, 'member');
  await signInWithPassword(page, owner.email, owner.password);
  await expectSignedIn(page);
  await expectAdminAreas(page);
  const select = page.getByLabel(`Role of ${other.email}`);
  await expect(select.locator('option')).toHaveText(['Owner', 'Admin', 'Member', 'Viewer']);
  await expect(page.getByLabel('Role', { exact: true }).locator('option')).toHaveText(['Owner', 'Admin', 'Member', 'Viewer']);
  await select.selectOption('owner');
  await page.getByRole('button', { name: `Change role of ${other.email}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Change role to Owner' }).click();
  await expect.poll(() => roleChanges(owner.org.id)).toEqual([{ target: other.email, actor: owner.email, before: { role: 'member' }, after: { role: 'owner' } }]);
  expect(await roleOf(owner.org.id, other.id)).toBe('owner');
});

test('a role decided by the IdP is shown but cannot be edited by hand', async ({ page }) => {
  const owner = await createMemberWithPassword('owner');
  const locked = await addTeammate(owner.org.id, 'member');
  await getDb().update(memberships).set({ roleLockedByIdp: true }).where(and(eq(memberships.orgId, owner.org.id), eq(memberships.userId, locked.id)));
  await signInWithPassword(page, owner.email, owner.password);
  await expectSignedIn(page);
  await page.getByRole('link', { name: 'Members' }).click();
  await expect(page.getByLabel(`Role of ${locked.email}`)).toHaveCount(0);
  await expect(page.getByRole('row', { name: new RegExp(locked.email) })).toContainText('managed by your IdP');
});
