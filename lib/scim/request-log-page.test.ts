import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db/client';
import { scimRequestLog } from '@/lib/db/schema';
import { makeOrg, systemActor } from '@/lib/testing/fixtures';
import { getScimRequest, listScimRequestPage, type ScimRequestSummary } from './request-log';
import { scimLogFilterFrom } from './request-log-filter';
import { authenticateScimToken, createScimToken, listScimTokens, revokeScimToken, rotateScimToken } from './tokens';

const db = getDb();
const HOUR = 3_600_000;

type Seed = { method: string; path: string; status: number; hoursAgo: number; error?: string };

/** An org with a token and the given requests in its log (oldest first as listed). */
async function orgWithLog(seeds: Seed[]) {
  const org = await makeOrg();
  const token = await createScimToken(db, { orgId: org.id, name: 'Okta' }, systemActor);
  const now = Date.now();
  const ids: number[] = [];
  for (const seed of seeds) {
    const [row] = await db
      .insert(scimRequestLog)
      .values({ orgId: org.id, tokenId: token.id, method: seed.method, path: seed.path, status: seed.status, durationMs: 3, error: seed.error ?? null, createdAt: new Date(now - seed.hoursAgo * HOUR) })
      .returning({ id: scimRequestLog.id });
    ids.push(row.id);
  }
  return { org, token, ids };
}

const paths = (rows: ScimRequestSummary[]) => rows.map((r) => `${r.method} ${r.path} ${r.status}`);

describe('the SCIM request log page: filters', () => {
  const seeds: Seed[] = [
    { method: 'GET', path: '/api/scim/v2/ServiceProviderConfig', status: 200, hoursAgo: 200 },
    { method: 'POST', path: '/api/scim/v2/Users', status: 201, hoursAgo: 30 },
    { method: 'POST', path: '/api/scim/v2/Users', status: 409, hoursAgo: 20, error: 'userName is already taken' },
    { method: 'PATCH', path: '/api/scim/v2/Groups/abc', status: 200, hoursAgo: 5 },
    { method: 'GET', path: '/api/scim/v2/Users?filter=userName%20eq%20%22a%22', status: 200, hoursAgo: 0.5 },
    { method: 'GET', path: '/api/scim/v2/Usersfoo', status: 404, hoursAgo: 0.2 },
    { method: 'DELETE', path: '/api/scim/v2/Users/xyz', status: 500, hoursAgo: 0.1 },
  ];

  it('narrows by status class, method, resource and time range, alone and together', async () => {
    const { org } = await orgWithLog(seeds);
    const list = async (query: Record<string, string>) => paths((await listScimRequestPage(db, org.id, scimLogFilterFrom(query), {})).rows);

    expect(await list({})).toHaveLength(7);
    expect(await list({ status: '4xx' })).toEqual(['GET /api/scim/v2/Usersfoo 404', 'POST /api/scim/v2/Users 409']);
    expect(await list({ status: '5xx' })).toEqual(['DELETE /api/scim/v2/Users/xyz 500']);
    expect(await list({ status: '2xx' })).toHaveLength(4);
    expect(await list({ method: 'POST' })).toEqual(['POST /api/scim/v2/Users 409', 'POST /api/scim/v2/Users 201']);
    expect(await list({ resource: 'Groups' })).toEqual(['PATCH /api/scim/v2/Groups/abc 200']);
    // "Usersfoo" is not the Users resource; a query string is.
    expect(await list({ resource: 'Users' })).toEqual([
      'DELETE /api/scim/v2/Users/xyz 500',
      'GET /api/scim/v2/Users?filter=userName%20eq%20%22a%22 200',
      'POST /api/scim/v2/Users 409',
      'POST /api/scim/v2/Users 201',
    ]);
    expect(await list({ resource: 'other' })).toEqual(['GET /api/scim/v2/Usersfoo 404', 'GET /api/scim/v2/ServiceProviderConfig 200']);
    expect(await list({ range: '1h' })).toHaveLength(3);
    expect(await list({ range: '24h' })).toHaveLength(5);
    expect(await list({ range: '7d' })).toHaveLength(6);
    expect(await list({ range: '24h', method: 'GET', status: '2xx', resource: 'Users' })).toEqual(['GET /api/scim/v2/Users?filter=userName%20eq%20%22a%22 200']);
  });

  it('ignores unknown or repeated filter values instead of failing', () => {
    expect(scimLogFilterFrom({ status: '3xx', method: 'TRACE', resource: 'Schemas', range: '1y' })).toEqual({});
    expect(scimLogFilterFrom({ status: ['2xx', '4xx'] })).toEqual({});
    expect(scimLogFilterFrom({ status: '4xx', method: 'PATCH', resource: 'Groups', range: '7d' })).toEqual({ status: '4xx', method: 'PATCH', resource: 'Groups', range: '7d' });
  });
});

