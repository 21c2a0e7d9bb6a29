import { and, count, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db/client';
import { memberships } from '@/lib/db/schema';
import { makeMember, makeOrg, systemActor } from '@/lib/testing/fixtures';
import { changeMemberRole, findMembership } from './members';

const db = getDb();

async function activeOwners(orgId: string) {
  return (await db.select({ n: count() }).from(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.role, 'owner'), eq(memberships.status, 'active'))))[0].n;
}

/**
 * Waits until `n` sessions are stuck behind `holderPid`, directly or behind another stuck one,
 * whatever lock they wait on.
 */
async function waitForBlockedBehind(holderPid: number, n: number, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const [row] = (
      await db.execute<{ n: number }>(sql`
        with recursive blocked(pid) as (
          select pid from pg_stat_activity where ${holderPid}::int = any(pg_blocking_pids(pid))
          union
          select a.pid from pg_stat_activity a join blocked b on b.pid = any(pg_blocking_pids(a.pid))
        )
        select count(*)::int as n from blocked`)
    ).rows;
    if (row.n >= n) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
}

describe('an org always keeps an active owner', () => {
  it('one of two owners may step down, the last one may not', async () => {
    const org = await makeOrg();
    const a = await makeMember(org.id, 'owner');
    const b = await makeMember(org.id, 'owner');
    const ma = (await findMembership(db, org.id, a.id))!;
    const mb = (await findMembership(db, org.id, b.id))!;
    await changeMemberRole(db, { orgId: org.id, membershipId: ma.id, role: 'admin', actorRole: 'owner' }, systemActor);
    await expect(changeMemberRole(db, { orgId: org.id, membershipId: mb.id, role: 'admin', actorRole: 'owner' }, systemActor)).rejects.toThrow(
      'An organization needs at least one owner; make someone else owner first',
    );
    expect(await activeOwners(org.id)).toBe(1);
  });

  // Write skew: each request sees the other owner still there. Holding the org's audit lock keeps
  // both requests from committing until both are stuck (without serialisation: both past the
  // owner count), so the race happens on every run.
  it('two owners demoting each other at the same moment leave one owner', async () => {
    const org = await makeOrg();
    const a = await makeMember(org.id, 'owner');
    const b = await makeMember(org.id, 'owner');
    const ma = (await findMembership(db, org.id, a.id))!;
    const mb = (await findMembership(db, org.id, b.id))!;

    let release!: () => void;
    let locked!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const holding = new Promise<void>((resolve) => (locked = resolve));
    let holderPid = 0;
    const holder = db.transaction(async (tx) => {
      holderPid = (await tx.execute<{ pid: number }>(sql`select pg_backend_pid() as pid`)).rows[0].pid;
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`audit:${org.id}`}, 0))`);
      locked();
      await gate;
    });
    await holding;
    const both = Promise.allSettled([
      changeMemberRole(db, { orgId: org.id, membershipId: ma.id, role: 'admin', actorRole: 'owner' }, systemActor),
      changeMemberRole(db, { orgId: org.id, membershipId: mb.id, role: 'admin', actorRole: 'owner' }, systemActor),
    ]);
    const bothStuck = await waitForBlockedBehind(holderPid, 2);
    release();
    await holder;
    expect(bothStuck).toBe(true);
    const results = await both;
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).message] : []))).toEqual([
      'An organization needs at least one owner; make someone else owner first',
    ]);
    expect(await activeOwners(org.id)).toBe(1);
  });

  it('a suspended owner can be demoted while an active owner remains', async () => {
    const org = await makeOrg();
    await makeMember(org.id, 'owner');
    const suspended = await makeMember(org.id, 'owner');
    await db.update(memberships).set({ status: 'suspended' }).where(and(eq(memberships.orgId, org.id), eq(memberships.userId, suspended.id)));
    const membership = (await findMembership(db, org.id, suspended.id))!;
    const updated = await changeMemberRole(db, { orgId: org.id, membershipId: membership.id, role: 'member', actorRole: 'owner' }, systemActor);
    expect(updated.role).toBe('member');
    expect(await activeOwners(org.id)).toBe(1);
  });

  it('a suspended owner is not demoted when no active owner would remain', async () => {
    const org = await makeOrg();
    const only = await makeMember(org.id, 'owner');
    await db.update(memberships).set({ status: 'suspended' }).where(and(eq(memberships.orgId, org.id), eq(memberships.userId, only.id)));
    const membership = (await findMembership(db, org.id, only.id))!;
    await expect(changeMemberRole(db, { orgId: org.id, membershipId: membership.id, role: 'member', actorRole: 'owner' }, systemActor)).rejects.toThrow(
      'An organization needs at least one owner; make someone else owner first',
    );
    expect((await findMembership(db, org.id, only.id))!.role).toBe('owner');
  });
});
