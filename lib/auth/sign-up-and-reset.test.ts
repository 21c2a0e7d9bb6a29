import { randomBytes } from 'node:crypto';
import { and, count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db/client';
import { devOutbox, memberships, organizations, users } from '@/lib/db/schema';
import { UserFacingError } from '@/lib/errors';
import { createInvite } from '@/lib/orgs/invites';
import { addDomain, verifyDomain } from '@/lib/orgs/domains';
import { makeMember, makeOrg, makeUser, systemActor, uniqueEmail } from '@/lib/testing/fixtures';
import { requestPasswordReset, resetThrottledMessage } from './password-reset';
import { INVALID_INVITE_MESSAGE, signUp, signUpThrottledMessage } from './sign-up';
import { PASSWORD_RESET_LIMITS, SIGN_UP_LIMITS } from './throttle-limits';

const db = getDb();
const password = 'a long enough password';
let ipCounter = 0;
const freshMeta = () => ({ ip: `198.19.${(process.pid % 250) + 1}.${++ipCounter}`, userAgent: 'vitest' });

/** What the public action answers: the resolved value, or the user-facing error (message and field). */
async function answer(run: Promise<unknown>) {
  try {
    await run;
    return { ok: true };
  } catch (error) {
    if (!(error instanceof UserFacingError)) throw error;
    return { ok: false, error: error.message, field: error.field };
  }
}

const emailsTo = async (to: string) => db.select().from(devOutbox).where(eq(devOutbox.to, to));
const userCount = async () => (await db.select({ n: count() }).from(users))[0].n;
const bogusInvite = (email: string) => ({ mode: 'invite' as const, name: 'Someone', email, password, inviteToken: `inv_${randomBytes(24).toString('base64url')}` });
const newOrg = (email: string) => ({ mode: 'new-org' as const, name: 'Someone', email, password, orgName: `Org ${randomBytes(3).toString('hex')}` });

describe('sign-up with an invite token', () => {
  it('a bogus token answers the same for an existing and an unknown email, and creates nothing', async () => {
    const existing = await makeUser();
    const unknown = uniqueEmail('unknown');
    const before = await userCount();
    const forExisting = await answer(signUp(db, bogusInvite(existing.email), freshMeta()));
    const forUnknown = await answer(signUp(db, bogusInvite(unknown), freshMeta()));
    expect(forExisting).toEqual({ ok: false, error: INVALID_INVITE_MESSAGE, field: undefined });
    expect(forUnknown).toEqual(forExisting);
    expect(await userCount()).toBe(before);
    expect(await emailsTo(unknown)).toEqual([]);
  });

  it('a valid token for another address names the invited address, whatever exists', async () => {
    const org = await makeOrg();
    const owner = await makeMember(org.id, 'owner');
    const { token } = await createInvite(db, { orgId: org.id, email: uniqueEmail('invited'), role: 'member', invitedBy: owner.id }, systemActor);
    const existing = await makeUser();
    const a = await answer(signUp(db, { ...bogusInvite(existing.email), inviteToken: token }, freshMeta()));
    const b = await answer(signUp(db, { ...bogusInvite(uniqueEmail('other')), inviteToken: token }, freshMeta()));
    expect(a).toMatchObject({ ok: false, error: expect.stringMatching(/^This invite is for /), field: 'email' });
    expect(b).toEqual(a);
  });
});

describe('the sign-up limit per address', () => {
  it('refuses sign-ups without a valid invite past the limit, creating nothing; a valid invite and other addresses are not affected', async () => {
    const meta = freshMeta();
    const max = SIGN_UP_LIMITS.address.max;
    // Bogus invite tokens and new organizations count alike.
    for (let i = 0; i < max - 1; i++) expect(await answer(signUp(db, bogusInvite(uniqueEmail(`guess${i}`)), meta))).toMatchObject({ error: INVALID_INVITE_MESSAGE });
    const last = uniqueEmail('last');
    expect(await answer(signUp(db, newOrg(last), meta))).toEqual({ ok: true });
    expect(await emailsTo(last)).toHaveLength(1);

    const refused = uniqueEmail('refused');
    const before = await userCount();
    const orgsBefore = (await db.select({ n: count() }).from(organizations))[0].n;
    const throttled = { ok: false, error: signUpThrottledMessage(3600), field: undefined };
    expect(await answer(signUp(db, newOrg(refused), meta))).toEqual(throttled);
    expect(await answer(signUp(db, bogusInvite(refused), meta))).toEqual(throttled);
    expect(await userCount()).toBe(before);
    expect((await db.select({ n: count() }).from(organizations))[0].n).toBe(orgsBefore);
    expect(await emailsTo(refused)).toEqual([]);

    // An admin's invite is not a guess: it still works from that address.
    const org = await makeOrg();
    const owner = await makeMember(org.id, 'owner');
    const invitee = uniqueEmail('invitee');
    const { token } = await createInvite(db, { orgId: org.id, email: invitee, role: 'viewer', invitedBy: owner.id }, systemActor);
    expect(await answer(signUp(db, { ...bogusInvite(invitee), inviteToken: token }, meta))).toEqual({ ok: true });
    const [joined] = await db.select().from(users).where(eq(users.email, invitee));
    expect(await db.select().from(memberships).where(and(eq(memberships.userId, joined.id), eq(memberships.orgId, org.id)))).toHaveLength(1);

    expect(await answer(signUp(db, newOrg(uniqueEmail('elsewhere')), freshMeta()))).toEqual({ ok: true });
  });
});

/** An org whose verified domain requires SSO, with a break-glass owner and a plain member. */
async function ssoOnlyOrg() {
  const org = await makeOrg();
  const domain = `${randomBytes(4).toString('hex')}.example.test`;
  await addDomain(db, org.id, domain, systemActor);
  await verifyDomain(db, org.id, domain, systemActor, { skipDns: true });
  const breakGlass = await makeMember(org.id, 'owner', { email: `owner@${domain}`, password });
  const member = await makeMember(org.id, 'member', { email: `member@${domain}`, password });
  await db.update(memberships).set({ breakGlass: true }).where(eq(memberships.userId, breakGlass.id));
  await db.update(organizations).set({ ssoOnly: true }).where(eq(organizations.id, org.id));
  return { breakGlass, member, unknown: `nobody@${domain}` };
}

describe('password reset requests', () => {
  it('under SSO-only answer the same for a break-glass account, a plain member and an unknown address', async () => {
    const { breakGlass, member, unknown } = await ssoOnlyOrg();
    const answers = [];
    for (const email of [breakGlass.email, member.email, unknown]) answers.push(await answer(requestPasswordReset(db, email, freshMeta())));
    expect(answers).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    // Only the break-glass account gets a link; the member is told to use SSO; nobody else gets anything.
    expect((await emailsTo(breakGlass.email)).map((e) => e.subject)).toEqual(['Reset your password']);
    const [toMember] = await emailsTo(member.email);
    expect(toMember.subject).toBe('Sign in with single sign-on');
    expect(toMember.text).not.toMatch(/token=/);
    expect(await emailsTo(unknown)).toEqual([]);
  });

  it('are limited per email, whichever address asks, with the same answer for an unknown email', async () => {
    const user = await makeUser();
    const unknown = uniqueEmail('ghost');
    const max = PASSWORD_RESET_LIMITS.email.max;
    for (let i = 0; i < max; i++) {
      expect(await answer(requestPasswordReset(db, user.email, freshMeta()))).toEqual({ ok: true });
      expect(await answer(requestPasswordReset(db, unknown, freshMeta()))).toEqual({ ok: true });
    }
    const refused = await answer(requestPasswordReset(db, user.email, freshMeta()));
    expect(refused).toEqual({ ok: false, error: resetThrottledMessage(3600), field: undefined });
    expect(await answer(requestPasswordReset(db, unknown, freshMeta()))).toEqual(refused);
    expect(await emailsTo(user.email)).toHaveLength(max);
  });

  it('are limited per address across emails; a refused request sends nothing; another address is not affected', async () => {
    const meta = freshMeta();
    const max = PASSWORD_RESET_LIMITS.address.max;
    for (let i = 0; i < max; i++) expect(await answer(requestPasswordReset(db, uniqueEmail(`walk${i}`), meta))).toEqual({ ok: true });
    const user = await makeUser();
    expect(await answer(requestPasswordReset(db, user.email, meta))).toEqual({ ok: false, error: resetThrottledMessage(900), field: undefined });
    expect(await emailsTo(user.email)).toEqual([]);
    // The refused request was not counted on the email: it still gets its link from elsewhere.
    expect(await answer(requestPasswordReset(db, user.email, freshMeta()))).toEqual({ ok: true });
    expect(await emailsTo(user.email)).toHaveLength(1);
  });
});
