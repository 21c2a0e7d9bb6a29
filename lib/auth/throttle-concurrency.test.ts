import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db/client';
import { auditEvents, signInThrottles } from '@/lib/db/schema';
import { makeMember, makeOrg, uniqueEmail } from '@/lib/testing/fixtures';
import { knownDeviceToken } from './known-device';
import { signInWithPassword } from './sign-in-password';
import { throttleMessage } from './throttle';
import { SIGN_IN_LIMITS } from './throttle-limits';

const db = getDb();
const PASSWORD = 'the real password';
const INCORRECT = { ok: false, error: 'Incorrect email or password.' };
/** The per-address locks (one address, or one account from one address) last 15 minutes. */
const THROTTLED = { ok: false, error: throttleMessage(15 * 60) };
/** The account-wide gap after the free failures (30 s, then 60 s, …), give or take the seconds the test has taken. */
const WAIT = (seconds: number) => {
  const messages = Array.from({ length: 11 }, (_, i) => throttleMessage(seconds - i).replace(/[.]/g, '\\.'));
  return { ok: false, error: expect.stringMatching(new RegExp(`^(${messages.join('|')})$`)) };
};
const FREE = SIGN_IN_LIMITS.account.free;

let ipCounter = 0;
/** A client address no other test uses, so per-IP counts never leak between tests. */
function freshIp(): { ip: string; userAgent: string } {
  // Per-address limits count an IPv6 address by its /64, so each fresh address gets its own /64.
  return { ip: `2001:db8:${(process.pid % 0x10000).toString(16)}:${(0x7000 + ++ipCounter).toString(16)}::1`, userAgent: 'vitest' };
}

const accountKey = (email: string) => eq(signInThrottles.key, `account:${email}`);
/** As if the account-wide gap had passed. */
const gapPassed = (email: string) => db.update(signInThrottles).set({ lockedUntil: sql`now() - interval '1 second'` }).where(accountKey(email));

async function reasons(email: string) {
  const rows = await db.select().from(auditEvents).where(and(eq(auditEvents.action, 'auth.sign_in_failed'), eq(auditEvents.targetLabel, email))).orderBy(auditEvents.id);
  return rows.map((r) => (r.metadata as { reason: string }).reason);
}

const countOf = (list: string[], reason: string) => list.filter((r) => r === reason).length;

async function memberWithPassword() {
  const org = await makeOrg();
  return makeMember(org.id, 'member', { password: PASSWORD });
}

