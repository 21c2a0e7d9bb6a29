import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { signInWithSsoTicket } from '@/lib/auth/sign-in-sso';
import { getDb } from '@/lib/db/client';
import { auditEvents, domains } from '@/lib/db/schema';
import { completeSsoLogin } from '@/lib/sso/complete-login';
import { handleSamlResponse } from '@/lib/sso/saml/handle-acs';
import { setSsoOnly } from '@/lib/sso/sso-only';
import { makeOrg, systemActor } from '@/lib/testing/fixtures';
import { makeSamlOrg } from '@/lib/testing/saml-fixtures';
import { addDomain, findVerifiedDomain, removeDomain, verifyDomain } from './domains';

const db = getDb();
const meta = { ip: null, userAgent: null };
const SSO_ONLY_REFUSAL = /is the only verified domain and SSO-only is on.*Turn SSO-only off or verify another domain first/;

function newDomainName(): string {
  return `${randomBytes(5).toString('hex')}.example.test`;
}

async function removedEvents(orgId: string) {
  return db.select().from(auditEvents).where(and(eq(auditEvents.orgId, orgId), eq(auditEvents.action, 'domain.removed')));
}

async function rowExists(id: string): Promise<boolean> {
  return (await db.select().from(domains).where(eq(domains.id, id))).length === 1;
}

async function ssoIdentityFor(idp: Awaited<ReturnType<typeof makeSamlOrg>>, email: string, groups: string[] = []) {
  return handleSamlResponse(db, { samlResponse: idp.respond(email, { attributes: { email: [email], groups } }).base64, relayState: null });
}

/** An SSO-only org: SAML connection, verified domain, an admin who signed in by SSO. */
async function makeSsoOnlyOrg() {
  const idp = await makeSamlOrg({ rules: [['ai-admins', 'admin']] });
  const { ticket } = await completeSsoLogin(db, await ssoIdentityFor(idp, idp.email('alice'), ['ai-admins']), meta);
  await signInWithSsoTicket(db, ticket, meta, null);
  await setSsoOnly(db, { orgId: idp.org.id, enabled: true }, systemActor);
  const [row] = await db.select().from(domains).where(eq(domains.orgId, idp.org.id));
  return { ...idp, row };
}

describe('removeDomain', () => {
  it('removes a verified domain of the org, audited; the domain is then free for another org to verify', async () => {
    const org = await makeOrg();
    const domain = newDomainName();
    const row = await addDomain(db, org.id, domain, systemActor);
    await verifyDomain(db, org.id, domain, systemActor, { skipDns: true });

    const removed = await removeDomain(db, { orgId: org.id, domainId: row.id }, systemActor);
    expect(removed).toMatchObject({ id: row.id, domain });
    expect(await rowExists(row.id)).toBe(false);
    expect(await findVerifiedDomain(db, domain)).toBeUndefined();
    const [event] = await removedEvents(org.id);
    expect(event).toMatchObject({ actorType: 'system', targetType: 'domain', targetId: row.id, targetLabel: domain, before: { domain, verifiedAt: expect.any(String) } });

    const next = await makeOrg();
    await addDomain(db, next.id, domain, systemActor);
    expect((await verifyDomain(db, next.id, domain, systemActor, { skipDns: true })).verifiedAt).toBeInstanceOf(Date);
  });

  it("refuses another org's domain id, and an id that is no id, with a clear not-found; nothing is removed", async () => {
    const owner = await makeOrg();
    const row = await addDomain(db, owner.id, newDomainName(), systemActor);
    const intruder = await makeOrg();
    for (const domainId of [row.id, 'not-a-uuid']) {
      await expect(removeDomain(db, { orgId: intruder.id, domainId }, systemActor)).rejects.toThrow('This domain is not part of this organization (it may have been removed already)');
    }
    expect(await rowExists(row.id)).toBe(true);
    expect(await removedEvents(intruder.id)).toHaveLength(0);
    expect(await removedEvents(owner.id)).toHaveLength(0);
  });

  it('refuses the only verified domain of an SSO-only org; accepts it once another is verified or SSO-only is off', async () => {
    const idp = await makeSsoOnlyOrg();
    await expect(removeDomain(db, { orgId: idp.org.id, domainId: idp.row.id }, systemActor)).rejects.toThrow(SSO_ONLY_REFUSAL);
    expect(await rowExists(idp.row.id)).toBe(true);
    expect(await removedEvents(idp.org.id)).toHaveLength(0);

    // An unverified domain does not count, and can itself be removed.
    const pending = await addDomain(db, idp.org.id, newDomainName(), systemActor);
    await expect(removeDomain(db, { orgId: idp.org.id, domainId: idp.row.id }, systemActor)).rejects.toThrow(SSO_ONLY_REFUSAL);
    await removeDomain(db, { orgId: idp.org.id, domainId: pending.id }, systemActor);

    const second = await addDomain(db, idp.org.id, newDomainName(), systemActor);
    await verifyDomain(db, idp.org.id, second.domain, systemActor, { skipDns: true });
    await removeDomain(db, { orgId: idp.org.id, domainId: idp.row.id }, systemActor);
    await expect(removeDomain(db, { orgId: idp.org.id, domainId: second.id }, systemActor)).rejects.toThrow(SSO_ONLY_REFUSAL);

    await setSsoOnly(db, { orgId: idp.org.id, enabled: false }, systemActor);
    await removeDomain(db, { orgId: idp.org.id, domainId: second.id }, systemActor);
    expect((await removedEvents(idp.org.id)).map((e) => e.targetId).sort()).toEqual([idp.row.id, pending.id, second.id].sort());
  });

  it('stops SSO logins for the removed domain (SPEC §4.5)', async () => {
    const idp = await makeSamlOrg();
    const [row] = await db.select().from(domains).where(eq(domains.orgId, idp.org.id));
    await completeSsoLogin(db, await ssoIdentityFor(idp, idp.email('bob')), meta);
    await removeDomain(db, { orgId: idp.org.id, domainId: row.id }, systemActor);
    await expect(completeSsoLogin(db, await ssoIdentityFor(idp, idp.email('carol')), meta)).rejects.toMatchObject({ code: 'domain_not_verified' });
  });
});
