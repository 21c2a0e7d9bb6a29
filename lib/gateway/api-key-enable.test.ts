import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db/client';
import { apiKeys, auditEvents, memberships } from '@/lib/db/schema';
import { makeMember, makeOrg, systemActor } from '@/lib/testing/fixtures';
import { authenticateApiKey, createApiKey, disableApiKey, disableUserApiKeys, enableApiKey } from './api-keys';
import { createProject } from './projects';
import { projectMembers } from '@/lib/db/schema';

const db = getDb();
const as = (user: { id: string; email: string }) => ({ actor: { type: 'user' as const, id: user.id, label: user.email } });

async function setup() {
  const org = await makeOrg();
  const admin = await makeMember(org.id, 'admin');
  const member = await makeMember(org.id, 'member');
  const colleague = await makeMember(org.id, 'member');
  const project = await createProject(db, { orgId: org.id, name: 'P', createdBy: admin.id }, systemActor);
  for (const user of [member, colleague]) await db.insert(projectMembers).values({ projectId: project.id, userId: user.id });
  const { key, secret } = await createApiKey(db, { orgId: org.id, projectId: project.id, userId: member.id, name: 'laptop' }, systemActor);
  return { org, admin, member, colleague, key, secret };
}

const keyRow = async (id: string) => (await db.select().from(apiKeys).where(eq(apiKeys.id, id)))[0];
const enabledEvents = async (orgId: string) => db.select().from(auditEvents).where(and(eq(auditEvents.orgId, orgId), eq(auditEvents.action, 'api_key.enabled')));

describe('re-enabling a disabled API key', () => {
  it('its owner turns it back on: the gateway accepts it again, and the change is audited', async () => {
    const { org, member, key, secret } = await setup();
    await disableApiKey(db, { orgId: org.id, userId: member.id, keyId: key.id }, as(member));
    expect(await authenticateApiKey(db, secret)).toBeUndefined();
    await enableApiKey(db, { orgId: org.id, keyId: key.id, byUserId: member.id, asAdmin: false }, as(member));
    expect(await authenticateApiKey(db, secret)).toMatchObject({ keyId: key.id });
    expect(await keyRow(key.id)).toMatchObject({ disabledAt: null, disabledReason: null });
    const [event] = await enabledEvents(org.id);
    expect(event).toMatchObject({ actorId: member.id, targetId: key.id, before: { disabledReason: 'disabled by its owner' } });
  });

  it('an admin may turn on a member’s key; another member may not, and nothing changes', async () => {
    const { org, admin, member, colleague, key } = await setup();
    await disableApiKey(db, { orgId: org.id, userId: member.id, keyId: key.id }, as(member));
    await expect(enableApiKey(db, { orgId: org.id, keyId: key.id, byUserId: colleague.id, asAdmin: false }, as(colleague))).rejects.toThrow('API key not found');
    expect((await keyRow(key.id)).disabledAt).not.toBeNull();
    expect(await enabledEvents(org.id)).toEqual([]);
    await enableApiKey(db, { orgId: org.id, keyId: key.id, byUserId: admin.id, asAdmin: true }, as(admin));
    expect((await keyRow(key.id)).disabledAt).toBeNull();
  });

  it('a key of a suspended member stays off until they are restored, with the reason in words', async () => {
    const { org, admin, member, key, secret } = await setup();
    await db.update(memberships).set({ status: 'suspended' }).where(and(eq(memberships.orgId, org.id), eq(memberships.userId, member.id)));
    await disableUserApiKeys(db, { orgId: org.id, userId: member.id, reason: 'member suspended' });
    await expect(enableApiKey(db, { orgId: org.id, keyId: key.id, byUserId: admin.id, asAdmin: true }, as(admin))).rejects.toThrow(
      `${member.email} is suspended in this organization, so their keys stay off. Restore them first.`,
    );
    expect((await keyRow(key.id)).disabledAt).not.toBeNull();
    await db.update(memberships).set({ status: 'active' }).where(and(eq(memberships.orgId, org.id), eq(memberships.userId, member.id)));
    await enableApiKey(db, { orgId: org.id, keyId: key.id, byUserId: admin.id, asAdmin: true }, as(admin));
    expect(await authenticateApiKey(db, secret)).toMatchObject({ keyId: key.id });
  });

  it('refuses a key that is not disabled, and a key of another org, even for its admin', async () => {
    const a = await setup();
    const b = await setup();
    await expect(enableApiKey(db, { orgId: a.org.id, keyId: a.key.id, byUserId: a.member.id, asAdmin: false }, as(a.member))).rejects.toThrow('API key laptop is already enabled');
    await disableApiKey(db, { orgId: b.org.id, userId: b.member.id, keyId: b.key.id }, as(b.member));
    await expect(enableApiKey(db, { orgId: a.org.id, keyId: b.key.id, byUserId: a.admin.id, asAdmin: true }, as(a.admin))).rejects.toThrow('API key not found');
    expect((await keyRow(b.key.id)).disabledAt).not.toBeNull();
  });
});

describe('the key check', () => {
  it('records "last used" to the minute: the first call writes it, calls within the minute leave it, a later one moves it', async () => {
    const { key, secret } = await setup();
    expect((await keyRow(key.id)).lastUsedAt).toBeNull();
    expect(await authenticateApiKey(db, secret)).not.toHaveProperty('lastUsedAt');
    const first = (await keyRow(key.id)).lastUsedAt;
    expect(first).toBeInstanceOf(Date);
    await authenticateApiKey(db, secret);
    expect((await keyRow(key.id)).lastUsedAt).toEqual(first);
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    await db.update(apiKeys).set({ lastUsedAt: twoMinutesAgo }).where(eq(apiKeys.id, key.id));
    await authenticateApiKey(db, secret);
    expect((await keyRow(key.id)).lastUsedAt!.getTime()).toBeGreaterThan(twoMinutesAgo.getTime() + 60_000);
  });
});
