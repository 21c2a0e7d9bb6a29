import { expect, test } from '@playwright/test';
import { and, eq } from 'drizzle-orm';
import { revokeUserSessions } from '@/lib/auth/sessions';
import { getDb } from '@/lib/db/client';
import { memberships } from '@/lib/db/schema';
import { createApiKey } from '@/lib/gateway/api-keys';
import { createProject } from '@/lib/gateway/projects';
import { createMemberWithPassword } from './support/db';
import { expectSignedIn, signInWithPassword } from './support/pages';

test('revoking the session row signs the browser out on its next request', async ({ page }) => {
  const { user, email, password } = await createMemberWithPassword('member');
  await signInWithPassword(page, email, password);
  await expectSignedIn(page);
  expect(await revokeUserSessions(getDb(), user.id)).toBe(1);
  await page.goto('/settings/security');
  await expect(page).toHaveURL(/\/login/);
});

test('a suspended member’s API key answers 401 until the membership is restored', async ({ request }) => {
  const { user, org } = await createMemberWithPassword('member');
  const by = { actor: { type: 'system' as const } };
  const project = await createProject(getDb(), { orgId: org.id, name: 'Gateway', createdBy: user.id }, by);
  const { secret } = await createApiKey(getDb(), { orgId: org.id, projectId: project.id, userId: user.id, name: 'k' }, by);
  const me = () => request.get('/api/v1/me', { headers: { Authorization: `Bearer ${secret}` } });
  expect((await me()).status()).toBe(200);
  const membership = and(eq(memberships.userId, user.id), eq(memberships.orgId, org.id));
  await getDb().update(memberships).set({ status: 'suspended' }).where(membership);
  expect((await me()).status()).toBe(401);
  await getDb().update(memberships).set({ status: 'active' }).where(membership);
  expect((await me()).status()).toBe(200);
});
