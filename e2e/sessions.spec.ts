import { expect, test } from '@playwright/test';
import { and, eq, isNull } from 'drizzle-orm';
import { revokeUserSessions } from '@/lib/auth/sessions';
import { getDb } from '@/lib/db/client';
import { memberships, sessions, users } from '@/lib/db/schema';
import { createApiKey } from '@/lib/gateway/api-keys';
import { createProject } from '@/lib/gateway/projects';
import { createOrganization } from '@/lib/orgs/organizations';
import { createMemberWithPassword } from './support/db';
import { expectSignedIn, signInWithPassword } from './support/pages';

const by = { actor: { type: 'system' as const, label: 'e2e' } };

test('revoking the session row signs the browser out on its next request', async ({ page }) => {
  const { user, email, password } = await createMemberWithPassword('member');
  await signInWithPassword(page, email, password);
  await expectSignedIn(page);
  const [row] = await getDb().select().from(sessions).where(and(eq(sessions.userId, user.id), isNull(sessions.revokedAt)));
  expect(row).toBeTruthy();

  // Revoking the sessions of another org leaves this browser signed in.
  const elsewhere = await createOrganization(getDb(), { name: 'Elsewhere' }, by);
  expect(await revokeUserSessions(getDb(), { userId: user.id, orgId: elsewhere.id, reason: 'e2e', by })).toBe(0);
  await page.goto('/dashboard');
  await expectSignedIn(page);

  expect(await revokeUserSessions(getDb(), { userId: user.id, reason: 'e2e', by })).toBe(1);
  await page.goto('/dashboard');
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
  // Other console pages are closed too, and the cookie alone does not bring the session back.
  await page.goto('/account/security');
  await expect(page).toHaveURL(/\/login/);
  await signInWithPassword(page, email, password);
  await expectSignedIn(page);
});

test('the org’s session lifetime ends a browser session', async ({ page }) => {
  const { user, email, password } = await createMemberWithPassword('member');
  await signInWithPassword(page, email, password);
  await expectSignedIn(page);
  // As if the org's session lifetime had passed.
  await getDb().update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.userId, user.id));
  await page.goto('/dashboard');
  await expect(page).toHaveURL(/\/login/);
});

test('a suspended member’s API key answers 401 until the membership is restored', async ({ request }) => {
  const { user, org, email } = await createMemberWithPassword('member');
  const project = await createProject(getDb(), { orgId: org.id, name: 'Gateway', createdBy: user.id }, by);
  const { secret } = await createApiKey(getDb(), { orgId: org.id, projectId: project.id, userId: user.id, name: 'k' }, by);
  const me = () => request.get('/api/v1/me', { headers: { Authorization: `Bearer ${secret}` } });
  const ok = await me();
  expect(ok.status()).toBe(200);
  expect(await ok.json()).toMatchObject({ user: { email }, project: { name: 'Gateway' } });

  const membership = and(eq(memberships.userId, user.id), eq(memberships.orgId, org.id));
  await getDb().update(memberships).set({ status: 'suspended' }).where(membership);
  const refused = await me();
  expect(refused.status()).toBe(401);
  expect(JSON.stringify(await refused.json().catch(() => ({})))).not.toContain(email);
  await getDb().update(memberships).set({ status: 'active' }).where(membership);
  expect((await me()).status()).toBe(200);

  // A disabled user is cut off the same way.
  await getDb().update(users).set({ status: 'disabled' }).where(eq(users.id, user.id));
  expect((await me()).status()).toBe(401);
  await getDb().update(users).set({ status: 'active' }).where(eq(users.id, user.id));
  expect((await me()).status()).toBe(200);
});
