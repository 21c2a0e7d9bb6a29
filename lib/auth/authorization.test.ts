import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { exportAuditAction, verifyAuditAction } from '@/lib/audit/actions';
import { getDb } from '@/lib/db/client';
import { apiKeys, auditEvents, invites, memberships, projects, type Role } from '@/lib/db/schema';
import { createApiKeyAction, createProjectAction, disableApiKeyAction } from '@/lib/gateway/actions';
import { createApiKey } from '@/lib/gateway/api-keys';
import { createProject } from '@/lib/gateway/projects';
import { changeMemberRoleAction, inviteMemberAction } from '@/lib/orgs/actions';
import { findMembership } from '@/lib/orgs/members';
import { hasPermission, ROLES, type Permission } from '@/lib/roles/permissions';
import { contextFor, makeMember, makeOrg, systemActor, uniqueEmail } from '@/lib/testing/fixtures';
import { runAction, type GuardedAction } from './guard';

const db = getDb();

async function rowCounts(orgId: string) {
  const n = async (table: typeof projects | typeof apiKeys | typeof invites | typeof auditEvents) =>
    (await db.select({ n: count() }).from(table).where(eq(table.orgId, orgId)))[0].n;
  return { projects: await n(projects), apiKeys: await n(apiKeys), invites: await n(invites), audit: await n(auditEvents) };
}

/** An org with one member of each role, a project that all belong to, and a key for each. */
async function orgWithEveryRole() {
  const org = await makeOrg();
  const people = {} as Record<Role, Awaited<ReturnType<typeof makeMember>>>;
  for (const role of ROLES) people[role] = await makeMember(org.id, role);
  const project = await createProject(db, { orgId: org.id, name: 'Shared', createdBy: people.owner.id }, systemActor);
  const { projectMembers } = await import('@/lib/db/schema');
  for (const role of ['admin', 'member', 'viewer'] as const) await db.insert(projectMembers).values({ projectId: project.id, userId: people[role].id });
  return { org, people, project };
}

describe('SPEC §6 permission table', () => {
  const expected: Record<Permission, Role[]> = {
    'org:manage-plan': ['owner'],
    'org:delete': ['owner'],
    'org:manage-owners': ['owner'],
    'sso:manage': ['owner', 'admin'],
    'members:manage': ['owner', 'admin'],
    'audit:read': ['owner', 'admin'],
    'projects:create': ['owner', 'admin', 'member'],
    'apikeys:manage-own': ['owner', 'admin', 'member'],
    'projects:read': ['owner', 'admin', 'member', 'viewer'],
    'account:manage-own': ['owner', 'admin', 'member', 'viewer'],
  };
  for (const [permission, allowed] of Object.entries(expected) as [Permission, Role[]][]) {
    it(`${permission}: ${allowed.join(', ')}`, () => {
      for (const role of ROLES) expect(hasPermission(role, permission), `${role} → ${permission}`).toBe(allowed.includes(role));
    });
  }
});

