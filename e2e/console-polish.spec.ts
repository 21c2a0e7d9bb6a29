/**
 * Console polish: a disabled API key turned back on by its owner (not by a viewer), and the
 * /login?sso_error=… message with a copyable error id only when there is one.
 */
import { expect, test } from '@playwright/test';
import { getDb } from '@/lib/db/client';
import { auditEvents, projectMembers } from '@/lib/db/schema';
import { authenticateApiKey, createApiKey, disableApiKey } from '@/lib/gateway/api-keys';
import { createProject } from '@/lib/gateway/projects';
import { and, eq } from 'drizzle-orm';
import { createMemberWithPassword } from './support/db';
import { signInWithPassword } from './support/pages';

const db = getDb();
const by = { actor: { type: 'system' as const, label: 'e2e' } };

async function personWithKey(role: 'member' | 'viewer') {
  const person = await createMemberWithPassword(role);
  const project = await createProject(db, { orgId: person.org.id, name: 'Chat', createdBy: person.user.id }, by);
  await db.insert(projectMembers).values({ projectId: project.id, userId: person.user.id }).onConflictDoNothing();
  const { key, secret } = await createApiKey(db, { orgId: person.org.id, projectId: project.id, userId: person.user.id, name: 'laptop' }, by);
  return { ...person, key, secret };
}

test('the owner of a disabled API key turns it back on; the gateway accepts it again and the audit log says so', async ({ page }) => {
  const member = await personWithKey('member');
  await signInWithPassword(page, member.email, member.password);
  const row = page.getByRole('row', { name: 'API key laptop' });
  await row.getByRole('button', { name: 'Disable' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Disable API key laptop' }).click();
  await expect(row).toContainText('disabled by its owner');
  await expect.poll(async () => Boolean(await authenticateApiKey(db, member.secret))).toBe(false);

  await row.getByRole('button', { name: 'Re-enable API key laptop' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'API key laptop is enabled again.' })).toBeVisible();
  await expect(row).toContainText('Active');
  await expect(row.getByRole('button', { name: /Re-enable/ })).toHaveCount(0);
  expect(await authenticateApiKey(db, member.secret)).toMatchObject({ keyId: member.key.id });
  const events = await db.select().from(auditEvents).where(and(eq(auditEvents.orgId, member.org.id), eq(auditEvents.action, 'api_key.enabled')));
  expect(events).toHaveLength(1);
  expect(events[0]).toMatchObject({ actorId: member.user.id, targetId: member.key.id });
});

test('a viewer is offered no way to turn a disabled key back on', async ({ page }) => {
  const viewer = await personWithKey('viewer');
  await disableApiKey(db, { orgId: viewer.org.id, userId: viewer.user.id, keyId: viewer.key.id }, by);
  await signInWithPassword(page, viewer.email, viewer.password);
  const row = page.getByRole('row', { name: 'API key laptop' });
  await expect(row).toContainText('Disabled');
  await expect(row.getByRole('button')).toHaveCount(0);
  expect(await authenticateApiKey(db, viewer.secret)).toBeUndefined();
});

test('an SSO error on /login shows a copyable error id, and mentions one only when there is one', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/login?sso_error=account_managed_elsewhere&error_id=sso_0123456789ab');
  const alert = page.getByRole('main').getByRole('alert');
  await expect(alert).toContainText('Contact your administrator with the error id below.');
  await expect(alert).toContainText('Error id: sso_0123456789ab');
  await page.getByRole('button', { name: 'Copy error id' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('sso_0123456789ab');

  await page.goto('/login?sso_error=account_managed_elsewhere');
  await expect(alert).toContainText('Contact your administrator.');
  await expect(alert).not.toContainText('error id');
  await expect(page.getByRole('button', { name: 'Copy error id' })).toHaveCount(0);
});