describe('the lock-out attack: guesses from rotating addresses', () => {
  it('six wrong passwords from six addresses, then the right one from a seventh signs in', async () => {
    const user = await memberWithPassword();
    for (let i = 0; i < 6; i++) expect(await signInWithPassword(db, { email: user.email, password: `guess ${i} wrong` }, freshIp())).toEqual(INCORRECT);
    expect(await signInWithPassword(db, { email: user.email, password: PASSWORD }, freshIp())).toMatchObject({ ok: true, userId: user.id });
  });

  it("the guesser's own address stays locked on that account, even for the right password and after the owner signed in", async () => {
    const user = await memberWithPassword();
    const attacker = freshIp();
    for (let i = 0; i < 5; i++) expect(await signInWithPassword(db, { email: user.email, password: `guess ${i} wrong` }, attacker)).toEqual(INCORRECT);
    expect(await signInWithPassword(db, { email: user.email, password: PASSWORD }, attacker)).toEqual(THROTTLED);
    expect((await signInWithPassword(db, { email: user.email, password: PASSWORD }, freshIp())).ok).toBe(true);
    expect(await signInWithPassword(db, { email: user.email, password: 'one more wrong' }, attacker)).toEqual(THROTTLED);
    // The lock is this account's only: the address may still sign in to another account.
    const colleague = await memberWithPassword();
    expect((await signInWithPassword(db, { email: colleague.email, password: PASSWORD }, attacker)).ok).toBe(true);
  });

  it('a distributed guesser gets the free failures, then one guess per doubling gap, refused in between without a check', async () => {
    const user = await memberWithPassword();
    for (let i = 0; i < FREE; i++) expect(await signInWithPassword(db, { email: user.email, password: `guess ${i} wrong` }, freshIp())).toEqual(INCORRECT);
    // Even the right password waits: it is not checked during the gap.
    expect(await signInWithPassword(db, { email: user.email, password: PASSWORD }, freshIp())).toMatchObject(WAIT(30));
    expect(await signInWithPassword(db, { email: user.email, password: 'during the gap' }, freshIp())).toMatchObject(WAIT(30));
    await gapPassed(user.email);
    expect(await signInWithPassword(db, { email: user.email, password: 'after the gap' }, freshIp())).toEqual(INCORRECT);
    expect(await signInWithPassword(db, { email: user.email, password: 'too soon again' }, freshIp())).toMatchObject(WAIT(60));
    await gapPassed(user.email);
    expect(await signInWithPassword(db, { email: user.email, password: 'after the gap' }, freshIp())).toEqual(INCORRECT);
    expect(await signInWithPassword(db, { email: user.email, password: 'too soon again' }, freshIp())).toMatchObject(WAIT(120));
    const seen = await reasons(user.email);
    expect(countOf(seen, 'bad_password')).toBe(FREE + 2);
    expect(countOf(seen, 'throttled')).toBe(4);
    // Once the gap passes, the owner signs in and the account starts over.
    await gapPassed(user.email);
    expect((await signInWithPassword(db, { email: user.email, password: PASSWORD }, freshIp())).ok).toBe(true);
    expect((await db.select().from(signInThrottles).where(accountKey(user.email)))).toEqual([]);
  });

  it('the gap grows to 15 minutes at most, and waiting out the window earns no fresh free guesses', async () => {
    const user = await memberWithPassword();
    for (let i = 0; i < FREE; i++) await signInWithPassword(db, { email: user.email, password: `guess ${i} wrong` }, freshIp());
    for (let i = 0; i < 8; i++) {
      await gapPassed(user.email);
      await signInWithPassword(db, { email: user.email, password: `late guess ${i}` }, freshIp());
    }
    expect(await signInWithPassword(db, { email: user.email, password: 'capped' }, freshIp())).toMatchObject(WAIT(15 * 60));
    // The counting window (an hour) has long passed, but the gap only just ended: still counted, no free guesses.
    await db.update(signInThrottles).set({ windowStartedAt: sql`now() - interval '1 day'`, lockedUntil: sql`now() - interval '1 second'` }).where(accountKey(user.email));
    expect(await signInWithPassword(db, { email: user.email, password: 'after the gap' }, freshIp())).toEqual(INCORRECT);
    expect(await signInWithPassword(db, { email: user.email, password: 'too soon' }, freshIp())).toMatchObject(WAIT(15 * 60));
    // An hour without any attempt after the gap: the count starts over.
    await db.update(signInThrottles).set({ lockedUntil: sql`now() - interval '61 minutes'` }).where(accountKey(user.email));
    expect(await signInWithPassword(db, { email: user.email, password: 'fresh start' }, freshIp())).toEqual(INCORRECT);
    expect((await db.select().from(signInThrottles).where(accountKey(user.email)))[0]).toMatchObject({ failures: 1, lockedUntil: null });
  });

  it('a burst of parallel guesses from as many addresses gets exactly the free password checks', async () => {
    const user = await memberWithPassword();
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => signInWithPassword(db, { email: user.email, password: `guess ${i} wrong` }, freshIp())));
    expect(results.filter((r) => r.ok)).toEqual([]);
    const seen = await reasons(user.email);
    expect(countOf(seen, 'bad_password')).toBe(FREE);
    expect(countOf(seen, 'throttled')).toBe(30 - FREE);
    expect(await signInWithPassword(db, { email: user.email, password: PASSWORD }, freshIp())).toMatchObject(WAIT(30));
  });

  it('a burst of parallel guesses from one address gets exactly 5 password checks on the account', async () => {
    const user = await memberWithPassword();
    const attacker = freshIp();
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => signInWithPassword(db, { email: user.email, password: `guess ${i} wrong` }, attacker)));
    expect(results.filter((r) => r.ok)).toEqual([]);
    const seen = await reasons(user.email);
    expect(countOf(seen, 'bad_password')).toBe(5);
    expect(countOf(seen, 'throttled')).toBe(25);
    expect((await signInWithPassword(db, { email: user.email, password: PASSWORD }, freshIp())).ok).toBe(true);
  });
});

