import { expect, test } from '@playwright/test';
import { and, eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { auditEvents } from '@/lib/db/schema';
import { addMember } from '@/lib/orgs/members';
import { createUser } from '@/lib/users/create-user';
import { createMemberWithPassword, uniqueEmail } from './support/db';
import { expectSignedIn, pageAlert, signInWithPassword } from './support/pages';

test('a viewer gets no controls and is refused admin pages on the server', async ({ page }) => {
  const { email, password } = await createMemberWithPassword('viewer');
  await signInWithPassword(page, email, password);
  await expectSignedIn(page);
  await expect(page.getByTestId('current-role')).toHaveText('Viewer');
  await expect(page.getByRole('button', { name: 'Create project' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Create API key' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Members' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Audit log' })).toHaveCount(0);
  await page.goto('/members');
  await expect(pageAlert(page)).toHaveText('Only owners and admins can manage members.');
  await page.goto('/audit');
  await expect(pageAlert(page)).toHaveText('Only owners and admins can read the audit log.');
});

test('admins manage members but cannot grant Owner; owners can; changes are audited', async ({ page }) => {
  const admin = await createMemberWithPassword('admin');
  const by = { actor: { type: 'system' as const } };
  const other = await createUser(getDb(), { email: uniqueEmail('teammate'), name: 'Teammate', emailVerified: true });
  await addMember(getDb(), { orgId: admin.org.id, userId: other.id, role: 'member', source: 'manual' }, by);

  await signInWithPassword(page, admin.email, admin.password);
  await expectSignedIn(page);
  await page.getByRole('link', { name: 'Members' }).click();
  const select = page.getByLabel(`Role of ${other.email}`);
  await expect(select.locator('option')).toHaveText(['Admin', 'Member', 'Viewer']);
  await select.selectOption('viewer');
  await expect.poll(async () => {
    const rows = await getDb().select().from(auditEvents).where(and(eq(auditEvents.orgId, admin.org.id), eq(auditEvents.action, 'member.role_changed')));
    return rows.map((r) => [r.targetLabel, r.before, r.after]);
  }).toEqual([[other.email, { role: 'member' }, { role: 'viewer' }]]);

  const owner = await createMemberWithPassword('owner');
  await addMember(getDb(), { orgId: owner.org.id, userId: other.id, role: 'member', source: 'manual' }, by);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await signInWithPassword(page, owner.email, owner.password);
  await expectSignedIn(page);
  await page.getByRole('link', { name: 'Members' }).click();
  await expect(page.getByLabel(`Role of ${other.email}`).locator('option')).toHaveText(['Owner', 'Admin', 'Member', 'Viewer']);
});
