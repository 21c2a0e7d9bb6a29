import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db/client';
import { memberships, organizations, roleRules, scimUsers, teamMembers, teams, type Role } from '@/lib/db/schema';
import { addDomain, verifyDomain } from '@/lib/orgs/domains';
import { reconcileMemberships } from '@/lib/scim/reconcile';
import { runScimWrite } from '@/lib/scim/write';
import { assessSsoLogin } from '@/lib/sso/assess-login';
import { SsoLoginError } from '@/lib/sso/saml/errors';
import { makeMember, makeOrg, makeUser, systemActor } from '@/lib/testing/fixtures';
import { simulateRole, type RuleDraft } from './rule-draft';
import { previewRuleDraft } from './rule-draft-apply';
import { listRoleRules } from './rules';

// SSO login, SCIM reconciliation, the rules simulator and the impact preview decide a member's
// role with one function (decide-member-role.ts): for the same rules, settings, groups and
// membership they must give the same answer. Each case runs all four against one org.

const db = getDb();

type Outcome = { access: 'granted' | 'denied'; role?: Role; group?: string };

type Case = {
  name: string;
  rules: [string, Role][];
  settings?: { defaultRole?: Role; requireMappedGroup?: boolean };
  groups: string[];
  member: { role: Role; lockedByIdp: boolean };
  /** Another active owner exists (otherwise an owner member is the last one). */
  otherOwner?: boolean;
  expected: Outcome;
  /** The simulator answers for someone joining; it must agree when the membership does not matter. */
  simulatorAgrees: boolean;
};

const CASES: Case[] = [
  {
    name: 'the highest role among matching rules wins, wherever it is listed',
    rules: [['engineering', 'member'], ['ai-admins', 'admin'], ['finance', 'viewer']],
    groups: ['finance', 'engineering', 'ai-admins'],
    member: { role: 'viewer', lockedByIdp: true },
    expected: { access: 'granted', role: 'admin', group: 'ai-admins' },
    simulatorAgrees: true,
  },
  {
    name: 'equal roles: the rule listed first decides',
    rules: [['platform', 'admin'], ['security', 'admin']],
    groups: ['security', 'platform'],
    member: { role: 'viewer', lockedByIdp: true },
    expected: { access: 'granted', role: 'admin', group: 'platform' },
    simulatorAgrees: true,
  },
  {
    name: 'groups compare without case (an IdP id typed in another case)',
    rules: [['3F2504E0-4F89-11D3-9A0C-0305E82C3301', 'admin']],
    groups: ['3f2504e0-4f89-11d3-9a0c-0305e82c3301'],
    member: { role: 'member', lockedByIdp: false },
    expected: { access: 'granted', role: 'admin', group: '3F2504E0-4F89-11D3-9A0C-0305E82C3301' },
    simulatorAgrees: true,
  },
  {
    name: 'no matching rule: a role a rule had decided falls back to the default role',
    rules: [['ai-admins', 'admin']],
    settings: { defaultRole: 'viewer' },
    groups: ['marketing'],
    member: { role: 'admin', lockedByIdp: true },
    expected: { access: 'granted', role: 'viewer' },
    simulatorAgrees: true,
  },
  {
    name: 'no matching rule and no IdP lock: the role is kept',
    rules: [['ai-admins', 'admin']],
    settings: { defaultRole: 'viewer' },
    groups: ['marketing'],
    member: { role: 'admin', lockedByIdp: false },
    expected: { access: 'granted', role: 'admin' },
    simulatorAgrees: false,
  },
  {
    name: 'a mapped group is required and none matches: access denied',
    rules: [['ai-admins', 'admin']],
    settings: { requireMappedGroup: true },
    groups: ['marketing'],
    member: { role: 'member', lockedByIdp: true },
    expected: { access: 'denied' },
    simulatorAgrees: true,
  },
  {
    name: 'a rule never demotes the last active owner',
    rules: [['engineering', 'member']],
    groups: ['engineering'],
    member: { role: 'owner', lockedByIdp: true },
    expected: { access: 'granted', role: 'owner', group: 'engineering' },
    simulatorAgrees: false,
  },
  {
    name: 'an owner who is not the last one follows the rule',
    rules: [['engineering', 'member']],
    groups: ['engineering'],
    member: { role: 'owner', lockedByIdp: true },
    otherOwner: true,
    expected: { access: 'granted', role: 'member', group: 'engineering' },
    simulatorAgrees: true,
  },
];

