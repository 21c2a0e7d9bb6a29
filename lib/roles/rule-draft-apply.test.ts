import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createSession, findLiveSession } from '@/lib/auth/sessions';
import { getDb } from '@/lib/db/client';
import { apiKeys, auditEvents, memberships, organizations, projectMembers, roleRules, teamMembers, teams, type MembershipSource, type Role } from '@/lib/db/schema';
import { createApiKey } from '@/lib/gateway/api-keys';
import { createProject } from '@/lib/gateway/projects';
import { addMember } from '@/lib/orgs/members';
import { makeMember, makeOrg, makeUser, systemActor } from '@/lib/testing/fixtures';
import type { RuleDraftInput } from './rule-draft';
import { applyRuleDraft, previewRuleDraft } from './rule-draft-apply';
import { listRoleRules } from './rules';

const db = getDb();
const meta = { ip: '127.0.0.1', userAgent: 'vitest' };

/** An org with a rule for ai-admins, its owner, and bob: signed in by SSO with engineering (default role Member). */
async function orgWithBob() {
  const org = await makeOrg();
  const owner = await makeMember(org.id, 'owner');
  await db.insert(roleRules).values({ orgId: org.id, idpGroup: 'ai-admins', role: 'admin', position: 1 });
  const bob = await memberIn(org.id, 'member', 'sso', ['engineering']);
  return { org, owner, bob };
}

async function memberIn(orgId: string, role: Role, source: MembershipSource, groups: string[]) {
  const user = await makeUser();
  await addMember(db, { orgId, userId: user.id, role, source }, systemActor);
  for (const name of groups) {
    await db.insert(teams).values({ orgId, name }).onConflictDoNothing();
    const [team] = await db.select().from(teams).where(and(eq(teams.orgId, orgId), eq(teams.name, name)));
    await db.insert(teamMembers).values({ teamId: team.id, userId: user.id });
  }
  return user;
}

async function currentDraft(orgId: string): Promise<RuleDraftInput & { rules: NonNullable<RuleDraftInput['rules']> }> {
  const [org] = await db.select().from(organizations).where(eq(organizations.id, orgId));
  const rules = await listRoleRules(db, orgId);
  return { rules: rules.map((r) => ({ id: r.id, idpGroup: r.idpGroup, role: r.role })), defaultRole: org.defaultRole as 'member', requireMappedGroup: org.requireMappedGroup };
}

/** Everything applying could write, to prove that a refusal or a preview changed nothing. */
async function state(orgId: string) {
  return {
    org: (await db.select({ d: organizations.defaultRole, r: organizations.requireMappedGroup }).from(organizations).where(eq(organizations.id, orgId)))[0],
    rules: (await listRoleRules(db, orgId)).map((r) => [r.id, r.idpGroup, r.role, r.position]),
    members: await db.select({ id: memberships.id, role: memberships.role, status: memberships.status, locked: memberships.roleLockedByIdp, rule: memberships.roleRuleId }).from(memberships).where(eq(memberships.orgId, orgId)).orderBy(asc(memberships.id)),
    audit: (await db.select({ seq: auditEvents.seq }).from(auditEvents).where(eq(auditEvents.orgId, orgId))).length,
  };
}

async function auditOf(orgId: string, action: string) {
  return db.select().from(auditEvents).where(and(eq(auditEvents.orgId, orgId), eq(auditEvents.action, action))).orderBy(asc(auditEvents.seq));
}

