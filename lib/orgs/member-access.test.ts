import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createSession, findLiveSession } from '@/lib/auth/sessions';
import { getDb } from '@/lib/db/client';
import { apiKeys, auditEvents, devOutbox, invites, projectMembers, scimUsers } from '@/lib/db/schema';
import { authenticateApiKey, createApiKey } from '@/lib/gateway/api-keys';
import { createProject } from '@/lib/gateway/projects';
import { makeMember, makeOrg, systemActor, uniqueEmail } from '@/lib/testing/fixtures';
import { createInvite, findOpenInvite } from './invites';
import { listMembersPage, readMemberQuery } from './member-directory';
import { enableMemberApiKeys, removeMember, restoreMember, revokeMemberSessions, suspendMember } from './member-access';
import { findMembership } from './members';
import { listPendingInvites, renewInvite, revokeInvite } from './pending-invites';

const db = getDb();
const meta = { ip: '127.0.0.1', userAgent: 'vitest' };

/** An org with an owner, an admin and a member who has a live session and an API key. */
async function setup() {
  const org = await makeOrg();
  const owner = await makeMember(org.id, 'owner');
  const admin = await makeMember(org.id, 'admin');
  const member = await makeMember(org.id, 'member');
  const project = await createProject(db, { orgId: org.id, name: 'P', createdBy: owner.id }, systemActor);
  await db.insert(projectMembers).values({ projectId: project.id, userId: member.id });
  const { secret } = await createApiKey(db, { orgId: org.id, projectId: project.id, userId: member.id, name: 'laptop' }, systemActor);
  const session = await createSession(db, { userId: member.id, method: 'password', orgId: org.id, meta });
  const membershipOf = async (userId: string) => (await findMembership(db, org.id, userId))!;
  return { org, owner, admin, member, secret, session, membershipOf, asOwner: { role: 'owner' as const, userId: owner.id }, asAdmin: { role: 'admin' as const, userId: admin.id } };
}

async function actions(orgId: string) {
  return (await db.select({ action: auditEvents.action, target: auditEvents.targetLabel, metadata: auditEvents.metadata }).from(auditEvents).where(eq(auditEvents.orgId, orgId)).orderBy(asc(auditEvents.seq))).filter((e) => !['org.created', 'member.added', 'project.created', 'api_key.created'].includes(e.action));
}

