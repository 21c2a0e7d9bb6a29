import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db/client';
import { auditEvents, memberships, teamMembers, teams, users } from '@/lib/db/schema';
import { signInWithSsoTicket } from '@/lib/auth/sign-in-sso';
import { hashSecret } from '@/lib/crypto/tokens';
import { makeSamlOrg, TEST_BROWSER_BINDING } from '@/lib/testing/saml-fixtures';
import { completeSsoLogin } from '../complete-login';
import { ssoErrorMessage } from '../error-messages';
import { startSsoLogin } from '../start-login';
import { redeemSsoTicket } from '../tickets';
import { SsoLoginError } from './errors';
import { handleSamlResponse } from './handle-acs';

const meta = { ip: '127.0.0.1', userAgent: 'vitest' };

async function refusalOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SsoLoginError) return error.code;
    throw error;
  }
  throw new Error('expected the login to be refused');
}

async function roleOf(orgId: string, email: string) {
  const [row] = await getDb().select({ role: memberships.role, locked: memberships.roleLockedByIdp, source: memberships.source }).from(memberships).innerJoin(users, eq(users.id, memberships.userId)).where(and(eq(memberships.orgId, orgId), eq(users.email, email)));
  return row;
}

describe('SAML login through Jackson', () => {
  it('SP-initiated: JIT-provisions the user with the role from group rules, then re-applies rules', async () => {
    const idp = await makeSamlOrg({ rules: [['ai-admins', 'admin'], ['engineering', 'member'], ['finance', 'viewer']] });
    const bob = idp.email('bob');
    const first = await idp.start();
    const identity = await handleSamlResponse(getDb(), { samlResponse: idp.respond(bob, { inResponseTo: first.requestId, attributes: { email: [bob], groups: ['engineering'], firstName: ['Bob'], lastName: ['Builder'] } }).base64, relayState: first.relayState });
    expect(identity).toMatchObject({ orgId: idp.org.id, connectionId: idp.connection.id, profile: { email: bob, groups: ['engineering'], firstName: 'Bob' } });
    const { ticket } = await completeSsoLogin(getDb(), identity, meta);
    expect(await redeemSsoTicket(getDb(), ticket)).toMatchObject({ orgId: idp.org.id });
    expect(await redeemSsoTicket(getDb(), ticket)).toBeUndefined();
    expect(await roleOf(idp.org.id, bob)).toEqual({ role: 'member', locked: true, source: 'sso' });
    const [user] = await getDb().select().from(users).where(eq(users.email, bob));
    expect(user.name).toBe('Bob Builder');

    // Bob moves to ai-admins in the IdP: the next login makes him Admin, audited with the rule.
    const second = await idp.start();
    const again = await handleSamlResponse(getDb(), { samlResponse: idp.respond(bob, { inResponseTo: second.requestId, attributes: { email: [bob], groups: ['ai-admins', 'finance'] } }).base64, relayState: second.relayState });
    await completeSsoLogin(getDb(), again, meta);
    expect(await roleOf(idp.org.id, bob)).toMatchObject({ role: 'admin', locked: true });
    const [change] = await getDb().select().from(auditEvents).where(and(eq(auditEvents.orgId, idp.org.id), eq(auditEvents.action, 'member.role_changed')));
    expect(change).toMatchObject({ before: { role: 'member' }, after: { role: 'admin' }, metadata: { reason: 'group rule', group: 'ai-admins' } });
    const teamNames = await getDb().select({ name: teams.name }).from(teamMembers).innerJoin(teams, eq(teams.id, teamMembers.teamId)).where(eq(teamMembers.userId, user.id));
    expect(teamNames.map((t) => t.name).sort()).toEqual(['ai-admins', 'finance']);
  });

  it('SP-initiated: the ticket opens a session only in the browser that started the login, and is spent by any attempt', async () => {
    const idp = await makeSamlOrg();
    const email = idp.email('gwen');
    const ticketFor = async () => {
      const started = await idp.start();
      const identity = await handleSamlResponse(getDb(), { samlResponse: idp.respond(email, { inResponseTo: started.requestId }).base64, relayState: started.relayState });
      expect(identity.bindingHash).toBe(TEST_BROWSER_BINDING);
      return (await completeSsoLogin(getDb(), identity, meta)).ticket;
    };
    for (const browser of [hashSecret('sb_attacker-browser'), null]) {
      const ticket = await ticketFor();
      expect(await signInWithSsoTicket(getDb(), ticket, meta, browser)).toEqual({ ok: false, error: ssoErrorMessage('browser_mismatch') });
      expect((await signInWithSsoTicket(getDb(), ticket, meta, TEST_BROWSER_BINDING)).ok).toBe(false);
    }
    expect(await signInWithSsoTicket(getDb(), await ticketFor(), meta, TEST_BROWSER_BINDING)).toMatchObject({ ok: true });
    const failures = await getDb().select().from(auditEvents).where(and(eq(auditEvents.orgId, idp.org.id), eq(auditEvents.action, 'auth.sign_in_failed')));
    expect(failures.map((f) => f.metadata)).toEqual([{ method: 'sso', reason: 'browser_mismatch' }, { method: 'sso', reason: 'browser_mismatch' }]);
  });

  it('IdP-initiated (app tile): accepted without InResponseTo', async () => {
    const idp = await makeSamlOrg();
    const carol = idp.email('carol');
    const identity = await handleSamlResponse(getDb(), { samlResponse: idp.respond(carol).base64, relayState: null });
    expect(identity.profile.email).toBe(carol);
    // No browser started it, so nothing binds it: documented in the README (IdP-initiated SAML).
    expect(identity.bindingHash).toBeNull();
    const { ticket } = await completeSsoLogin(getDb(), identity, meta);
    expect(await signInWithSsoTicket(getDb(), ticket, meta, null)).toMatchObject({ ok: true });
    expect(await roleOf(idp.org.id, carol)).toMatchObject({ role: 'member', locked: false });
  });

  it('refuses a replayed assertion, also after the first login completed', async () => {
    const idp = await makeSamlOrg();
    const response = idp.respond(idp.email('alice'));
    await handleSamlResponse(getDb(), { samlResponse: response.base64, relayState: null });
    expect(await refusalOf(handleSamlResponse(getDb(), { samlResponse: response.base64, relayState: null }))).toBe('saml_replayed');
  });

  it('refuses a RelayState used twice and one we never issued', async () => {
    const idp = await makeSamlOrg();
    const login = await idp.start();
    const alice = idp.email('alice');
    await handleSamlResponse(getDb(), { samlResponse: idp.respond(alice, { inResponseTo: login.requestId }).base64, relayState: login.relayState });
    expect(await refusalOf(handleSamlResponse(getDb(), { samlResponse: idp.respond(alice, { inResponseTo: login.requestId }).base64, relayState: login.relayState }))).toBe('saml_unknown_request');
    expect(await refusalOf(handleSamlResponse(getDb(), { samlResponse: idp.respond(alice).base64, relayState: 'boxyhq_jackson_forged' }))).toBe('saml_unknown_request');
  });

  it('SP-initiated: refuses a response whose InResponseTo answers another request', async () => {
    const idp = await makeSamlOrg();
    const login = await idp.start();
    const other = await idp.start();
    expect(await refusalOf(handleSamlResponse(getDb(), { samlResponse: idp.respond(idp.email('a'), { inResponseTo: other.requestId }).base64, relayState: login.relayState }))).toBe('saml_wrong_in_response_to');
    const third = await idp.start();
    expect(await refusalOf(handleSamlResponse(getDb(), { samlResponse: idp.respond(idp.email('a')).base64, relayState: third.relayState }))).toBe('saml_wrong_in_response_to');
  });

  it('a login started for one org can never be completed through another org’s IdP', async () => {
    const orgA = await makeSamlOrg();
    const orgB = await makeSamlOrg();
    const login = await orgA.start();
    // Org B's IdP (its own key, its own issuer) answers org A's request, naming an org-B user.
    const forged = orgB.respond(orgB.email('mallory'), { inResponseTo: login.requestId });
    expect(await refusalOf(handleSamlResponse(getDb(), { samlResponse: forged.base64, relayState: login.relayState }))).toMatch(/saml_wrong_issuer|saml_bad_signature/);
    // Nor can org B's IdP sign in a user of org A's domain (SPEC §4.5).
    const identity = await handleSamlResponse(getDb(), { samlResponse: orgB.respond(orgA.email('victim')).base64, relayState: null });
    expect(identity.orgId).toBe(orgB.org.id);
    expect(await refusalOf(completeSsoLogin(getDb(), identity, meta))).toBe('domain_not_verified');
    const [victim] = await getDb().select().from(users).where(eq(users.email, orgA.email('victim')));
    expect(victim).toBeUndefined();
  });

  it('never starts a login for one org at another org’s connection (idp_hint tenant check)', async () => {
    const orgA = await makeSamlOrg();
    const orgB = await makeSamlOrg();
    await expect(startSsoLogin(getDb(), { orgId: orgA.org.id, connectionId: orgB.connection.id, bindingHash: TEST_BROWSER_BINDING })).rejects.toThrow('SSO is not set up for your organization yet');
  });

  it('refuses an email on a domain the org has not verified', async () => {
    const idp = await makeSamlOrg();
    const identity = await handleSamlResponse(getDb(), { samlResponse: idp.respond('ceo@other.com').base64, relayState: null });
    expect(await refusalOf(completeSsoLogin(getDb(), identity, meta))).toBe('domain_not_verified');
  });
});
