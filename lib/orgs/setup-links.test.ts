import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/lib/db/client';
import { auditEvents, domains, setupLinks } from '@/lib/db/schema';
import * as gatewayActions from '@/lib/gateway/actions';
import * as ssoActions from '@/lib/sso/actions';
import { makeMember, makeOrg, systemActor } from '@/lib/testing/fixtures';
import { samlConnectionIn } from '@/lib/testing/saml-fixtures';
import * as orgActions from './actions';
import * as domainActions from './domain-actions';
import * as setupLinkActions from './setup-link-actions';
import { createSetupLink, EXPIRED_SETUP_LINK_MESSAGE, revokeSetupLink, setupLinkInputSchema } from './setup-links';

// A browser with no session and whatever cookies the actions set (the setup link's).
const jar = vi.hoisted(() => new Map<string, string>());
vi.mock('next/headers', () => ({
  cookies: async () => ({ get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined), set: (name: string, value: string) => void (value ? jar.set(name, value) : jar.delete(name)) }),
  headers: async () => new Headers({ 'user-agent': 'vitest' }),
}));
vi.mock('@/lib/auth/context', () => ({ getRequestContext: async () => null }));

const db = getDb();
const SESSION_ENDED = { ok: false, error: 'Your session has ended. Please sign in again.' };

beforeEach(() => jar.clear());

async function openLink(days = 3) {
  const org = await makeOrg();
  const owner = await makeMember(org.id, 'owner');
  const created = await createSetupLink(db, { orgId: org.id, label: 'Okta admin Jane', days, createdBy: owner.id }, systemActor);
  const token = created.url.split('/setup/')[1];
  expect(await setupLinkActions.openSetupLinkAction({ token })).toEqual({ ok: true, data: { orgName: org.name } });
  return { org, link: created.link, token };
}

describe('setup links', () => {
  it('open the SSO connections, their test and the domains of their org, audited as the link', async () => {
    const { org, link } = await openLink();
    const added = await domainActions.addDomainAction({ domain: `it-${link.id.slice(0, 8)}.setup.test` });
    expect(added).toMatchObject({ ok: true });
    const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.action, 'domain.added')));
    expect(event).toMatchObject({ actorType: 'setup_link', actorId: link.id, actorLabel: 'setup link: Okta admin Jane' });
    const { metadataXml } = await samlConnectionIn(null);
    expect(await ssoActions.previewSamlConnectionAction({ metadataXml })).toMatchObject({ ok: true });
  });

  it('open nothing else: members, projects, more setup links, another org’s connection', async () => {
    const { org } = await openLink();
    expect(await orgActions.inviteMemberAction({ email: 'someone@setup.test', role: 'admin' })).toEqual(SESSION_ENDED);
    expect(await gatewayActions.createProjectAction({ name: 'Sneaky' })).toEqual(SESSION_ENDED);
    expect(await setupLinkActions.createSetupLinkAction({ label: 'Another', days: 7 })).toEqual(SESSION_ENDED);
    const elsewhere = await samlConnectionIn((await makeOrg()).id);
    expect(await ssoActions.updateConnectionAction({ connectionId: elsewhere.connection.id, name: 'Mine' })).toMatchObject({ ok: false, error: expect.stringMatching(/does not exist in your organization/) });
    expect(await db.select().from(setupLinks).where(eq(setupLinks.orgId, org.id))).toHaveLength(1);
  });

  it('stop at once when revoked or expired, and a dead link cannot be opened', async () => {
    const { org, link, token } = await openLink();
    await revokeSetupLink(db, { orgId: org.id, linkId: link.id }, systemActor);
    expect(await domainActions.addDomainAction({ domain: 'late.setup.test' })).toEqual(SESSION_ENDED);
    expect(await setupLinkActions.openSetupLinkAction({ token })).toEqual({ ok: false, error: EXPIRED_SETUP_LINK_MESSAGE });

    const expiring = await openLink(1);
    await db.update(setupLinks).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(setupLinks.id, expiring.link.id));
    expect(await domainActions.addDomainAction({ domain: 'later.setup.test' })).toEqual(SESSION_ENDED);
    expect(await db.select().from(domains).where(eq(domains.orgId, expiring.org.id))).toEqual([]);
    expect(await setupLinkActions.openSetupLinkAction({ token: 'setup_guess' })).toEqual({ ok: false, error: EXPIRED_SETUP_LINK_MESSAGE });
  });

  it('refuse a lifetime over 7 days and an empty label, creating nothing', async () => {
    const org = await makeOrg();
    expect(setupLinkInputSchema.safeParse({ label: 'x', days: 8 }).success).toBe(false);
    expect(setupLinkInputSchema.safeParse({ label: ' ', days: 3 }).success).toBe(false);
    expect(setupLinkInputSchema.parse({ label: 'IT' }).days).toBe(3);
    expect(await db.select().from(setupLinks).where(eq(setupLinks.orgId, org.id))).toEqual([]);
  });
});