/** An enterprise org with a verified domain, the case's rules and settings, and bob: a SCIM-provisioned member in the case's groups. */
async function orgFor(c: Case) {
  const org = await makeOrg();
  const domain = `${randomBytes(4).toString('hex')}.decide.test`;
  await addDomain(db, org.id, domain, systemActor);
  await verifyDomain(db, org.id, domain, systemActor, { skipDns: true });
  await db.update(organizations).set({ defaultRole: c.settings?.defaultRole ?? 'member', requireMappedGroup: c.settings?.requireMappedGroup ?? false }).where(eq(organizations.id, org.id));
  if (c.rules.length) await db.insert(roleRules).values(c.rules.map(([idpGroup, role], index) => ({ orgId: org.id, idpGroup, role, position: index + 1 })));
  if (c.member.role !== 'owner' || c.otherOwner) await makeMember(org.id, 'owner');
  const bob = await makeUser({ email: `bob@${domain}` });
  const rules = await listRoleRules(db, org.id);
  const ruleOf = (group?: string) => rules.find((r) => r.idpGroup === group)?.id ?? null;
  await db.insert(memberships).values({ orgId: org.id, userId: bob.id, role: c.member.role, source: 'scim', roleLockedByIdp: c.member.lockedByIdp, roleRuleId: c.member.lockedByIdp ? ruleOf(c.rules[0]?.[0]) : null });
  await db.insert(scimUsers).values({ orgId: org.id, userId: bob.id, userName: bob.email, active: true, resource: {} });
  for (const group of c.groups) {
    const [team] = await db.insert(teams).values({ orgId: org.id, name: group, scimManaged: true }).returning();
    await db.insert(teamMembers).values({ teamId: team.id, userId: bob.id });
  }
  const [orgRow] = await db.select().from(organizations).where(eq(organizations.id, org.id));
  const draft: RuleDraft = { rules: rules.map((r) => ({ id: r.id, idpGroup: r.idpGroup, role: r.role })), defaultRole: orgRow.defaultRole as RuleDraft['defaultRole'], requireMappedGroup: orgRow.requireMappedGroup };
  return { org, bob, rules, draft, groupOf: (ruleId: string | null) => rules.find((r) => r.id === ruleId)?.idpGroup };
}

async function bySsoLogin(orgId: string, email: string, groups: string[]): Promise<Outcome> {
  const identity = {
    orgId,
    connectionId: 'test',
    connectionName: 'Test IdP',
    protocol: 'saml' as const,
    profile: { email, firstName: null, lastName: null, displayName: null, groups },
    bindingHash: null,
    subject: email,
    attributes: {},
  };
  try {
    const { role, roleDecision } = await assessSsoLogin(db, identity);
    return { access: 'granted', role, group: roleDecision.decidedBy.kind === 'rule' ? roleDecision.decidedBy.group : undefined };
  } catch (error) {
    if (error instanceof SsoLoginError && error.code === 'no_mapped_group') return { access: 'denied' };
    throw error;
  }
}

describe('one role decision for SSO, SCIM, the simulator and the impact preview', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const { org, bob, draft, groupOf } = await orgFor(c);

      // SSO login: the groups arrive in the assertion (and the directory's teams count too).
      const sso = await bySsoLogin(org.id, bob.email, c.groups);

      // The impact preview of the rules as they are: bob is listed when his role or access changes.
      const impact = await previewRuleDraft(db, { orgId: org.id, draft, actorRole: 'owner' });
      const listed = impact.members.find((m) => m.userId === bob.id);
      const previewAfter = listed?.after ?? { role: c.member.role, status: 'active' };
      const preview: Outcome = previewAfter.status === 'suspended' ? { access: 'denied' } : { access: 'granted', role: previewAfter.role };

      // SCIM reconciliation: the directory's groups, written.
      await runScimWrite(db, org.id, systemActor, (write) => reconcileMemberships(write, { orgId: org.id, userIds: [bob.id], reason: 'test' }));
      const [row] = await db.select().from(memberships).where(and(eq(memberships.orgId, org.id), eq(memberships.userId, bob.id)));
      const scim: Outcome = row.status === 'suspended' ? { access: 'denied' } : { access: 'granted', role: row.role, group: groupOf(row.roleRuleId) };

      expect(sso, 'SSO login').toEqual(c.expected);
      expect(scim, 'SCIM reconciliation').toEqual(c.expected);
      expect(preview, 'impact preview').toEqual({ access: c.expected.access, role: c.expected.role });
      if (c.expected.group && listed) expect(listed.decidedBy, 'the preview names the deciding rule').toContain(`rule ${c.expected.group} →`);

      const simulated = simulateRole(draft, c.groups);
      const simulator: Outcome =
        simulated.access === 'denied' ? { access: 'denied' } : { access: 'granted', role: simulated.role!, group: simulated.decidedBy.kind === 'rule' ? simulated.decidedBy.group : undefined };
      if (c.simulatorAgrees) expect(simulator, 'simulator').toEqual(c.expected);
      else expect(simulator, 'simulator (someone joining, no membership to keep)').not.toEqual(c.expected);
    });
  }
});
