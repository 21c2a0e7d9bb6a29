import { execFileSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { and, asc, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Before any module reads the environment: the portal's domain checks ask the test DNS server,
// and metadata URLs may point at this machine (the operator flag, as in the demo).
const dnsPort = vi.hoisted(() => {
  const port = 20000 + (process.pid % 20000);
  process.env.DNS_SERVERS = `127.0.0.1:${port}`;
  process.env.ALLOW_PRIVATE_METADATA_URLS = '1';
  return port;
});
// Server actions that set cookies (the SSO binding) run outside a Next.js request here.
vi.mock('next/headers', () => {
  const jar = new Map<string, string>();
  return {
    cookies: async () => ({ get: (name: string) => (jar.has(name) ? { name, value: jar.get(name) } : undefined), set: (name: string, value: string) => void jar.set(name, value) }),
    headers: async () => new Headers(),
  };
});
import * as auditActions from '@/lib/audit/actions';
import { getDb } from '@/lib/db/client';
import { apiKeys, auditEvents, devOutbox, invites, memberships, projectMembers, projects, scimTokens, type Role } from '@/lib/db/schema';
import * as gatewayActions from '@/lib/gateway/actions';
import { createApiKey, disableApiKey } from '@/lib/gateway/api-keys';
import { createProject } from '@/lib/gateway/projects';
import * as domainActions from '@/lib/orgs/domain-actions';
import { addDomain, listDomains, verificationRecord } from '@/lib/orgs/domains';
import * as orgActions from '@/lib/orgs/actions';
import * as setupLinkActions from '@/lib/orgs/setup-link-actions';
import * as scimActions from '@/lib/scim/actions';
import * as securityActions from '@/lib/sso/security-actions';
import * as memberActions from '@/lib/orgs/member-actions';
import * as roleRuleActions from '@/lib/roles/actions';
import { roleRules as roleRuleRows } from '@/lib/db/schema';
import { createSession } from '@/lib/auth/sessions';
import { organizations as orgRows, sessions as sessionRows } from '@/lib/db/schema';
import { createInvite } from '@/lib/orgs/invites';
import { createScimToken } from '@/lib/scim/tokens';
import { createSetupLink } from '@/lib/orgs/setup-links';
import * as ssoActions from '@/lib/sso/actions';
import { listConnections } from '@/lib/sso/connections';
import { startOidcTestIdp } from '@/lib/testing/oidc-test-idp';
import { startTestDnsServer } from '@/lib/testing/dns-server';
import { samlConnectionIn } from '@/lib/testing/saml-fixtures';
import { findMembership } from '@/lib/orgs/members';
import { hasPermission, minimumRoleFor, ROLES, type Permission } from '@/lib/roles/permissions';
import { contextFor, makeMember, makeOrg, systemActor, uniqueEmail } from '@/lib/testing/fixtures';
import { runAction } from './guard';
import type { GuardedServerAction } from './server-action';

const db = getDb();
const { createApiKeyAction, createProjectAction, disableApiKeyAction } = gatewayActions;
const { changeMemberRoleAction, inviteMemberAction } = orgActions;
const { exportAuditAction, verifyAuditAction } = auditActions;

/** The 'use server' modules whose guarded actions this file covers (a test below checks none is missing). */
const ACTION_MODULES = {
  'lib/gateway/actions.ts': gatewayActions,
  'lib/orgs/actions.ts': orgActions,
  'lib/audit/actions.ts': auditActions,
  'lib/sso/actions.ts': ssoActions,
  'lib/orgs/domain-actions.ts': domainActions,
  'lib/orgs/setup-link-actions.ts': setupLinkActions,
  'lib/scim/actions.ts': scimActions,
  'lib/sso/security-actions.ts': securityActions,
  'lib/orgs/member-actions.ts': memberActions,
  'lib/roles/actions.ts': roleRuleActions,
};

type AnyGuardedAction = GuardedServerAction<never, unknown>;

/** Every guarded (role-checked) action those modules export, by export name. */
const GUARDED_EXPORTS: Record<string, AnyGuardedAction> = Object.fromEntries(
  Object.values(ACTION_MODULES)
    .flatMap((module) => Object.entries(module))
    .filter(([, value]) => typeof value === 'function' && 'guard' in value),
) as never;

/** Runs a guarded action through the real guard with the given request context (null: signed out). */
function runAs<T>(action: { guard: { handler: (...args: never[]) => Promise<T> } }, ctx: Parameters<typeof runAction>[1], input: unknown) {
  return runAction<never, T>(action.guard as never, ctx, input);
}

const byKey = <T extends Record<string, unknown>>(key: keyof T) => (a: T, b: T) => String(a[key]).localeCompare(String(b[key]));

/** Everything in an org a guarded action could write: compared before/after a refused call. */
async function snapshot(orgId: string) {
  const projectRows = (await db.select({ id: projects.id, name: projects.name }).from(projects).where(eq(projects.orgId, orgId))).sort(byKey('id'));
  const projectMemberRows = (
    await db.select({ projectId: projectMembers.projectId, userId: projectMembers.userId }).from(projectMembers).innerJoin(projects, eq(projects.id, projectMembers.projectId)).where(eq(projects.orgId, orgId))
  ).sort((a, b) => `${a.projectId}${a.userId}`.localeCompare(`${b.projectId}${b.userId}`));
  return {
    projects: projectRows,
    projectMembers: projectMemberRows,
    apiKeys: (await db.select({ id: apiKeys.id, disabledAt: apiKeys.disabledAt }).from(apiKeys).where(eq(apiKeys.orgId, orgId))).sort(byKey('id')),
    invites: (await db.select({ id: invites.id, email: invites.email, role: invites.role }).from(invites).where(eq(invites.orgId, orgId))).sort(byKey('id')),
    memberships: (
      await db.select({ id: memberships.id, role: memberships.role, status: memberships.status }).from(memberships).where(eq(memberships.orgId, orgId))
    ).sort(byKey('id')),
    audit: await db.select({ seq: auditEvents.seq, action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.orgId, orgId)).orderBy(asc(auditEvents.seq)),
    ssoConnections: (await listConnections(db, orgId)).map((c) => ({ id: c.id, name: c.name, certificates: c.signingCertificates, mapping: c.attributeMapping })),
    domains: (await listDomains(db, orgId)).map((d) => ({ id: d.id, verifiedAt: d.verifiedAt })),
    scimTokens: (await db.select({ id: scimTokens.id, hash: scimTokens.tokenHash, revokedAt: scimTokens.revokedAt }).from(scimTokens).where(eq(scimTokens.orgId, orgId))).sort(byKey('id')),
    // The Security and Members pages: org policy, break-glass, sessions in the org, invite links.
    orgPolicy: await db.select({ ssoOnly: orgRows.ssoOnly, lifetime: orgRows.sessionLifetimeMinutes }).from(orgRows).where(eq(orgRows.id, orgId)),
    breakGlass: (await db.select({ id: memberships.id, breakGlass: memberships.breakGlass }).from(memberships).where(eq(memberships.orgId, orgId))).sort(byKey('id')),
    sessions: (await db.select({ id: sessionRows.id, revokedAt: sessionRows.revokedAt }).from(sessionRows).where(eq(sessionRows.activeOrgId, orgId))).sort(byKey('id')),
    inviteLinks: (await db.select({ id: invites.id, hash: invites.tokenHash, expiresAt: invites.expiresAt }).from(invites).where(eq(invites.orgId, orgId))).sort(byKey('id')),
    // The Role rules page: rules, default role and "require a mapped group" (memberships are above).
    roleRules: (await db.select({ id: roleRuleRows.id, group: roleRuleRows.idpGroup, role: roleRuleRows.role, position: roleRuleRows.position }).from(roleRuleRows).where(eq(roleRuleRows.orgId, orgId))).sort(byKey('id')),
    roleSettings: await db.select({ defaultRole: orgRows.defaultRole, requireMappedGroup: orgRows.requireMappedGroup }).from(orgRows).where(eq(orgRows.id, orgId)),
  };
}

/** The IdPs and DNS the portal's actions talk to, real and local. */
let oidcIdp: Awaited<ReturnType<typeof startOidcTestIdp>>;
let dns: Awaited<ReturnType<typeof startTestDnsServer>>;
const servedMetadata = new Map<string, string>();
let metadataServer: http.Server;
let metadataBase = '';
beforeAll(async () => {
  oidcIdp = await startOidcTestIdp({ clientId: 'portal-client', clientSecret: 'portal-secret' });
  dns = await startTestDnsServer({ port: dnsPort });
  metadataServer = http.createServer((request, response) => {
    const xml = servedMetadata.get(request.url ?? '');
    if (!xml) return response.writeHead(404).end();
    response.writeHead(200, { 'Content-Type': 'application/samlmetadata+xml' }).end(xml);
  });
  await new Promise<void>((resolve) => metadataServer.listen(0, '127.0.0.1', resolve));
  metadataBase = `http://127.0.0.1:${(metadataServer.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await oidcIdp?.close();
  await dns?.close();
  await new Promise<void>((resolve) => metadataServer?.close(() => resolve()));
});

/** A SAML connection in the org, its metadata also served at a URL of this machine. */
async function connectionIn(orgId: string, certificates = 1) {
  const path = `/metadata/${randomUUID()}`;
  const made = await samlConnectionIn(orgId, { certificates, metadataUrl: `${metadataBase}${path}` });
  servedMetadata.set(path, made.metadataXml);
  return made;
}

/** A domain of the org with its TXT record published on the test DNS server. */
async function publishedDomainIn(orgId: string) {
  const row = await addDomain(db, orgId, `${randomUUID().slice(0, 8)}.portal.test`, systemActor);
  dns.setTxt(row.domain, [verificationRecord(row).value]);
  return row;
}

async function outboxCount(to: string) {
  return (await db.select({ n: count() }).from(devOutbox).where(eq(devOutbox.to, to)))[0].n;
}

/** An org with one member of each role, a project that all belong to. */
async function orgWithEveryRole() {
  const org = await makeOrg();
  const people = {} as Record<Role, Awaited<ReturnType<typeof makeMember>>>;
  for (const role of ROLES) people[role] = await makeMember(org.id, role);
  const project = await createProject(db, { orgId: org.id, name: 'Shared', createdBy: people.owner.id }, systemActor);
  for (const role of ['admin', 'member', 'viewer'] as const) await db.insert(projectMembers).values({ projectId: project.id, userId: people[role].id });
  return { org, people, project };
}
type Setup = Awaited<ReturnType<typeof orgWithEveryRole>>;

const LABEL: Record<Role, string> = { owner: 'Owner', admin: 'Admin', member: 'Member', viewer: 'Viewer' };

describe('SPEC §6 permission table', () => {
  // Written out from the SPEC table, not derived from the code under test.
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
      // The lowest allowed role is the one named in refusals.
      expect(minimumRoleFor(permission)).toBe(allowed[allowed.length - 1]);
    });
  }

  it('knows exactly the four roles, highest first', () => {
    expect([...ROLES]).toEqual(['owner', 'admin', 'member', 'viewer']);
  });
});

describe('the guard refuses what each role may not do, and changes nothing', () => {
  type Case = {
    /** Roles SPEC §6 allows; every other role must be refused. */
    allowed: Role[];
    /** The lowest allowed role, as it must appear in the refusal. */
    needs: Role;
    /** Whether a successful call writes something (so the snapshot must change). */
    writes: boolean;
    input: (s: Setup, role: Role) => Promise<unknown> | unknown;
    /** Extra evidence that a refused call had no effect outside the org snapshot. */
    noSideEffect?: (input: unknown) => Promise<void>;
  };

  const cases: Record<string, Case> = {
    createProjectAction: { allowed: ['owner', 'admin', 'member'], needs: 'member', writes: true, input: () => ({ name: 'New project' }) },
    createApiKeyAction: { allowed: ['owner', 'admin', 'member'], needs: 'member', writes: true, input: (s) => ({ projectId: s.project.id, name: 'k' }) },
    disableApiKeyAction: {
      allowed: ['owner', 'admin', 'member'],
      needs: 'member',
      writes: true,
      input: async (s, role) => {
        const { key } = await createApiKey(db, { orgId: s.org.id, projectId: s.project.id, userId: s.people[role].id, name: 'own' }, systemActor);
        return { keyId: key.id };
      },
    },
    enableApiKeyAction: {
      allowed: ['owner', 'admin', 'member'],
      needs: 'member',
      writes: true,
      input: async (s, role) => {
        const { key } = await createApiKey(db, { orgId: s.org.id, projectId: s.project.id, userId: s.people[role].id, name: 'own' }, systemActor);
        await disableApiKey(db, { orgId: s.org.id, userId: s.people[role].id, keyId: key.id }, systemActor);
        return { keyId: key.id };
      },
    },
    changeMemberRoleAction: {
      allowed: ['owner', 'admin'],
      needs: 'admin',
      writes: true,
      input: async (s) => ({ membershipId: (await findMembership(db, s.org.id, s.people.viewer.id))!.id, role: 'member' }),
    },
    inviteMemberAction: {
      allowed: ['owner', 'admin'],
      needs: 'admin',
      writes: true,
      input: () => ({ email: uniqueEmail('invitee'), role: 'member' }),
      noSideEffect: async (input) => expect(await outboxCount((input as { email: string }).email), 'no invite email sent').toBe(0),
    },
    exportAuditAction: { allowed: ['owner', 'admin'], needs: 'admin', writes: false, input: () => ({ format: 'json' }) },
    verifyAuditAction: { allowed: ['owner', 'admin'], needs: 'admin', writes: false, input: () => undefined },
    // The portal (SPEC §6: SSO connections and domains are owners' and admins').
    previewSamlConnectionAction: { allowed: ['owner', 'admin'], needs: 'admin', writes: false, input: async () => ({ metadataXml: (await samlConnectionIn(null)).metadataXml }) },
    createSamlConnectionAction: { allowed: ['owner', 'admin'], needs: 'admin', writes: true, input: async () => ({ name: 'Okta', metadataXml: (await samlConnectionIn(null)).metadataXml }) },
    createOidcConnectionAction: {
      allowed: ['owner', 'admin'],
      needs: 'admin',
      writes: true,
      input: () => ({ name: 'Entra', discoveryUrl: oidcIdp.discoveryUrl, clientId: 'portal-client', clientSecret: 'portal-secret' }),
    },
    updateConnectionAction: { allowed: ['owner', 'admin'], needs: 'admin', writes: true, input: async (s) => ({ connectionId: (await connectionIn(s.org.id)).connection.id, name: 'Renamed' }) },
    setConnectionEnabledAction: { allowed: ['owner', 'admin'], needs: 'admin', writes: true, input: async (s) => ({ connectionId: (await connectionIn(s.org.id)).connection.id, enabled: false }) },
    deleteConnectionAction: { allowed: ['owner', 'admin'], needs: 'admin', writes: true, input: async (s) => ({ connectionId: (await connectionIn(s.org.id)).connection.id }) },
    refreshConnectionMetadataAction: { allowed: ['owner', 'admin'], needs: 'admin', writes: false, input: async (s) => ({ connectionId: (await connectionIn(s.org.id)).connection.id }) },
    removeSigningCertificateAction: {
      allowed: ['owner', 'admin'],
      needs: 'admin',
      writes: true,
      input: async (s) => {
        const made = await connectionIn(s.org.id, 2);
        return { connectionId: made.connection.id, fingerprint: made.fingerprints[0] };
      },
    },
    startConnectionTestAction: { allowed: ['owner', 'admin'], needs: 'admin', writes: false, input: async (s) => ({ connectionId: (await connectionIn(s.org.id)).connection.id }) },
    addDomainAction: { allowed: ['owner', 'admin'], needs: 'admin', writes: true, input: () => ({ domain: `${randomUUID().slice(0, 8)}.portal.test` }) },
    verifyDomainAction: { allowed: ['owner', 'admin'], needs: 'admin', writes: true, input: async (s) => ({ domainId: (await publishedDomainIn(s.org.id)).id }) },
    removeDomainAction: { allowed: ['owner', 'admin'], needs: 'admin', writes: true, input: async (s) => ({ domainId: (await publishedDomainIn(s.org.id)).id }) },
    // The Role rules page ('sso:manage'; rules granting Owner: owners only, tested in lib/roles/rule-draft-apply.test.ts).
    previewRoleRulesAction: { allowed: ['owner', 'admin'], needs: 'admin', writes: false, input: () => ({ rules: [{ idpGroup: 'engineering', role: 'admin' }], defaultRole: 'viewer', requireMappedGroup: true }) },
    applyRoleRulesAction: { allowed: ['owner', 'admin'], needs: 'admin', writes: true, input: () => ({ rules: [{ idpGroup: 'engineering', role: 'admin' }], defaultRole: 'viewer', requireMappedGroup: false }) },
    createSetupLinkAction: { allowed: ['owner', 'admin'], needs: 'admin', writes: true, input: () => ({ label: 'Okta admin', days: 3 }) },
    createScimTokenAction: { allowed: ['owner', 'admin'], needs: 'admin', writes: true, input: () => ({ name: 'Okta' }) },
    rotateScimTokenAction: { allowed: ['owner', 'admin'], needs: 'admin', writes: true, input: async (s) => ({ tokenId: (await createScimToken(db, { orgId: s.org.id, name: 'Okta' }, systemActor)).id }) },
    revokeScimTokenAction: { allowed: ['owner', 'admin'], needs: 'admin', writes: true, input: async (s) => ({ tokenId: (await createScimToken(db, { orgId: s.org.id, name: 'Entra' }, systemActor)).id }) },
    // The Security page ('sso:manage').
    previewSsoOnlyAction: { allowed: ['owner', 'admin'], needs: 'admin', writes: false, input: () => undefined },
    setSsoOnlyAction: {
      allowed: ['owner', 'admin'],
      needs: 'admin',
      writes: true,
      // Switching it off needs no proof of a working SSO login, so every role gets that far.
      input: async (s) => (await db.update(orgRows).set({ ssoOnly: true }).where(eq(orgRows.id, s.org.id)), { enabled: false }),
    },
    setBreakGlassAction: { allowed: ['owner', 'admin'], needs: 'admin', writes: true, input: (s) => ({ email: s.people.admin.email, enabled: true }) },
    setSessionLifetimeAction: { allowed: ['owner', 'admin'], needs: 'admin', writes: true, input: () => ({ minutes: 60 }) },
    signOutEveryoneAction: {
      allowed: ['owner', 'admin'],
      needs: 'admin',
      writes: true,
      input: async (s) => (await createSession(db, { userId: s.people.member.id, method: 'password', orgId: s.org.id, meta: { ip: null, userAgent: null } }), undefined),
    },
    // The Members page ('members:manage').
    suspendMemberAction: { allowed: ['owner', 'admin'], needs: 'admin', writes: true, input: async (s) => ({ membershipId: (await findMembership(db, s.org.id, s.people.viewer.id))!.id }) },
    restoreMemberAction: {
      allowed: ['owner', 'admin'],
      needs: 'admin',
      writes: true,
      input: async (s) => {
        const membership = (await findMembership(db, s.org.id, s.people.viewer.id))!;
        await db.update(memberships).set({ status: 'suspended' }).where(eq(memberships.id, membership.id));
        return { membershipId: membership.id };
      },
    },
    removeMemberAction: { allowed: ['owner', 'admin'], needs: 'admin', writes: true, input: async (s) => ({ membershipId: (await findMembership(db, s.org.id, s.people.viewer.id))!.id }) },
    enableMemberApiKeysAction: {
      allowed: ['owner', 'admin'],
      needs: 'admin',
      writes: true,
      input: async (s) => {
        const { key } = await createApiKey(db, { orgId: s.org.id, projectId: s.project.id, userId: s.people.member.id, name: 'was off' }, systemActor);
        await disableApiKey(db, { orgId: s.org.id, userId: s.people.member.id, keyId: key.id }, systemActor);
        return { membershipId: (await findMembership(db, s.org.id, s.people.member.id))!.id };
      },
    },
    revokeMemberSessionsAction: { allowed: ['owner', 'admin'], needs: 'admin', writes: true, input: async (s) => ({ membershipId: (await findMembership(db, s.org.id, s.people.viewer.id))!.id }) },
    resendInviteAction: {
      allowed: ['owner', 'admin'],
      needs: 'admin',
      writes: true,
      input: async (s) => ({ inviteId: (await createInvite(db, { orgId: s.org.id, email: uniqueEmail('resend'), role: 'member', invitedBy: s.people.owner.id }, systemActor)).invite.id }),
      noSideEffect: async (input) => {
        const [invite] = await db.select({ email: invites.email }).from(invites).where(eq(invites.id, (input as { inviteId: string }).inviteId));
        expect(await outboxCount(invite.email), 'no invite email sent').toBe(0);
      },
    },
    revokeInviteAction: {
      allowed: ['owner', 'admin'],
      needs: 'admin',
      writes: true,
      input: async (s) => ({ inviteId: (await createInvite(db, { orgId: s.org.id, email: uniqueEmail('revoke'), role: 'member', invitedBy: s.people.owner.id }, systemActor)).invite.id }),
    },
    revokeSetupLinkAction: {
      allowed: ['owner', 'admin'],
      needs: 'admin',
      writes: true,
      input: async (s) => ({ linkId: (await createSetupLink(db, { orgId: s.org.id, label: 'IT', days: 1, createdBy: null }, systemActor)).link.id }),
    },
  };

  it('covers every guarded action exported by the action modules', () => {
    expect(Object.keys(GUARDED_EXPORTS).sort()).toEqual(Object.keys(cases).sort());
  });

  it('knows every module that defines guarded actions', () => {
    const defining = execFileSync('git', ['grep', '--untracked', '-l', '-E', '^export const \\w+ = guardedAction\\(', '--', 'app', 'lib', 'components'], { encoding: 'utf8' }).trim().split('\n').sort();
    expect(defining).toEqual(Object.keys(ACTION_MODULES).sort());
  });

  for (const [name, testCase] of Object.entries(cases)) {
    it(`${name}: allowed for ${testCase.allowed.join('/')}, refused for the rest`, async () => {
      const action = GUARDED_EXPORTS[name];
      expect(action, `${name} is exported as a guarded action`).toBeDefined();
      for (const role of ROLES) {
        const setup = await orgWithEveryRole();
        const input = await testCase.input(setup, role);
        const before = await snapshot(setup.org.id);
        const result = await runAs(action, contextFor(setup.people[role], setup.org, role), input);
        if (testCase.allowed.includes(role)) {
          expect(result, `${role} should be allowed to ${name}`).toMatchObject({ ok: true });
          if (testCase.writes) expect(await snapshot(setup.org.id), `${name} by ${role} should have written something`).not.toEqual(before);
        } else {
          expect(result, `${role} must be refused ${name}`).toEqual({
            ok: false,
            error: `You need the ${LABEL[testCase.needs]} role or higher to do this (you are ${LABEL[role]}).`,
          });
          expect(await snapshot(setup.org.id), `refused ${name} by ${role} must change nothing`).toEqual(before);
          await testCase.noSideEffect?.(input);
        }
      }
    });
  }

  it('refuses every action without a session, before anything runs', async () => {
    const setup = await orgWithEveryRole();
    for (const [name, testCase] of Object.entries(cases)) {
      const input = await testCase.input(setup, 'owner');
      const before = await snapshot(setup.org.id);
      expect(await runAs(GUARDED_EXPORTS[name], null, input), name).toEqual({ ok: false, error: 'Your session has ended. Please sign in again.' });
      expect(await snapshot(setup.org.id), name).toEqual(before);
    }
  });

  it('refuses every action for a signed-in person with no active org', async () => {
    const setup = await orgWithEveryRole();
    const ctx = { ...contextFor(setup.people.owner, setup.org, 'owner'), org: null, orgs: [] };
    for (const [name, testCase] of Object.entries(cases)) {
      const input = await testCase.input(setup, 'owner');
      const before = await snapshot(setup.org.id);
      expect(await runAs(GUARDED_EXPORTS[name], ctx, input), name).toEqual({ ok: false, error: 'You are not an active member of any organization.' });
      expect(await snapshot(setup.org.id), name).toEqual(before);
    }
  });

  it('validates input before running and writes nothing on bad input', async () => {
    const { org, people, project } = await orgWithEveryRole();
    const ctx = contextFor(people.owner, org, 'owner');
    const { key } = await createApiKey(db, { orgId: org.id, projectId: project.id, userId: people.owner.id, name: 'mine' }, systemActor);
    const viewerMembership = (await findMembership(db, org.id, people.viewer.id))!;
    const before = await snapshot(org.id);
    const refusals: [AnyGuardedAction, unknown, string, string?][] = [
      [createProjectAction as never, { name: '   ' }, 'Enter a project name', 'name'],
      [createProjectAction as never, { name: 'x'.repeat(81) }, 'Project name must be at most 80 characters', 'name'],
      [createApiKeyAction as never, { projectId: 'not-a-uuid', name: 'k' }, 'Choose a valid project', 'projectId'],
      [createApiKeyAction as never, { projectId: project.id, name: '' }, 'Enter a key name', 'name'],
      [disableApiKeyAction as never, { keyId: '42' }, 'Choose a valid API key', 'keyId'],
      [changeMemberRoleAction as never, { membershipId: 'nope', role: 'member' }, 'Choose a member', 'membershipId'],
      [changeMemberRoleAction as never, { membershipId: viewerMembership.id, role: 'emperor' }, 'Choose a role: owner, admin, member or viewer', 'role'],
      [inviteMemberAction as never, { email: 'not-an-email', role: 'member' }, 'Enter a valid email address, like name@company.com', 'email'],
      [inviteMemberAction as never, { email: uniqueEmail('ok'), role: 'superuser' }, 'Choose a role: owner, admin, member or viewer', 'role'],
      [exportAuditAction as never, { format: 'xml' }, 'Format must be csv or json', 'format'],
      [ssoActions.createSamlConnectionAction as never, { name: 'Okta' }, 'Give either the IdP metadata URL or its metadata XML (one of them)', 'metadataUrl'],
      [ssoActions.createSamlConnectionAction as never, { name: '', metadataXml: '<x/>' }, 'Give the connection a name', 'name'],
      [ssoActions.previewSamlConnectionAction as never, { metadataUrl: 'ftp://idp.example.com/metadata' }, 'The metadata URL must use http or https, not ftp'],
      [ssoActions.createOidcConnectionAction as never, { name: 'Entra', discoveryUrl: 'not a url', clientId: 'x', clientSecret: 'y' }, 'Enter the discovery URL, e.g. https://example.okta.com/.well-known/openid-configuration', 'discoveryUrl'],
      [ssoActions.removeSigningCertificateAction as never, { connectionId: 'c', fingerprint: 'AB:CD' }, 'Choose a certificate', 'fingerprint'],
      [ssoActions.setConnectionEnabledAction as never, { connectionId: 'c', enabled: 'yes' }, 'Choose whether the connection is on or off', 'enabled'],
      [domainActions.addDomainAction as never, { domain: 'not a domain' }, 'Enter a domain name like example.com', 'domain'],
      [domainActions.verifyDomainAction as never, { domainId: '42' }, 'Choose a domain', 'domainId'],
      [scimActions.createScimTokenAction as never, { name: '   ' }, 'Enter a token name', 'name'],
      [scimActions.createScimTokenAction as never, { name: 'x'.repeat(81) }, 'Token name must be at most 80 characters', 'name'],
      [scimActions.rotateScimTokenAction as never, { tokenId: '42' }, 'Choose a SCIM token', 'tokenId'],
      [securityActions.setSessionLifetimeAction as never, { minutes: 0 }, 'Enter a whole number of minutes from 15 (15 minutes) to 43200 (30 days)', 'minutes'],
      [securityActions.setSessionLifetimeAction as never, { minutes: 'a day' }, 'Enter a whole number of minutes from 15 (15 minutes) to 43200 (30 days)', 'minutes'],
      [securityActions.setSessionLifetimeAction as never, { minutes: '' }, 'Enter a whole number of minutes from 15 (15 minutes) to 43200 (30 days)', 'minutes'],
      [securityActions.setSsoOnlyAction as never, { enabled: 'yes' }, 'Choose whether SSO-only is on or off', 'enabled'],
      [securityActions.setBreakGlassAction as never, { email: 'nobody', enabled: true }, 'Enter a valid email address, like name@company.com', 'email'],
      [securityActions.setBreakGlassAction as never, { email: people.member.email, enabled: true }, `${people.member.email} is a member: only owners and admins can be break-glass accounts`, 'email'],
      [memberActions.suspendMemberAction as never, { membershipId: '42' }, 'Choose a member', 'membershipId'],
      [memberActions.removeMemberAction as never, { membershipId: people.owner.id }, 'Member not found (they may have been removed already)'],
      [memberActions.resendInviteAction as never, { inviteId: 'x' }, 'Choose an invite', 'inviteId'],
      [roleRuleActions.applyRoleRulesAction as never, { rules: [{ idpGroup: '  ', role: 'admin' }], defaultRole: 'member', requireMappedGroup: false }, 'Enter the IdP group name or id', 'rules.0.idpGroup'],
      [roleRuleActions.applyRoleRulesAction as never, { rules: [{ idpGroup: 'eng', role: 'admin' }, { idpGroup: 'ENG', role: 'viewer' }], defaultRole: 'member', requireMappedGroup: false }, 'A rule for group ENG already exists (groups compare without case)', 'rules.1.idpGroup'],
      [roleRuleActions.previewRoleRulesAction as never, { rules: [], defaultRole: 'owner', requireMappedGroup: false }, 'The default role must be Admin, Member or Viewer (never Owner)', 'defaultRole'],
    ];
    for (const [action, input, message, field] of refusals) {
      const result = await runAs(action, ctx, input);
      expect(result, JSON.stringify(input)).toMatchObject({ ok: false, error: message, ...(field ? { fieldErrors: { [field]: message } } : {}) });
    }
    expect(await runAs(createProjectAction, ctx, undefined)).toMatchObject({ ok: false });
    expect(await runAs(verifyAuditAction, ctx, { anything: true })).toMatchObject({ ok: false });
    expect(await snapshot(org.id)).toEqual(before);
    expect((await db.select().from(apiKeys).where(eq(apiKeys.id, key.id)))[0].disabledAt).toBeNull();
    expect((await findMembership(db, org.id, people.viewer.id))!.role).toBe('viewer');
  });

  it('lets only owners touch the Owner role and never removes the last owner', async () => {
    const { org, people } = await orgWithEveryRole();
    const ownerMembership = (await findMembership(db, org.id, people.owner.id))!;
    const viewerMembership = (await findMembership(db, org.id, people.viewer.id))!;
    const asAdmin = contextFor(people.admin, org, 'admin');
    const asOwner = contextFor(people.owner, org, 'owner');
    const before = await snapshot(org.id);

    const ownerOnly = { ok: false, error: 'Only an owner can grant or remove the Owner role', fieldErrors: undefined };
    expect(await runAs(changeMemberRoleAction, asAdmin, { membershipId: ownerMembership.id, role: 'member' })).toEqual(ownerOnly);
    expect(await runAs(changeMemberRoleAction, asAdmin, { membershipId: ownerMembership.id, role: 'viewer' })).toEqual(ownerOnly);
    expect(await runAs(changeMemberRoleAction, asAdmin, { membershipId: viewerMembership.id, role: 'owner' })).toEqual(ownerOnly);
    const invitee = uniqueEmail('would-be-owner');
    expect(await runAs(inviteMemberAction, asAdmin, { email: invitee, role: 'owner' })).toMatchObject({ ok: false, error: 'Only an owner can invite another owner' });
    expect(await outboxCount(invitee)).toBe(0);
    // The only owner cannot demote themselves.
    expect(await runAs(changeMemberRoleAction, asOwner, { membershipId: ownerMembership.id, role: 'admin' })).toMatchObject({
      ok: false,
      error: 'An organization needs at least one owner; make someone else owner first',
    });
    expect(await snapshot(org.id)).toEqual(before);

    // An owner may grant Owner; with two owners one may step down.
    expect(await runAs(changeMemberRoleAction, asOwner, { membershipId: viewerMembership.id, role: 'owner' })).toEqual({ ok: true, data: { role: 'owner' } });
    expect(await runAs(changeMemberRoleAction, asOwner, { membershipId: ownerMembership.id, role: 'admin' })).toEqual({ ok: true, data: { role: 'admin' } });
    const changes = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.action, 'member.role_changed')))
      .orderBy(asc(auditEvents.seq));
    expect(changes.map((c) => [c.targetId, c.before, c.after, c.actorId])).toEqual([
      [people.viewer.id, { role: 'viewer' }, { role: 'owner' }, people.owner.id],
      [people.owner.id, { role: 'owner' }, { role: 'admin' }, people.owner.id],
    ]);
  });

  it('does not let a suspended owner count as the remaining owner', async () => {
    const { org, people } = await orgWithEveryRole();
    const second = await makeMember(org.id, 'owner');
    await db.update(memberships).set({ status: 'suspended' }).where(and(eq(memberships.orgId, org.id), eq(memberships.userId, second.id)));
    const ownerMembership = (await findMembership(db, org.id, people.owner.id))!;
    const result = await runAs(changeMemberRoleAction, contextFor(people.owner, org, 'owner'), { membershipId: ownerMembership.id, role: 'member' });
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/at least one owner/) });
    expect((await findMembership(db, org.id, people.owner.id))!.role).toBe('owner');
  });

  it('refuses hand edits of a role that group rules decide, for owners and admins alike', async () => {
    const { org, people } = await orgWithEveryRole();
    const membership = (await findMembership(db, org.id, people.member.id))!;
    await db.update(memberships).set({ roleLockedByIdp: true }).where(eq(memberships.id, membership.id));
    const before = await snapshot(org.id);
    for (const role of ['owner', 'admin'] as const) {
      const result = await runAs(changeMemberRoleAction, contextFor(people[role], org, role), { membershipId: membership.id, role: 'viewer' });
      expect(result).toMatchObject({ ok: false, error: `${people.member.email}'s role is managed by your identity provider; change their groups there` });
    }
    expect(await snapshot(org.id)).toEqual(before);
    expect((await findMembership(db, org.id, people.member.id))!.role).toBe('member');
  });

  it('cannot reach a member of another org', async () => {
    const a = await orgWithEveryRole();
    const b = await orgWithEveryRole();
    const foreign = (await findMembership(db, b.org.id, b.people.viewer.id))!;
    const before = await snapshot(b.org.id);
    const result = await runAs(changeMemberRoleAction, contextFor(a.people.owner, a.org, 'owner'), { membershipId: foreign.id, role: 'admin' });
    expect(result).toMatchObject({ ok: false, error: 'Member not found' });
    expect(await snapshot(b.org.id)).toEqual(before);
  });

  it('re-enabling a key: a member only their own, an admin any member’s, never a suspended member’s', async () => {
    const { org, people, project } = await orgWithEveryRole();
    const { key } = await createApiKey(db, { orgId: org.id, projectId: project.id, userId: people.member.id, name: 'theirs' }, systemActor);
    await disableApiKey(db, { orgId: org.id, userId: people.member.id, keyId: key.id }, systemActor);
    const colleague = await makeMember(org.id, 'member');
    const before = await snapshot(org.id);
    expect(await runAs(gatewayActions.enableApiKeyAction, contextFor(colleague, org, 'member'), { keyId: key.id })).toMatchObject({ ok: false, error: 'API key not found' });
    expect(await snapshot(org.id)).toEqual(before);
    await db.update(memberships).set({ status: 'suspended' }).where(and(eq(memberships.orgId, org.id), eq(memberships.userId, people.member.id)));
    expect(await runAs(gatewayActions.enableApiKeyAction, contextFor(people.admin, org, 'admin'), { keyId: key.id })).toMatchObject({ ok: false, error: expect.stringMatching(/is suspended in this organization/) });
    await db.update(memberships).set({ status: 'active' }).where(and(eq(memberships.orgId, org.id), eq(memberships.userId, people.member.id)));
    expect(await runAs(gatewayActions.enableApiKeyAction, contextFor(people.admin, org, 'admin'), { keyId: key.id })).toEqual({ ok: true, data: true });
  });

  it('API keys are for oneself: no keys in projects one is not in, no disabling keys of others or of another org', async () => {
    const a = await orgWithEveryRole();
    const b = await orgWithEveryRole();
    const asMember = contextFor(a.people.member, a.org, 'member');
    const { key: colleagueKey } = await createApiKey(db, { orgId: a.org.id, projectId: a.project.id, userId: a.people.admin.id, name: 'theirs' }, systemActor);
    const privateProject = await createProject(db, { orgId: a.org.id, name: 'Private', createdBy: a.people.owner.id }, systemActor);
    const before = await snapshot(a.org.id);
    const beforeB = await snapshot(b.org.id);

    expect(await runAs(disableApiKeyAction, asMember, { keyId: colleagueKey.id })).toMatchObject({ ok: false, error: 'API key not found or already disabled' });
    expect(await runAs(createApiKeyAction, asMember, { projectId: privateProject.id, name: 'sneaky' })).toMatchObject({ ok: false, error: 'Project not found, or you are not a member of it' });
    expect(await runAs(createApiKeyAction, asMember, { projectId: b.project.id, name: 'cross-org' })).toMatchObject({ ok: false, error: 'Project not found, or you are not a member of it' });
    expect(await snapshot(a.org.id)).toEqual(before);
    expect(await snapshot(b.org.id)).toEqual(beforeB);
  });

  it('the audit export and chain check only see the caller’s org', async () => {
    const a = await orgWithEveryRole();
    const b = await orgWithEveryRole();
    const result = await runAs(exportAuditAction, contextFor(a.people.admin, a.org, 'admin'), { format: 'json' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const rows = JSON.parse(result.data.body) as { orgId: string; seq: number }[];
    const expectedSeqs = (await snapshot(a.org.id)).audit.map((r) => r.seq);
    expect(rows.map((r) => r.seq)).toEqual(expectedSeqs);
    expect(new Set(rows.map((r) => r.orgId))).toEqual(new Set([a.org.id]));
    expect(result.data.filename).toMatch(new RegExp(`^audit-${a.org.slug}-\\d{4}-\\d{2}-\\d{2}\\.json$`));

    const csv = await runAs(exportAuditAction, contextFor(a.people.owner, a.org, 'owner'), { format: 'csv' });
    expect(csv).toMatchObject({ ok: true, data: { mimeType: 'text/csv' } });
    if (csv.ok) expect(csv.data.body.trim().split('\n')).toHaveLength(expectedSeqs.length + 1);

    const verdict = await runAs(verifyAuditAction, contextFor(a.people.admin, a.org, 'admin'), undefined);
    expect(verdict).toEqual({ ok: true, data: { ok: true, checked: expectedSeqs.length } });
    expect((await snapshot(b.org.id)).audit.length).toBeGreaterThan(0);
  });
});
