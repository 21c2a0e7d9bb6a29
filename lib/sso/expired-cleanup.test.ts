import { randomBytes } from 'node:crypto';
import { count, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb, type Transaction } from '@/lib/db/client';
import { samlSeenAssertions, ssoLoginRequests } from '@/lib/db/schema';
import { makeOrg } from '@/lib/testing/fixtures';
import { deleteExpiredBatch } from '@/lib/db/expired-rows';

const db = getDb();
const past = () => new Date(Date.now() - 60_000);
const future = () => new Date(Date.now() + 60_000);
const tag = () => randomBytes(6).toString('hex');

class Rollback extends Error {}

/** Runs `work` in a transaction that is always rolled back, so the rows never reach other tests. */
async function inRolledBackTransaction(work: (tx: Transaction) => Promise<void>) {
  await expect(
    db.transaction(async (tx) => {
      await work(tx);
      throw new Rollback();
    }),
  ).rejects.toBeInstanceOf(Rollback);
}

// Rows of other tests may be expired too and taken into a batch, so each check is on our own rows:
// one call removes at most 100 of them, a few more calls remove the rest, and live rows stay.
describe('expired SSO rows are cleaned up in small batches', () => {
  it('login requests', async () => {
    const org = await makeOrg();
    await inRolledBackTransaction(async (tx) => {
      const row = (expiresAt: Date) => ({ orgId: org.id, connectionId: 'c', state: tag(), codeVerifier: 'v', expiresAt });
      const expired = await tx.insert(ssoLoginRequests).values(Array.from({ length: 150 }, () => row(past()))).returning({ id: ssoLoginRequests.id });
      const live = await tx.insert(ssoLoginRequests).values(row(future())).returning({ id: ssoLoginRequests.id });
      const left = async (ids: { id: string }[]) => (await tx.select({ n: count() }).from(ssoLoginRequests).where(inArray(ssoLoginRequests.id, ids.map((r) => r.id))))[0].n;

      await deleteExpiredBatch(tx, ssoLoginRequests);
      expect(await left(expired)).toBeGreaterThanOrEqual(50);
      for (let i = 0; i < 20 && (await left(expired)) > 0; i++) await deleteExpiredBatch(tx, ssoLoginRequests);
      expect(await left(expired)).toBe(0);
      expect(await left(live)).toBe(1);
    });
  });

  it('seen SAML assertions', async () => {
    await inRolledBackTransaction(async (tx) => {
      const prefix = `https://idp.example.test/${tag()}`;
      const expired = Array.from({ length: 150 }, (_, i) => ({ key: `${prefix} expired-${i}`, expiresAt: past() }));
      const live = { key: `${prefix} live`, expiresAt: future() };
      await tx.insert(samlSeenAssertions).values([...expired, live]);
      const left = async (keys: string[]) => (await tx.select({ n: count() }).from(samlSeenAssertions).where(inArray(samlSeenAssertions.key, keys)))[0].n;

      await deleteExpiredBatch(tx, samlSeenAssertions);
      expect(await left(expired.map((r) => r.key))).toBeGreaterThanOrEqual(50);
      for (let i = 0; i < 20 && (await left(expired.map((r) => r.key))) > 0; i++) await deleteExpiredBatch(tx, samlSeenAssertions);
      expect(await left(expired.map((r) => r.key))).toBe(0);
      expect(await left([live.key])).toBe(1);
    });
  });
});