describe('suspend, restore, remove, sign out a member', () => {
  it('suspension ends their sessions and disables their API keys in one go; restore lets them in but keeps keys off', async () => {
    const s = await setup();
    const membership = await s.membershipOf(s.member.id);
    expect(await authenticateApiKey(db, s.secret)).toBeDefined();
    expect(await suspendMember(db, { orgId: s.org.id, membershipId: membership.id }, s.asAdmin, systemActor)).toEqual({ sessionsRevoked: 1, apiKeysDisabled: 1 });
    expect((await s.membershipOf(s.member.id)).status).toBe('suspended');
    expect(await findLiveSession(db, s.session.id)).toBeUndefined();
    expect(await authenticateApiKey(db, s.secret)).toBeUndefined();
    await restoreMember(db, { orgId: s.org.id, membershipId: membership.id }, s.asAdmin, systemActor);
    expect((await s.membershipOf(s.member.id)).status).toBe('active');
    expect(await authenticateApiKey(db, s.secret)).toBeUndefined();
    expect((await actions(s.org.id)).map((e) => [e.action, e.target])).toEqual([
      ['session.revoked', s.member.email],
      ['member.suspended', s.member.email],
      ['member.restored', s.member.email],
    ]);
  });

  it('after a restore, an admin re-enables the member’s keys all at once; refused while suspended, with none off, or on an owner', async () => {
    const s = await setup();
    const membership = await s.membershipOf(s.member.id);
    const input = { orgId: s.org.id, membershipId: membership.id };
    await suspendMember(db, input, s.asAdmin, systemActor);
    const project = await createProject(db, { orgId: s.org.id, name: 'Q', createdBy: s.owner.id }, systemActor);
    await db.insert(projectMembers).values({ projectId: project.id, userId: s.member.id });
    const second = await createApiKey(db, { orgId: s.org.id, projectId: project.id, userId: s.member.id, name: 'ci' }, systemActor);
    await db.update(apiKeys).set({ disabledAt: new Date(), disabledReason: 'Suspended by an admin' }).where(eq(apiKeys.id, second.key.id));
    const listed = async () => (await listMembersPage(db, s.org.id, { q: s.member.email, page: 1 })).rows[0].disabledApiKeys;
    expect(await listed()).toBe(2);

    await expect(enableMemberApiKeys(db, input, s.asAdmin, systemActor)).rejects.toThrow(`${s.member.email} is suspended in this organization, so their keys stay off. Restore them first.`);
    expect(await authenticateApiKey(db, s.secret)).toBeUndefined();
    await restoreMember(db, input, s.asAdmin, systemActor);
    const ownerMembership = await s.membershipOf(s.owner.id);
    await expect(enableMemberApiKeys(db, { orgId: s.org.id, membershipId: ownerMembership.id }, s.asAdmin, systemActor)).rejects.toThrow('Only an owner can re-enable the API keys of an owner');
    await expect(enableMemberApiKeys(db, { orgId: (await makeOrg()).id, membershipId: membership.id }, s.asOwner, systemActor)).rejects.toThrow(/Member not found/);
    expect(await listed()).toBe(2);

    expect(await enableMemberApiKeys(db, input, s.asAdmin, systemActor)).toEqual({ apiKeysEnabled: 2 });
    expect(await authenticateApiKey(db, s.secret)).toBeDefined();
    expect(await authenticateApiKey(db, second.secret)).toBeDefined();
    expect(await listed()).toBe(0);
    expect((await actions(s.org.id)).filter((e) => e.action === 'api_key.enabled')).toHaveLength(2);
    await expect(enableMemberApiKeys(db, input, s.asAdmin, systemActor)).rejects.toThrow(`${s.member.email} has no disabled API keys`);
  });

  it('restore is refused while the IdP directory says the person is deactivated', async () => {
    const s = await setup();
    const membership = await s.membershipOf(s.member.id);
    await suspendMember(db, { orgId: s.org.id, membershipId: membership.id }, s.asAdmin, systemActor);
    await db.insert(scimUsers).values({ orgId: s.org.id, userId: s.member.id, userName: s.member.email, active: false, resource: {} });
    await expect(restoreMember(db, { orgId: s.org.id, membershipId: membership.id }, s.asAdmin, systemActor)).rejects.toThrow(`${s.member.email} is deactivated in your identity provider's directory; reactivate them there`);
    expect((await s.membershipOf(s.member.id)).status).toBe('suspended');
  });

  it('removal cuts access and takes the membership and project seats; the account stays', async () => {
    const s = await setup();
    const membership = await s.membershipOf(s.member.id);
    expect(await removeMember(db, { orgId: s.org.id, membershipId: membership.id }, s.asAdmin, systemActor)).toEqual({ sessionsRevoked: 1, apiKeysDisabled: 1 });
    expect(await findMembership(db, s.org.id, s.member.id)).toBeUndefined();
    expect(await db.select().from(projectMembers).where(eq(projectMembers.userId, s.member.id))).toEqual([]);
    expect(await authenticateApiKey(db, s.secret)).toBeUndefined();
    expect((await actions(s.org.id)).map((e) => e.action)).toEqual(['session.revoked', 'member.removed']);
  });

  it('signing a member out ends their sessions in this org only, audited even when there was none', async () => {
    const s = await setup();
    const other = await makeOrg();
    const elsewhere = await createSession(db, { userId: s.member.id, method: 'password', orgId: other.id, meta });
    const membership = await s.membershipOf(s.member.id);
    expect(await revokeMemberSessions(db, { orgId: s.org.id, membershipId: membership.id }, s.asAdmin, systemActor)).toEqual({ sessionsRevoked: 1 });
    expect(await findLiveSession(db, s.session.id)).toBeUndefined();
    expect(await findLiveSession(db, elsewhere.id)).toBeDefined();
    expect(await authenticateApiKey(db, s.secret)).toBeDefined();
    expect(await revokeMemberSessions(db, { orgId: s.org.id, membershipId: membership.id }, s.asAdmin, systemActor)).toEqual({ sessionsRevoked: 0 });
    expect((await actions(s.org.id)).map((e) => [e.action, (e.metadata as { count: number }).count])).toEqual([
      ['session.revoked', 1],
      ['session.revoked', 0],
    ]);
  });

  it('only owners act on owners, nobody acts on themselves, the last owner stays, and refusals change nothing', async () => {
    const s = await setup();
    const ownerMembership = await s.membershipOf(s.owner.id);
    const adminMembership = await s.membershipOf(s.admin.id);
    const before = await actions(s.org.id);
    for (const act of [suspendMember, removeMember, revokeMemberSessions]) {
      await expect(act(db, { orgId: s.org.id, membershipId: ownerMembership.id }, s.asAdmin, systemActor)).rejects.toThrow(/^Only an owner can (suspend|remove|sign out) an owner$/);
      await expect(act(db, { orgId: s.org.id, membershipId: adminMembership.id }, s.asAdmin, systemActor)).rejects.toThrow(/^You cannot (suspend|remove|sign out) yourself/);
    }
    // A second owner may act on the first, but never take away the last active one.
    const second = await makeMember(s.org.id, 'owner');
    const asSecond = { role: 'owner' as const, userId: second.id };
    await suspendMember(db, { orgId: s.org.id, membershipId: ownerMembership.id }, asSecond, systemActor);
    const secondMembership = await s.membershipOf(second.id);
    await expect(removeMember(db, { orgId: s.org.id, membershipId: secondMembership.id }, s.asOwner, systemActor)).rejects.toThrow(/Only an owner|at least one active owner/);
    await expect(suspendMember(db, { orgId: s.org.id, membershipId: secondMembership.id }, { role: 'owner', userId: s.admin.id }, systemActor)).rejects.toThrow('An organization needs at least one active owner; make someone else owner first');
    expect((await s.membershipOf(second.id)).status).toBe('active');
    const foreign = await makeOrg();
    await expect(suspendMember(db, { orgId: foreign.id, membershipId: adminMembership.id }, s.asOwner, systemActor)).rejects.toThrow(/Member not found/);
    expect((await actions(s.org.id)).slice(0, before.length)).toEqual(before);
    expect((await s.membershipOf(s.admin.id)).status).toBe('active');
  });
});

