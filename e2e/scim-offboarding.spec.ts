import { expect, test } from '@playwright/test';
import { and, eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { apiKeys, memberships } from '@/lib/db/schema';
import { createApiKey } from '@/lib/gateway/api-keys';
import { createProject } from '@/lib/gateway/projects';
import { createScimToken } from '@/lib/scim/tokens';
import { setupSamlOrg } from './support/idp';
import { expectSignedIn, pageAlert, signInWithSamlAt } from './support/pages';

const by = { actor: { type: 'system' as const, label: 'e2e' } };
let sso: Awaited<ReturnType<typeof setupSamlOrg>>;
let token: string;

test.beforeAll(async ({ baseURL }) => {
  sso = await setupSamlOrg(baseURL!);
  token = (await createScimToken(getDb(), { orgId: sso.org.id, name: 'Okta' }, by)).token;
});
test.afterAll(async () => {
  await sso.idp.close();
});

test('deactivating a user over SCIM signs their browser out, kills their API key and refuses SSO, at once', async ({ page, request }) => {
  const email = sso.email('bob');
  const scimHeaders = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/scim+json' };
  const created = await request.post('/api/scim/v2/Users', {
    headers: scimHeaders,
    data: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: email, name: { givenName: 'Bob', familyName: 'Builder' }, emails: [{ value: email, primary: true, type: 'work' }], active: true },
  });
  expect(created.status()).toBe(201);
  const userId = (await created.json()).id as string;

  // Provisioned ahead of time, bob signs in by SSO with no just-in-time step and gets a key.
  await signInWithSamlAt(page, sso.idp.url, email);
  await expectSignedIn(page);
  const project = await createProject(getDb(), { orgId: sso.org.id, name: 'Bob project', createdBy: userId }, by);
  const { secret } = await createApiKey(getDb(), { orgId: sso.org.id, projectId: project.id, userId, name: 'laptop' }, by);
  expect((await request.get('/api/v1/me', { headers: { Authorization: `Bearer ${secret}` } })).status()).toBe(200);

  const off = await request.patch(`/api/scim/v2/Users/${userId}`, {
    headers: scimHeaders,
    data: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: false } }] },
  });
  expect(off.status()).toBe(200);
  expect((await off.json()).active).toBe(false);

  // The very next request of each kind is refused: no background job, no waiting.
  await page.reload();
  await expect(page).toHaveURL(/\/login/);
  expect((await request.get('/api/v1/me', { headers: { Authorization: `Bearer ${secret}` } })).status()).toBe(401);
  const [membership] = await getDb().select().from(memberships).where(and(eq(memberships.orgId, sso.org.id), eq(memberships.userId, userId)));
  expect(membership.status).toBe('suspended');
  const [key] = await getDb().select().from(apiKeys).where(eq(apiKeys.userId, userId));
  expect(key.disabledAt).not.toBeNull();

  await signInWithSamlAt(page, sso.idp.url, email);
  await expect(pageAlert(page)).toContainText('Your access to this organization was removed by your administrator.');

  // Reactivation restores the membership; the key stays off until a person turns it back on.
  const on = await request.patch(`/api/scim/v2/Users/${userId}`, {
    headers: scimHeaders,
    data: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'Replace', path: 'active', value: 'True' }] },
  });
  expect((await on.json()).active).toBe(true);
  await signInWithSamlAt(page, sso.idp.url, email);
  await expectSignedIn(page);
  expect((await request.get('/api/v1/me', { headers: { Authorization: `Bearer ${secret}` } })).status()).toBe(401);
});