describe('the guard refuses what each role may not do, and changes nothing', () => {
  type Case = { name: string; action: GuardedAction<never, unknown>; allowed: Role[]; input: (s: Awaited<ReturnType<typeof orgWithEveryRole>>, role: Role) => Promise<unknown> | unknown };
  const cases: Case[] = [
    { name: 'create project', action: createProjectAction as never, allowed: ['owner', 'admin', 'member'], input: () => ({ name: 'New project' }) },
    { name: 'create API key', action: createApiKeyAction as never, allowed: ['owner', 'admin', 'member'], input: (s) => ({ projectId: s.project.id, name: 'k' }) },
    {
      name: 'disable API key',
      action: disableApiKeyAction as never,
      allowed: ['owner', 'admin', 'member'],
      input: async (s, role) => {
        const { key } = await createApiKey(db, { orgId: s.org.id, projectId: s.project.id, userId: s.people[role].id, name: 'own' }, systemActor);
        return { keyId: key.id };
      },
    },
    {
      name: 'change a member role',
      action: changeMemberRoleAction as never,
      allowed: ['owner', 'admin'],
      input: async (s) => ({ membershipId: (await findMembership(db, s.org.id, s.people.viewer.id))!.id, role: 'member' }),
    },
    { name: 'invite a member', action: inviteMemberAction as never, allowed: ['owner', 'admin'], input: () => ({ email: uniqueEmail('invitee'), role: 'member' }) },
    { name: 'export audit log', action: exportAuditAction as never, allowed: ['owner', 'admin'], input: () => ({ format: 'json' }) },
    { name: 'verify audit chain', action: verifyAuditAction as never, allowed: ['owner', 'admin'], input: () => undefined },
  ];

  for (const testCase of cases) {
    it(testCase.name, async () => {
      for (const role of ROLES) {
        const setup = await orgWithEveryRole();
        const input = await testCase.input(setup, role);
        const before = await rowCounts(setup.org.id);
        const result = await runAction(testCase.action, contextFor(setup.people[role], setup.org, role), input);
        if (testCase.allowed.includes(role)) {
          expect(result, `${role} should be allowed to ${testCase.name}`).toMatchObject({ ok: true });
        } else {
          expect(result, `${role} must be refused ${testCase.name}`).toMatchObject({ ok: false, error: expect.stringMatching(/You need the (Owner|Admin|Member) role or higher/) });
          expect(await rowCounts(setup.org.id)).toEqual(before);
        }
      }
    });
  }

  it('refuses everything without a session', async () => {
    const result = await runAction(createProjectAction, null, { name: 'x' });
    expect(result).toEqual({ ok: false, error: 'Your session has ended. Please sign in again.' });
  });

  it('validates input before running and writes nothing on bad input', async () => {
    const { org, people, project } = await orgWithEveryRole();
    const ctx = contextFor(people.owner, org, 'owner');
    const before = await rowCounts(org.id);
    expect(await runAction(createProjectAction, ctx, { name: '   ' })).toMatchObject({ ok: false, error: 'Enter a project name', fieldErrors: { name: 'Enter a project name' } });
    expect(await runAction(createApiKeyAction, ctx, { projectId: 'not-a-uuid', name: 'k' })).toMatchObject({ ok: false, error: 'Choose a valid project' });
    expect(await runAction(createApiKeyAction, ctx, { projectId: project.id, name: '' })).toMatchObject({ ok: false, error: 'Enter a key name' });
    expect(await runAction(changeMemberRoleAction, ctx, { membershipId: project.id, role: 'emperor' })).toMatchObject({ ok: false });
    expect(await rowCounts(org.id)).toEqual(before);
  });

  it('lets only owners touch the Owner role and never removes the last owner', async () => {
    const { org, people } = await orgWithEveryRole();
    const ownerMembership = (await findMembership(db, org.id, people.owner.id))!;
    const viewerMembership = (await findMembership(db, org.id, people.viewer.id))!;
    const asAdmin = contextFor(people.admin, org, 'admin');
    const asOwner = contextFor(people.owner, org, 'owner');
    expect(await runAction(changeMemberRoleAction, asAdmin, { membershipId: ownerMembership.id, role: 'member' })).toEqual({ ok: false, error: 'Only an owner can grant or remove the Owner role' });
    expect(await runAction(changeMemberRoleAction, asAdmin, { membershipId: viewerMembership.id, role: 'owner' })).toEqual({ ok: false, error: 'Only an owner can grant or remove the Owner role' });
    expect(await runAction(inviteMemberAction, asAdmin, { email: uniqueEmail('x'), role: 'owner' })).toEqual({ ok: false, error: 'Only an owner can invite another owner' });
    expect(await runAction(changeMemberRoleAction, asOwner, { membershipId: ownerMembership.id, role: 'admin' })).toMatchObject({ ok: false, error: expect.stringMatching(/at least one owner/) });
    expect(await runAction(changeMemberRoleAction, asOwner, { membershipId: viewerMembership.id, role: 'owner' })).toEqual({ ok: true, data: { role: 'owner' } });
  });

  it('refuses hand edits of a role that group rules decide', async () => {
    const { org, people } = await orgWithEveryRole();
    const membership = (await findMembership(db, org.id, people.member.id))!;
    await db.update(memberships).set({ roleLockedByIdp: true }).where(eq(memberships.id, membership.id));
    const result = await runAction(changeMemberRoleAction, contextFor(people.owner, org, 'owner'), { membershipId: membership.id, role: 'viewer' });
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/managed by your identity provider/) });
    expect((await findMembership(db, org.id, people.member.id))!.role).toBe('member');
  });

  it('cannot reach a member of another org', async () => {
    const a = await orgWithEveryRole();
    const b = await orgWithEveryRole();
    const foreign = (await findMembership(db, b.org.id, b.people.viewer.id))!;
    const result = await runAction(changeMemberRoleAction, contextFor(a.people.owner, a.org, 'owner'), { membershipId: foreign.id, role: 'admin' });
    expect(result).toEqual({ ok: false, error: 'Member not found' });
    expect((await findMembership(db, b.org.id, b.people.viewer.id))!.role).toBe('viewer');
  });
});