describe('the SCIM request log page: keyset paging and isolation', () => {
  it('pages older and back newer over the same rows, newest first, with no page beyond either end', async () => {
    // Several rows share one timestamp: the id breaks the tie, so no row is skipped or repeated.
    const seeds = Array.from({ length: 11 }, (_, i) => ({ method: 'GET', path: `/api/scim/v2/Users/${i}`, status: 200, hoursAgo: Math.floor((10 - i) / 3) }));
    const { org, ids } = await orgWithLog(seeds);
    const newestFirst = [...ids].reverse();

    const first = await listScimRequestPage(db, org.id, {}, {}, 4);
    expect(first.rows.map((r) => r.id)).toEqual(newestFirst.slice(0, 4));
    expect(first.newerThan).toBeNull();
    const second = await listScimRequestPage(db, org.id, {}, { older: first.olderThan! }, 4);
    expect(second.rows.map((r) => r.id)).toEqual(newestFirst.slice(4, 8));
    const third = await listScimRequestPage(db, org.id, {}, { older: second.olderThan! }, 4);
    expect(third.rows.map((r) => r.id)).toEqual(newestFirst.slice(8));
    expect(third.olderThan).toBeNull();

    const backToSecond = await listScimRequestPage(db, org.id, {}, { newer: third.newerThan! }, 4);
    expect(backToSecond.rows.map((r) => r.id)).toEqual(newestFirst.slice(4, 8));
    const backToFirst = await listScimRequestPage(db, org.id, {}, { newer: backToSecond.newerThan! }, 4);
    expect(backToFirst.rows.map((r) => r.id)).toEqual(newestFirst.slice(0, 4));
    expect(backToFirst.newerThan).toBeNull();
    expect(backToFirst.rows[0].tokenName).toBe('Okta');
  });

  it('never shows another org’s requests, by list, by cursor or by id', async () => {
    const a = await orgWithLog([{ method: 'GET', path: '/api/scim/v2/Users', status: 200, hoursAgo: 1 }]);
    const b = await orgWithLog([{ method: 'POST', path: '/api/scim/v2/Users', status: 201, hoursAgo: 2 }]);
    expect(paths((await listScimRequestPage(db, a.org.id, {}, {})).rows)).toEqual(['GET /api/scim/v2/Users 200']);
    expect((await listScimRequestPage(db, a.org.id, {}, { older: b.ids[0] })).rows).toEqual([]);
    expect((await listScimRequestPage(db, a.org.id, {}, { newer: b.ids[0] })).rows).toEqual([]);
    expect(await getScimRequest(db, a.org.id, b.ids[0])).toBeNull();
    expect(await getScimRequest(db, b.org.id, b.ids[0])).toMatchObject({ method: 'POST', status: 201, tokenName: 'Okta', durationMs: 3 });
  });
});

describe('SCIM tokens: rotate and revoke', () => {
  it('rotation answers with a new secret at once and the old one stops; revocation stops the new one; the list never holds a secret', async () => {
    const org = await makeOrg();
    const created = await createScimToken(db, { orgId: org.id, name: 'Okta' }, systemActor);
    expect((await authenticateScimToken(db, created.token, 100)).ok).toBe(true);
    const rotated = await rotateScimToken(db, { orgId: org.id, tokenId: created.id }, systemActor);
    expect(rotated.token).not.toBe(created.token);
    expect(await authenticateScimToken(db, created.token, 100)).toEqual({ ok: false, reason: 'invalid' });
    expect((await authenticateScimToken(db, rotated.token, 100)).ok).toBe(true);
    await revokeScimToken(db, { orgId: org.id, tokenId: created.id }, systemActor);
    expect(await authenticateScimToken(db, rotated.token, 100)).toEqual({ ok: false, reason: 'invalid' });
    await expect(rotateScimToken(db, { orgId: org.id, tokenId: created.id }, systemActor)).rejects.toThrow('SCIM token not found or already revoked');
    const listed = await listScimTokens(db, org.id);
    expect(JSON.stringify(listed)).not.toContain(rotated.token);
    expect(listed[0]).toMatchObject({ name: 'Okta', revokedAt: expect.any(Date) });
  });

  it('cannot rotate or revoke another org’s token', async () => {
    const a = await makeOrg();
    const b = await makeOrg();
    const theirs = await createScimToken(db, { orgId: b.id, name: 'Entra' }, systemActor);
    await expect(rotateScimToken(db, { orgId: a.id, tokenId: theirs.id }, systemActor)).rejects.toThrow('SCIM token not found or already revoked');
    await expect(revokeScimToken(db, { orgId: a.id, tokenId: theirs.id }, systemActor)).rejects.toThrow('SCIM token not found or already revoked');
    expect((await authenticateScimToken(db, theirs.token, 100)).ok).toBe(true);
  });
});
