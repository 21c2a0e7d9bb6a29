import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { getSetupLinkContext, rememberSetupLink } from '@/lib/auth/setup-link-context';
import { getDb } from '@/lib/db/client';
import { setupLinks } from '@/lib/db/schema';
import { makeMember, makeOrg, systemActor } from '@/lib/testing/fixtures';
import { createSetupLink, findLiveSetupLink, revokeSetupLink } from './setup-links';

// A browser with no session and whatever cookies are set (the setup link's).
const jar = vi.hoisted(() => new Map<string, string>());
vi.mock('next/headers', () => ({
  cookies: async () => ({ get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined), set: (name: string, value: string) => void (value ? jar.set(name, value) : jar.delete(name)) }),
  headers: async () => new Headers({ 'user-agent': 'vitest' }),
}));

const db = getDb();

beforeEach(() => jar.clear());

async function newLink(days = 3) {
  const org = await makeOrg();
  const owner = await makeMember(org.id, 'owner');
  const created = await createSetupLink(db, { orgId: org.id, label: 'Entra admin Sam', days, createdBy: owner.id }, systemActor);
  return { org, link: created.link, token: created.token };
}

const lastUsedAt = async (id: string) => (await db.select({ at: setupLinks.lastUsedAt }).from(setupLinks).where(eq(setupLinks.id, id)))[0].at;

describe('findLiveSetupLink (the page a plain GET of the link shows)', () => {
  it('names the live link and its org without marking it used', async () => {
    const { org, link, token } = await newLink();
    const found = await findLiveSetupLink(db, token);
    expect(found?.link.id).toBe(link.id);
    expect(found?.org.name).toBe(org.name);
    expect(await lastUsedAt(link.id)).toBeNull();
  });

  it('finds nothing for a revoked, expired, unknown or malformed token', async () => {
    const revoked = await newLink();
    await revokeSetupLink(db, { orgId: revoked.org.id, linkId: revoked.link.id }, systemActor);
    expect(await findLiveSetupLink(db, revoked.token)).toBeUndefined();

    const expired = await newLink(1);
    await db.update(setupLinks).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(setupLinks.id, expired.link.id));
    expect(await findLiveSetupLink(db, expired.token)).toBeUndefined();

    expect(await findLiveSetupLink(db, 'setup_unknown')).toBeUndefined();
    expect(await findLiveSetupLink(db, `setup_${'x'.repeat(200)}`)).toBeUndefined();
    expect(await findLiveSetupLink(db, revoked.token.replace('setup_', 'other_'))).toBeUndefined();
  });
});

describe('getSetupLinkContext', () => {
  it('carries the link’s expiry for the setup portal’s header', async () => {
    const { link, token } = await newLink(2);
    await rememberSetupLink(token, link.expiresAt);
    const ctx = await getSetupLinkContext();
    expect(ctx?.setupLink).toEqual({ id: link.id, label: 'Entra admin Sam', expiresAt: link.expiresAt });
  });
});
