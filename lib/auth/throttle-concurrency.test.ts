import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db/client';
import { auditEvents, signInThrottles } from '@/lib/db/schema';
import { makeMember, makeOrg, uniqueEmail } from '@/lib/testing/fixtures';
import { signInWithPassword } from './sign-in-password';
import { throttleMessage } from './throttle';

const db = getDb();
const PASSWORD = 'the real password';
const INCORRECT = { ok: false, error: 'Incorrect email or password.' };
const THROTTLED = { ok: false, error: throttleMessage(15) };

let ipCounter = 0;
/** A client address no other test uses, so per-IP counts never leak between tests. */
function freshIp(): { ip: string; userAgent: string } {
  return { ip: `2001:db8:7::${(process.pid % 0x10000).toString(16)}:${(++ipCounter).toString(16)}`, userAgent: 'vitest' };
}

async function reasons(email: string) {
  const rows = await db.select().from(auditEvents).where(and(eq(auditEvents.action, 'auth.sign_in_failed'), eq(auditEvents.targetLabel, email))).orderBy(auditEvents.id);
  return rows.map((r) => (r.metadata as { reason: string }).reason);
}

const countOf = (list: string[], reason: string) => list.filter((r) => r === reason).length;

async function memberWithPassword() {
  const org = await makeOrg();
  return makeMember(org.id, 'member', { password: PASSWORD });
}

describe('the account lock', () => {
  it('sequential guesses from many addresses: the sixth attempt is refused without checking the password', async () => {
    const user = await memberWithPassword();
    for (let i = 0; i < 5; i++) expect(await signInWithPassword(db, { email: user.email, password: `guess ${i} wrong` }, freshIp())).toEqual(INCORRECT);
    expect(await signInWithPassword(db, { email: user.email, password: PASSWORD }, freshIp())).toEqual(THROTTLED);
    expect(await reasons(user.email)).toEqual(['bad_password', 'bad_password', 'bad_password', 'bad_password', 'bad_password', 'throttled']);
  });

  it('a burst of parallel guesses gets exactly 5 password checks, and the lock then holds', async () => {
    const user = await memberWithPassword();
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => signInWithPassword(db, { email: user.email, password: `guess ${i} wrong` }, freshIp())));
    expect(results.filter((r) => r.ok)).toEqual([]);
    const seen = await reasons(user.email);
    expect(countOf(seen, 'bad_password')).toBe(5);
    expect(countOf(seen, 'throttled')).toBe(25);
    expect(await signInWithPassword(db, { email: user.email, password: PASSWORD }, freshIp())).toEqual(THROTTLED);
  });

  it('holds until lockedUntil even when the counting window has passed, then starts over', async () => {
    const user = await memberWithPassword();
    for (let i = 0; i < 5; i++) await signInWithPassword(db, { email: user.email, password: `guess ${i} wrong` }, freshIp());
    const key = eq(signInThrottles.key, `account:${user.email}`);
    await db.update(signInThrottles).set({ windowStartedAt: sql`now() - interval '1 hour'` }).where(key);
    expect(await signInWithPassword(db, { email: user.email, password: PASSWORD }, freshIp())).toEqual(THROTTLED);

    await db.update(signInThrottles).set({ lockedUntil: sql`now() - interval '1 second'` }).where(key);
    expect(await signInWithPassword(db, { email: user.email, password: 'one more wrong' }, freshIp())).toEqual(INCORRECT);
    expect((await db.select().from(signInThrottles).where(key))[0]).toMatchObject({ failures: 1, lockedUntil: null });
    expect((await signInWithPassword(db, { email: user.email, password: PASSWORD }, freshIp())).ok).toBe(true);
  });

  it('a refused attempt does not count: a locked address cannot lock the accounts it tries', async () => {
    const user = await memberWithPassword();
    const attacker = freshIp();
    for (let i = 0; i < 50; i++) await signInWithPassword(db, { email: uniqueEmail(`spray${i}`), password: 'not it at all' }, attacker);
    for (let i = 0; i < 10; i++) expect(await signInWithPassword(db, { email: user.email, password: `guess ${i} wrong` }, attacker)).toEqual(THROTTLED);
    expect((await signInWithPassword(db, { email: user.email, password: PASSWORD }, freshIp())).ok).toBe(true);
  });
});

describe('the per-address limit', () => {
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
