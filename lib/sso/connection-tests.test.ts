import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db/client';
import { auditEvents, memberships, sessions, ssoConnectionTests, users } from '@/lib/db/schema';
import { makeMember, systemActor } from '@/lib/testing/fixtures';
import { makeSamlOrg } from '@/lib/testing/saml-fixtures';
import { acsUrl } from './jackson';
import { finishSsoLogin } from './finish-login';
import { claimSamlLogin, verifySamlLogin } from './saml/handle-acs';
import { setSsoOnly } from './sso-only';

const db = getDb();
const meta = { ip: '127.0.0.1', userAgent: 'vitest' };

type Org = Awaited<ReturnType<typeof makeSamlOrg>>;

/** An admin of the org runs a test: the IdP answers (maybe bent), the ACS finishes it. */
async function runTest(idp: Org, email: string, options: { groups?: string[]; bend?: Parameters<Org['respond']>[1] } = {}) {
  const admin = await makeMember(idp.org.id, 'admin');
  const started = await idp.start(undefined, { type: 'user', id: admin.id, label: admin.email });
  const samlResponse = idp.respond(email, { inResponseTo: started.requestId, attributes: { email: [email], groups: options.groups ?? [] }, ...options.bend }).base64;
  const input = { samlResponse, relayState: started.relayState };
  const next = await finishSsoLogin(db, 'saml', meta, { claim: () => claimSamlLogin(db, input.relayState), verify: (claimed) => verifySamlLogin(db, input, claimed) });
  const testId = /^\/settings\/sso\/tests\/([0-9a-f-]{36})$/.exec(next)?.[1];
  expect(testId, `a test ends on its result page, not ${next}`).toBeDefined();
  const [row] = await db.select().from(ssoConnectionTests).where(eq(ssoConnectionTests.id, testId!));
  return { row, admin };
}

describe('connection test', () => {
  it('verifies a real login and shows the claims and the would-be role, creating no user, membership or session', async () => {
    const idp = await makeSamlOrg({ rules: [['ai-admins', 'admin'], ['engineering', 'member']] });
    const email = idp.email('tess');
    const { row, admin } = await runTest(idp, email, { groups: ['engineering', 'ai-admins'] });
    expect(row).toMatchObject({ ok: true, failureCode: null, connectionId: idp.connection.id, testedBy: { type: 'user', id: admin.id } });
    expect(row.claims).toMatchObject({ subject: email, email, groups: ['engineering', 'ai-admins'] });
    expect(row.outcome).toMatchObject({ role: 'admin', decidedBy: { group: 'ai-admins' }, account: 'created at first login', membership: 'added at first login' });
    expect(await db.select().from(users).where(eq(users.email, email))).toEqual([]);
    const [audit] = await db.select().from(auditEvents).where(and(eq(auditEvents.orgId, idp.org.id), eq(auditEvents.action, 'sso.connection_tested')));
    expect(audit).toMatchObject({ actorId: admin.id, targetId: idp.connection.id, metadata: { ok: true, testId: row.id } });
    expect(await db.select().from(sessions).where(eq(sessions.activeOrgId, idp.org.id))).toHaveLength(0);
  });

  it('names the failing check: a wrong audience, with no claims; an unverified domain, with the verified claims', async () => {
    const idp = await makeSamlOrg();
    const wrongAudience = await runTest(idp, idp.email('uma'), { bend: { audience: 'https://another-sp.example.com' } });
    expect(wrongAudience.row).toMatchObject({ ok: false, failureCode: 'saml_wrong_audience', claims: null, outcome: null });
    expect(wrongAudience.row.failureDetail).toContain('another-sp.example.com');

    const outsider = 'victor@not-verified.example.test';
    const elsewhere = await runTest(idp, outsider);
    expect(elsewhere.row).toMatchObject({ ok: false, failureCode: 'domain_not_verified', claims: { email: outsider }, outcome: null });
    const expired = await runTest(idp, idp.email('wes'), { bend: { now: new Date(Date.now() - 3600_000) } });
    expect(expired.row).toMatchObject({ ok: false, failureCode: 'saml_expired' });
    expect(expired.row.failureDetail).toMatch(/\d+ s (ago|early)/);
  });

  it('a passed test by an admin lets SSO-only be switched on; a failed one does not', async () => {
    const idp = await makeSamlOrg();
    await runTest(idp, idp.email('xena'), { bend: { recipient: 'https://evil.example.com/acs' } });
    await expect(setSsoOnly(db, { orgId: idp.org.id, enabled: true }, systemActor)).rejects.toThrow(/must sign in once with SSO/);
    await runTest(idp, idp.email('yara'));
    expect((await setSsoOnly(db, { orgId: idp.org.id, enabled: true }, systemActor)).ssoOnly).toBe(true);
  });

  it('a normal SP-initiated login through the same path still signs in', async () => {
    const idp = await makeSamlOrg();
    const started = await idp.start();
    const input = { samlResponse: idp.respond(idp.email('zoe'), { inResponseTo: started.requestId }).base64, relayState: started.relayState };
    const next = await finishSsoLogin(db, 'saml', meta, { claim: () => claimSamlLogin(db, input.relayState), verify: (claimed) => verifySamlLogin(db, input, claimed) });
    expect(next).toMatch(/^\/login\/sso\/complete\?ticket=sso_/);
    expect(await db.select().from(memberships).innerJoin(users, eq(users.id, memberships.userId)).where(eq(users.email, idp.email('zoe')))).toHaveLength(1);
    expect(acsUrl()).toContain('/api/sso/saml/acs');
  });
});