describe('the members list', () => {
  it('searches name and email, pages on the server, and shows last sign-in and IdP management', async () => {
    const org = await makeOrg();
    const people: Awaited<ReturnType<typeof makeMember>>[] = [];
    for (let i = 0; i < 5; i++) people.push(await makeMember(org.id, 'member', { email: uniqueEmail(`page${i}`) }));
    await createSession(db, { userId: people[0].id, method: 'password', orgId: org.id, meta });
    await db.insert(scimUsers).values({ orgId: org.id, userId: people[1].id, userName: people[1].email, resource: {} });
    const first = await listMembersPage(db, org.id, { q: '', page: 1, pageSize: 2 });
    expect(first).toMatchObject({ total: 5, page: 1, pageCount: 3 });
    expect(first.rows).toHaveLength(2);
    const all = (await listMembersPage(db, org.id, { q: '', page: 1, pageSize: 10 })).rows;
    expect(all.find((r) => r.userId === people[0].id)!.lastSignInAt).toBeInstanceOf(Date);
    expect(all.find((r) => r.userId === people[2].id)!.lastSignInAt).toBeNull();
    expect(all.find((r) => r.userId === people[1].id)!.scimProvisioned).toBe(true);
    expect(all.find((r) => r.userId === people[2].id)!.scimProvisioned).toBe(false);
    const found = await listMembersPage(db, org.id, { q: people[3].email.slice(0, 10).toUpperCase(), page: 1 });
    expect(found.rows.map((r) => r.email)).toEqual([people[3].email]);
    expect((await listMembersPage(db, org.id, { q: '%', page: 1 })).total).toBe(0);
    expect(readMemberQuery({ q: '  bob ', page: 'x' })).toEqual({ q: 'bob', page: 1 });
    expect(readMemberQuery({ page: ['3'] })).toEqual({ q: '', page: 3 });
    expect(readMemberQuery({ page: '-2' })).toEqual({ q: '', page: 1 });
  });
});

describe('pending invites', () => {
  it('resend replaces the link and emails it; revoke withdraws it; owner invites are owners’ business', async () => {
    const org = await makeOrg();
    const owner = await makeMember(org.id, 'owner');
    const email = uniqueEmail('invitee');
    const { invite, token } = await createInvite(db, { orgId: org.id, email, role: 'member', invitedBy: owner.id }, systemActor);
    expect((await listPendingInvites(db, org.id)).map((i) => i.email)).toEqual([email]);
    const renewed = await renewInvite(db, { orgId: org.id, inviteId: invite.id, actorRole: 'admin' }, systemActor);
    expect(await findOpenInvite(db, token)).toBeUndefined();
    expect(await findOpenInvite(db, renewed.token)).toBeDefined();
    await revokeInvite(db, { orgId: org.id, inviteId: invite.id, actorRole: 'admin' }, systemActor);
    expect(await findOpenInvite(db, renewed.token)).toBeUndefined();
    expect(await listPendingInvites(db, org.id)).toEqual([]);
    await expect(revokeInvite(db, { orgId: org.id, inviteId: invite.id, actorRole: 'admin' }, systemActor)).rejects.toThrow('This invite is no longer pending (it was accepted or revoked)');

    const ownerInvite = (await createInvite(db, { orgId: org.id, email: uniqueEmail('co-owner'), role: 'owner', invitedBy: owner.id }, systemActor)).invite;
    await expect(renewInvite(db, { orgId: org.id, inviteId: ownerInvite.id, actorRole: 'admin' }, systemActor)).rejects.toThrow('Only an owner can resend an invite to become owner');
    await expect(revokeInvite(db, { orgId: org.id, inviteId: ownerInvite.id, actorRole: 'admin' }, systemActor)).rejects.toThrow('Only an owner can revoke an invite to become owner');
    expect(await db.select().from(invites).where(and(eq(invites.orgId, org.id), eq(invites.id, ownerInvite.id)))).toHaveLength(1);
    expect((await actions(org.id)).map((e) => e.action)).toEqual(['member.invited', 'member.invite_resent', 'member.invite_revoked', 'member.invited']);
    expect(await db.select().from(devOutbox).where(eq(devOutbox.to, email))).toEqual([]);
  });
});