async function membershipOf(orgId: string, userId: string) {
  const [row] = await db.select().from(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
  return row;
}

describe('rule draft: impact preview', () => {
  it('names the members whose role would change, with the deciding rule and counts, and changes nothing', async () => {
    const { org, bob } = await orgWithBob();
    const before = await state(org.id);
    const draft = await currentDraft(org.id);
    draft.rules.push({ idpGroup: 'engineering', role: 'admin' }, { idpGroup: 'finance', role: 'viewer' });
    const impact = await previewRuleDraft(db, { orgId: org.id, draft, actorRole: 'owner' });
    expect(impact.members).toEqual([expect.objectContaining({ userId: bob.id, before: { role: 'member', status: 'active' }, after: { role: 'admin', status: 'active' }, decidedBy: 'rule engineering → Admin' })]);
    expect(impact.counts).toEqual({ members: 1, roleChanges: 1, losingAccess: 0, regainingAccess: 0 });
    expect(impact.rules).toEqual({ created: 2, updated: 0, deleted: 0, reordered: false });
    expect(await state(org.id)).toEqual(before);
  });

  it('lists nobody when nothing would change', async () => {
    const { org } = await orgWithBob();
    const impact = await previewRuleDraft(db, { orgId: org.id, draft: await currentDraft(org.id), actorRole: 'owner' });
    expect(impact.members).toEqual([]);
    expect(impact.counts.members).toBe(0);
  });
});

describe('rule draft: apply', () => {
  it('saves rules and re-evaluates members in one go, audited per change with the deciding rule', async () => {
    const { org, bob } = await orgWithBob();
    const draft = await currentDraft(org.id);
    draft.rules.unshift({ idpGroup: 'engineering', role: 'admin' });
    const impact = await applyRuleDraft(db, { orgId: org.id, draft, actorRole: 'owner' }, systemActor);
    expect(impact.counts.roleChanges).toBe(1);
    const rules = await listRoleRules(db, org.id);
    expect(rules.map((r) => [r.idpGroup, r.role, r.position])).toEqual([['engineering', 'admin', 1], ['ai-admins', 'admin', 2]]);
    expect(await membershipOf(org.id, bob.id)).toMatchObject({ role: 'admin', roleLockedByIdp: true, roleRuleId: rules[0].id });
    expect((await auditOf(org.id, 'role_rule.created')).map((e) => e.targetLabel)).toEqual(['engineering']);
    expect(await auditOf(org.id, 'role_rule.reordered')).toHaveLength(0); // the kept rule stays where it was among the kept ones
    const [changed] = await auditOf(org.id, 'member.role_changed');
    expect(changed).toMatchObject({ targetId: bob.id, before: { role: 'member' }, after: { role: 'admin' }, metadata: expect.objectContaining({ reason: 'group rule', ruleId: rules[0].id, group: 'engineering' }) });
  });

  it('audits updates, removals, reordering and setting changes; two rules may swap groups', async () => {
    const org = await makeOrg();
    await makeMember(org.id, 'owner');
    await db.insert(roleRules).values([
      { orgId: org.id, idpGroup: 'a', role: 'admin', position: 1 },
      { orgId: org.id, idpGroup: 'b', role: 'viewer', position: 2 },
      { orgId: org.id, idpGroup: 'c', role: 'member', position: 3 },
    ]);
    const [a, b] = await listRoleRules(db, org.id);
    await applyRuleDraft(
      db,
      { orgId: org.id, draft: { rules: [{ id: b.id, idpGroup: 'a', role: 'viewer' }, { id: a.id, idpGroup: 'b', role: 'admin' }], defaultRole: 'viewer', requireMappedGroup: true }, actorRole: 'owner' },
      systemActor,
    );
    expect((await listRoleRules(db, org.id)).map((r) => [r.id, r.idpGroup, r.position])).toEqual([[b.id, 'a', 1], [a.id, 'b', 2]]);
    expect((await auditOf(org.id, 'role_rule.updated')).map((e) => e.targetId).sort()).toEqual([a.id, b.id].sort());
    expect((await auditOf(org.id, 'role_rule.deleted')).map((e) => e.targetLabel)).toEqual(['c']);
    expect(await auditOf(org.id, 'role_rule.reordered')).toHaveLength(1);
    expect(await auditOf(org.id, 'org.default_role_changed')).toHaveLength(1);
    expect(await auditOf(org.id, 'org.require_mapped_group_changed')).toHaveLength(1);
  });

  it('applies to IdP-managed members and members with groups; manual members without groups keep role and access', async () => {
    const { org, owner } = await orgWithBob();
    const manualNoGroups = await memberIn(org.id, 'member', 'manual', []);
    const invitedWithGroups = await memberIn(org.id, 'member', 'invite', ['engineering']);
    const draft = { ...(await currentDraft(org.id)), requireMappedGroup: true };
    const impact = await applyRuleDraft(db, { orgId: org.id, draft, actorRole: 'owner' }, systemActor);
    expect(impact.members.map((m) => m.userId).sort()).toEqual(expect.arrayContaining([invitedWithGroups.id]));
    expect(await membershipOf(org.id, manualNoGroups.id)).toMatchObject({ role: 'member', status: 'active' });
    expect(await membershipOf(org.id, owner.id)).toMatchObject({ role: 'owner', status: 'active' });
    expect(await membershipOf(org.id, invitedWithGroups.id)).toMatchObject({ status: 'suspended' });
  });

  it('members who lose access are suspended, their sessions revoked and API keys disabled in the same transaction', async () => {
    const { org, owner, bob } = await orgWithBob();
    const project = await createProject(db, { orgId: org.id, name: 'P', createdBy: owner.id }, systemActor);
    await db.insert(projectMembers).values({ projectId: project.id, userId: bob.id });
    const { key } = await createApiKey(db, { orgId: org.id, projectId: project.id, userId: bob.id, name: 'bob key' }, systemActor);
    const session = await createSession(db, { userId: bob.id, method: 'sso', orgId: org.id, meta });
    const draft = { ...(await currentDraft(org.id)), requireMappedGroup: true };

    const preview = await previewRuleDraft(db, { orgId: org.id, draft, actorRole: 'owner' });
    expect(preview.members).toEqual([expect.objectContaining({ userId: bob.id, after: { role: 'member', status: 'suspended' }, decidedBy: 'access denied: no mapped group' })]);
    expect(preview.counts.losingAccess).toBe(1);
    expect(await findLiveSession(db, session.id)).toBeTruthy();

    await applyRuleDraft(db, { orgId: org.id, draft, actorRole: 'owner' }, systemActor);
    expect(await membershipOf(org.id, bob.id)).toMatchObject({ status: 'suspended' });
    expect(await findLiveSession(db, session.id)).toBeFalsy();
    const [keyRow] = await db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(keyRow.disabledAt).not.toBeNull();
    expect(await auditOf(org.id, 'user.deactivated')).toEqual([expect.objectContaining({ targetId: bob.id, metadata: expect.objectContaining({ via: 'role rules', sessionsRevoked: 1, apiKeysDisabled: 1 }) })]);
  });

  it('never demotes or locks out the last active owner', async () => {
    const org = await makeOrg();
    const soleOwner = await memberIn(org.id, 'owner', 'sso', ['engineering']);
    await db.insert(roleRules).values({ orgId: org.id, idpGroup: 'engineering', role: 'viewer', position: 1 });
    await applyRuleDraft(db, { orgId: org.id, draft: { ...(await currentDraft(org.id)) }, actorRole: 'owner' }, systemActor);
    expect(await membershipOf(org.id, soleOwner.id)).toMatchObject({ role: 'owner', status: 'active' });
    await applyRuleDraft(db, { orgId: org.id, draft: { rules: [], defaultRole: 'member', requireMappedGroup: true }, actorRole: 'owner' }, systemActor);
    expect(await membershipOf(org.id, soleOwner.id)).toMatchObject({ role: 'owner', status: 'active' });
  });

  it('recomputes at apply time: a member whose groups changed after the preview gets what the rules say now', async () => {
    const { org, bob } = await orgWithBob();
    const draft = await currentDraft(org.id);
    draft.rules.push({ idpGroup: 'finance', role: 'viewer' });
    expect((await previewRuleDraft(db, { orgId: org.id, draft, actorRole: 'owner' })).members).toEqual([]);
    // bob moves to finance after the preview was shown.
    const [finance] = await db.insert(teams).values({ orgId: org.id, name: 'finance' }).returning();
    await db.insert(teamMembers).values({ teamId: finance.id, userId: bob.id });
    const applied = await applyRuleDraft(db, { orgId: org.id, draft, actorRole: 'owner' }, systemActor);
    expect(applied.members).toEqual([expect.objectContaining({ userId: bob.id, after: { role: 'viewer', status: 'active' } })]);
    expect(await membershipOf(org.id, bob.id)).toMatchObject({ role: 'viewer' });
  });
});

describe('rule draft: refusals change nothing', () => {
  it('refuses an admin who adds, changes or removes an Owner rule; other changes keep Owner rules as they are', async () => {
    const { org } = await orgWithBob();
    await db.insert(roleRules).values({ orgId: org.id, idpGroup: 'founders', role: 'owner', position: 2 });
    const base = await currentDraft(org.id);
    const before = await state(org.id);
    const drafts: RuleDraftInput[] = [
      { ...base, rules: [...base.rules, { idpGroup: 'execs', role: 'owner' }] },
      { ...base, rules: base.rules.map((r) => (r.idpGroup === 'founders' ? { ...r, role: 'admin' as const } : r)) },
      { ...base, rules: base.rules.map((r) => (r.idpGroup === 'ai-admins' ? { ...r, role: 'owner' as const } : r)) },
      { ...base, rules: base.rules.filter((r) => r.idpGroup !== 'founders') },
    ];
    for (const draft of drafts) {
      await expect(applyRuleDraft(db, { orgId: org.id, draft, actorRole: 'admin' }, systemActor)).rejects.toThrow(/Only an owner can add, change or remove a rule that grants Owner/);
      await expect(previewRuleDraft(db, { orgId: org.id, draft, actorRole: 'admin' })).rejects.toThrow(/Only an owner/);
    }
    expect(await state(org.id)).toEqual(before);
    // The same Owner change by an owner goes through; an admin's unrelated change keeps the Owner rule.
    await applyRuleDraft(db, { orgId: org.id, draft: drafts[0], actorRole: 'owner' }, systemActor);
    await applyRuleDraft(db, { orgId: org.id, draft: { ...(await currentDraft(org.id)), defaultRole: 'viewer' }, actorRole: 'admin' }, systemActor);
    expect((await listRoleRules(db, org.id)).filter((r) => r.role === 'owner').map((r) => r.idpGroup)).toEqual(['founders', 'execs']);
  });

  it('refuses an admin whose rules would change an owner’s role or access', async () => {
    const { org } = await orgWithBob();
    await memberIn(org.id, 'owner', 'sso', ['engineering']);
    const before = await state(org.id);
    const draft = { ...(await currentDraft(org.id)), requireMappedGroup: true };
    await expect(applyRuleDraft(db, { orgId: org.id, draft, actorRole: 'admin' }, systemActor)).rejects.toThrow(/only an owner can save them/);
    expect(await state(org.id)).toEqual(before);
  });

  it('refuses bad input with a message for the field', async () => {
    const { org } = await orgWithBob();
    const base = await currentDraft(org.id);
    const before = await state(org.id);
    const cases: [unknown, string, string][] = [
      [{ ...base, rules: [...base.rules, { idpGroup: '   ', role: 'admin' }] }, 'rules.1.idpGroup', 'Enter the IdP group name or id'],
      [{ ...base, rules: [...base.rules, { idpGroup: 'AI-Admins', role: 'viewer' }] }, 'rules.1.idpGroup', 'A rule for group AI-Admins already exists'],
      [{ ...base, defaultRole: 'owner' }, 'defaultRole', 'never Owner'],
      [{ ...base, rules: [{ idpGroup: 'x', role: 'superuser' }] }, 'rules.0.role', 'Role must be one of'],
      [{ ...base, rules: [{ id: '00000000-0000-4000-8000-000000000000', idpGroup: 'gone', role: 'member' }] }, '', 'was removed meanwhile'],
    ];
    for (const [draft, field, message] of cases) {
      const attempt = applyRuleDraft(db, { orgId: org.id, draft, actorRole: 'owner' }, systemActor);
      await expect(attempt).rejects.toThrow(message);
      if (field) await expect(attempt).rejects.toMatchObject({ field });
    }
    expect(await state(org.id)).toEqual(before);
  });
});