describe('the known-device cookie', () => {
  it("lets the owner's usual browser past the account-wide gap, and nobody else", async () => {
    const user = await memberWithPassword();
    const other = await memberWithPassword();
    for (let i = 0; i < FREE; i++) await signInWithPassword(db, { email: user.email, password: `guess ${i} wrong` }, freshIp());
    expect(await signInWithPassword(db, { email: user.email, password: PASSWORD }, freshIp())).toMatchObject(WAIT(30));
    // Forged, another account's, or expired: no exemption.
    for (const knownDevice of ['123.forged', knownDeviceToken(other.id), knownDeviceToken(user.id, Date.now() - 91 * 86_400_000), `${knownDeviceToken(user.id).slice(0, -1)}A`]) {
      expect(await signInWithPassword(db, { email: user.email, password: PASSWORD, knownDevice }, freshIp())).toMatchObject(WAIT(30));
    }
    expect(await signInWithPassword(db, { email: user.email, password: PASSWORD, knownDevice: knownDeviceToken(user.id) }, freshIp())).toMatchObject({ ok: true, userId: user.id });
  });

  it('is held to its own account-wide limit, so a stolen cookie gets few guesses from any number of addresses', async () => {
    const user = await memberWithPassword();
    const knownDevice = knownDeviceToken(user.id);
    for (let i = 0; i < SIGN_IN_LIMITS.knownDevice.max; i++) expect(await signInWithPassword(db, { email: user.email, password: `guess ${i} wrong`, knownDevice }, freshIp())).toEqual(INCORRECT);
    expect(await signInWithPassword(db, { email: user.email, password: PASSWORD, knownDevice }, freshIp())).toEqual(THROTTLED);
    // Without the cookie the owner is not affected by it.
    expect((await signInWithPassword(db, { email: user.email, password: PASSWORD }, freshIp())).ok).toBe(true);
  });
});

describe('the per-address limit across accounts', () => {
  it('a refused attempt does not count: a locked address cannot lock the accounts it tries', async () => {
    const user = await memberWithPassword();
    const attacker = freshIp();
    for (let i = 0; i < 50; i++) await signInWithPassword(db, { email: uniqueEmail(`spray${i}`), password: 'not it at all' }, attacker);
    for (let i = 0; i < 10; i++) expect(await signInWithPassword(db, { email: user.email, password: `guess ${i} wrong` }, attacker)).toEqual(THROTTLED);
    expect((await signInWithPassword(db, { email: user.email, password: PASSWORD }, freshIp())).ok).toBe(true);
  });

  it('counts failures only: successful sign-ins behind one NAT never lock the office out', async () => {
    const office = freshIp();
    for (let i = 0; i < 49; i++) expect(await signInWithPassword(db, { email: uniqueEmail(`typo${i}`), password: 'not it at all' }, office)).toEqual(INCORRECT);
    const colleagues = [await memberWithPassword(), await memberWithPassword(), await memberWithPassword()];
    for (const colleague of colleagues) expect((await signInWithPassword(db, { email: colleague.email, password: PASSWORD }, office)).ok).toBe(true);
    // The 50th failure is still checked; only the 51st is refused.
    expect(await signInWithPassword(db, { email: uniqueEmail('typo50'), password: 'not it at all' }, office)).toEqual(INCORRECT);
    expect(await signInWithPassword(db, { email: colleagues[0].email, password: PASSWORD }, office)).toEqual(THROTTLED);
  });

  it('a burst from one address gets at most 50 checks', async () => {
    const attacker = freshIp();
    const emails = Array.from({ length: 80 }, (_, i) => uniqueEmail(`burst${i}`));
    const results = await Promise.all(emails.map((email) => signInWithPassword(db, { email, password: 'not it at all' }, attacker)));
    expect(results.filter((r) => !r.ok && r.error === INCORRECT.error)).toHaveLength(50);
    expect(results.filter((r) => !r.ok && r.error === THROTTLED.error)).toHaveLength(30);
  });
});
