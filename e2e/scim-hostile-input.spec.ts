/**
 * Hostile strings and international addresses over real HTTP (issue 8 §6): a NUL byte anywhere
 * Postgres would see it answers the RFC 7644 §3.12 error, never a 500, and changes nothing; an
 * RFC 6531 userName is stored, found in any case and unique in any case.
 */
import { expect, test } from '@playwright/test';
import { and, eq } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { scimRequestLog } from '@/lib/db/schema';
import { expectCreated, expectListResponse, expectScimError, GROUP_SCHEMA, makeScimOrg, orgSnapshot, PATCH_SCHEMA, scimClient, suffix, userByEmail, USER_SCHEMA, type ScimClient, type ScimOrg } from './support/scim';

const userBody = (userName: string, extra: Record<string, unknown> = {}) => ({ schemas: [USER_SCHEMA], userName, emails: [{ value: userName, type: 'work', primary: true }], active: true, ...extra });
const patch = (...Operations: unknown[]) => ({ schemas: [PATCH_SCHEMA], Operations });

test.describe('SCIM hostile input', () => {
  let tenant: ScimOrg;
  let scim: ScimClient;
  let user: any;
  let group: any;

  test.beforeEach(async ({ request, baseURL }) => {
    tenant = await makeScimOrg('Okta');
    scim = scimClient(request, tenant.token);
    user = expectCreated(await scim.post('/Users', userBody(`nul-${suffix()}@hostile.test`)), 'User', baseURL!);
    group = expectCreated(await scim.post('/Groups', { schemas: [GROUP_SCHEMA], displayName: `Group ${suffix()}`, members: [{ value: user.id }] }), 'Group', baseURL!);
  });

  async function unchanged(act: () => Promise<void>) {
    const before = await orgSnapshot(scim, tenant.orgId);
    await act();
    expect(await orgSnapshot(scim, tenant.orgId), 'the refused request changed the database').toEqual(before);
  }

  /** The refusal names the attribute and the character, and the request log kept it. */
  function expectControlCharacterError(reply: Awaited<ReturnType<ScimClient['get']>>, scimType: string, attribute: string) {
    expectScimError(reply, 400, scimType);
    expect(reply.body.detail).toContain(attribute);
    expect(reply.body.detail).toContain('U+0000');
  }

  test('a NUL in userName, a filter value, a PATCH path and a Group displayName → 400, nothing changed, request logged', async () => {
    const fresh = `fresh-${suffix()}@hostile.test`;
    await unchanged(async () => {
      expectControlCharacterError(await scim.post('/Users', userBody(`a\u0000${fresh}`)), 'invalidValue', 'userName');
      expectControlCharacterError(await scim.get(`/Users?filter=${encodeURIComponent(`userName eq "${user.userName}\u0000"`)}`), 'invalidFilter', 'userName');
      expectControlCharacterError(await scim.patch(`/Users/${user.id}`, patch({ op: 'replace', path: 'displayName\u0000', value: 'x' })), 'invalidPath', 'displayName');
      expectControlCharacterError(await scim.post('/Groups', { schemas: [GROUP_SCHEMA], displayName: `Sales\u0000${suffix()}` }), 'invalidValue', 'displayName');
      expectControlCharacterError(await scim.patch(`/Groups/${group.id}`, patch({ op: 'replace', path: 'displayName', value: 'Renamed\u0000' })), 'invalidValue', 'displayName');
    });
    expect(await userByEmail(fresh)).toBeUndefined();
    const logged = await getDb().select().from(scimRequestLog).where(and(eq(scimRequestLog.orgId, tenant.orgId), eq(scimRequestLog.status, 400)));
    expect(logged, 'each refusal is in the request log').toHaveLength(5);
  });

  test('an RFC 6531 userName is created, found in any case (userName and emails), and a differently-cased duplicate is 409', async ({ baseURL }) => {
    const address = `zoë.ünïcødé.李.${suffix()}@example.com`;
    const created = expectCreated(await scim.post('/Users', userBody(address)), 'User', baseURL!);
    expect(created.userName).toBe(address);
    expect((await userByEmail(address))?.id).toBe(created.id);
    for (const filter of [`userName eq "${address.toUpperCase()}"`, `emails[value eq "${address.toUpperCase()}"]`]) {
      const [found] = expectListResponse(await scim.get(`/Users?filter=${encodeURIComponent(filter)}`), { totalResults: 1 });
      expect(found.id).toBe(created.id);
    }
    await unchanged(async () => {
      expectScimError(await scim.post('/Users', userBody(address.toUpperCase())), 409, 'uniqueness');
    });
  });
});
