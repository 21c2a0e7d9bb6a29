import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db/client';
import { auditEvents, domains, type Domain, type DomainCheckFailure } from '@/lib/db/schema';
import { UserFacingError } from '@/lib/errors';
import { startTestDnsServer, type DnsNameFailure, type TestDnsServer } from '@/lib/testing/dns-server';
import { makeOrg, systemActor } from '@/lib/testing/fixtures';
import { addDomain, DomainVerificationError, findVerifiedDomain, verificationRecord, verifyDomain, type DnsOptions } from './domains';

const db = getDb();
const TIME_LIMIT_MS = 600;
let server: TestDnsServer;
let dns: DnsOptions;

beforeAll(async () => {
  server = await startTestDnsServer();
  dns = { servers: [server.address], timeLimitMs: TIME_LIMIT_MS };
});
afterAll(() => server.close());

function newDomainName(): string {
  return `${randomBytes(5).toString('hex')}.example.test`;
}

async function addedDomain(domain = newDomainName()) {
  const org = await makeOrg();
  const row = await addDomain(db, org.id, domain, systemActor);
  return { org, row, domain, value: verificationRecord(row).value };
}

async function reload(row: Domain): Promise<Domain> {
  const [current] = await db.select().from(domains).where(eq(domains.id, row.id));
  return current;
}

async function verifiedEvents(orgId: string) {
  return db.select().from(auditEvents).where(and(eq(auditEvents.orgId, orgId), eq(auditEvents.action, 'domain.verified')));
}

async function verificationError(promise: Promise<unknown>): Promise<DomainVerificationError> {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(DomainVerificationError);
  expect(error).toBeInstanceOf(UserFacingError);
  return error as DomainVerificationError;
}

describe('verifyDomain by DNS TXT', () => {
  it('verifies with the right record among others, records the check, audits it; a failed check before is cleared', async () => {
    const { org, row, domain, value } = await addedDomain();
    expect(verificationRecord(row)).toEqual({ type: 'TXT', name: domain, value: `llm-gateway-verification=${row.verificationToken}` });
    expect((await verificationError(verifyDomain(db, org.id, domain, systemActor, { dns }))).failure).toBe('missing');

    server.setTxt(domain, ['v=spf1 -all', value]);
    const verified = await verifyDomain(db, org.id, domain, systemActor, { dns });
    expect(verified.verifiedAt).toBeInstanceOf(Date);
    expect(await reload(row)).toMatchObject({ lastCheckFailure: null, lastCheckMessage: null, lastCheckedAt: expect.any(Date) });
    expect((await findVerifiedDomain(db, domain))?.orgId).toBe(org.id);
    const events = await verifiedEvents(org.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ targetId: row.id, targetLabel: domain, metadata: { method: 'dns_txt' } });
    // Verifying again changes nothing and is not audited twice.
    expect((await verifyDomain(db, org.id, domain, systemActor, { dns })).verifiedAt).toEqual(verified.verifiedAt);
    expect(await verifiedEvents(org.id)).toHaveLength(1);
  });

  it('accepts the value split into character-strings, over TCP when the UDP answer is truncated, and pasted with quotes', async () => {
    const split = await addedDomain();
    server.setTxt(split.domain, [[split.value.slice(0, 10), split.value.slice(10)]]);
    expect((await verifyDomain(db, split.org.id, split.domain, systemActor, { dns })).verifiedAt).toBeInstanceOf(Date);

    const crowded = await addedDomain();
    server.setTxt(crowded.domain, [...Array.from({ length: 40 }, (_, i) => `unrelated-${i}-${'x'.repeat(60)}`), crowded.value]);
    expect((await verifyDomain(db, crowded.org.id, crowded.domain, systemActor, { dns })).verifiedAt).toBeInstanceOf(Date);

    const quoted = await addedDomain();
    server.setTxt(quoted.domain, [`"${quoted.value}"`]);
    expect((await verifyDomain(db, quoted.org.id, quoted.domain, systemActor, { dns })).verifiedAt).toBeInstanceOf(Date);
  });

  type FailureCase = { name: string; setUp: (domain: string) => void; failure: DomainCheckFailure; dnsCode?: string; message: (value: string) => RegExp };
  const oldToken = `llm-gateway-verification=${'0'.repeat(32)}`;
  const fail = (failure: DnsNameFailure) => (domain: string) => server.failName(domain, failure);
  const cases: FailureCase[] = [
    { name: 'no such name (NXDOMAIN)', setUp: () => {}, failure: 'missing', dnsCode: 'ENOTFOUND', message: (v) => new RegExp(`^No TXT record found on .*does not exist \\(NXDOMAIN\\)\\. Add a TXT record .* with the value ${v}`) },
    { name: 'no TXT records (NODATA)', setUp: (d) => server.setTxt(d, []), failure: 'missing', dnsCode: 'ENODATA', message: (v) => new RegExp(`^No TXT record found on .*has no TXT records\\. Add a TXT record .* with the value ${v}`) },
    { name: 'other TXT records only', setUp: (d) => server.setTxt(d, ['v=spf1 -all', 'google-site-verification=abc']), failure: 'other_records', message: (v) => new RegExp(`has 2 TXT records, but none is ${v}\\. Add it as one more TXT record .* keep the existing ones`) },
    { name: 'a wrong (old) token', setUp: (d) => server.setTxt(d, ['v=spf1 -all', oldToken]), failure: 'wrong_token', message: (v) => new RegExp(`another value: found "${oldToken}", expected "${v}"\\. It may be an old token`) },
    { name: 'SERVFAIL', setUp: fail('servfail'), failure: 'dns_error', dnsCode: 'ESERVFAIL', message: () => /^Could not check .*: the DNS server reported a failure \(SERVFAIL\) \(ESERVFAIL\)\. Nothing was changed/ },
    { name: 'REFUSED', setUp: fail('refused'), failure: 'dns_error', dnsCode: 'EREFUSED', message: () => /^Could not check .*: the DNS server refused the query \(EREFUSED\)/ },
    { name: 'no answer (timeout)', setUp: fail('timeout'), failure: 'dns_error', dnsCode: 'ETIMEOUT', message: () => /^Could not check .*: the DNS server did not answer in time \(ETIMEOUT\)/ },
  ];

  for (const c of cases) {
    it(`refuses with ${c.name}, says so in plain words, records the check and changes nothing else`, async () => {
      const { org, row, domain, value } = await addedDomain();
      c.setUp(domain);
      const started = Date.now();
      const error = await verificationError(verifyDomain(db, org.id, domain, systemActor, { dns }));
      expect(Date.now() - started, 'within the time limit').toBeLessThan(TIME_LIMIT_MS + 1000);
      expect(error.message).toMatch(c.message(value));
      expect(error.failure).toBe(c.failure);
      expect(error.dnsCode).toBe(c.dnsCode);
      const after = await reload(row);
      expect(after).toMatchObject({ verifiedAt: null, lastCheckFailure: c.failure, lastCheckMessage: error.message, lastCheckedAt: expect.any(Date) });
      expect(await findVerifiedDomain(db, domain)).toBeUndefined();
      expect(await verifiedEvents(org.id)).toHaveLength(0);
    });
  }

  it('refuses a domain that is not added to the org', async () => {
    const { domain } = await addedDomain();
    const other = await makeOrg();
    server.setTxt(domain, ['anything']);
    await expect(verifyDomain(db, other.id, domain, systemActor, { dns })).rejects.toThrow(`${domain} has not been added to this organization`);
  });
});

describe('a domain is verified by one org at most', () => {
  it('another org cannot verify it even with its own record in DNS, and is told why', async () => {
    const first = await addedDomain();
    const second = await addDomain(db, (await makeOrg()).id, first.domain, systemActor);
    server.setTxt(first.domain, [first.value, verificationRecord(second).value]);
    await verifyDomain(db, first.org.id, first.domain, systemActor, { dns });

    const error = await verificationError(verifyDomain(db, second.orgId, first.domain, systemActor, { dns }));
    expect(error.message).toBe(`${first.domain} is already verified by another organization`);
    expect(error.failure).toBe('taken');
    expect(await reload(second)).toMatchObject({ verifiedAt: null, lastCheckFailure: 'taken' });
    expect(await verifiedEvents(second.orgId)).toHaveLength(0);
    await expect(addDomain(db, (await makeOrg()).id, first.domain, systemActor)).rejects.toThrow(`${first.domain} is already verified by another organization`);
  });

  it('two orgs verifying at once: exactly one wins, the other gets the clear message', async () => {
    for (let round = 0; round < 5; round++) {
      const a = await addedDomain();
      const b = await addDomain(db, (await makeOrg()).id, a.domain, systemActor);
      server.setTxt(a.domain, [a.value, verificationRecord(b).value]);
      const results = await Promise.allSettled([verifyDomain(db, a.org.id, a.domain, systemActor, { dns }), verifyDomain(db, b.orgId, a.domain, systemActor, { dns })]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const [refused] = results.filter((r) => r.status === 'rejected');
      expect(refused.reason).toBeInstanceOf(DomainVerificationError);
      expect(refused.reason.message).toBe(`${a.domain} is already verified by another organization`);
      const verifiedRows = (await db.select().from(domains).where(eq(domains.domain, a.domain))).filter((row) => row.verifiedAt);
      expect(verifiedRows).toHaveLength(1);
    }
  });

  it('the loser of a race decided by the unique index gets the same clear message, not a database error', async () => {
    const a = await addedDomain();
    const b = await addDomain(db, (await makeOrg()).id, a.domain, systemActor);
    server.setTxt(a.domain, [a.value, verificationRecord(b).value]);

    // Org A verifies inside a transaction that stays open until org B's verification waits on it.
    let release!: () => void;
    let reportPid!: (pid: number) => void;
    const aPid = new Promise<number>((resolve) => (reportPid = resolve));
    const aCommitted = db.transaction(async (tx) => {
      await verifyDomain(tx, a.org.id, a.domain, systemActor, { dns });
      const { rows } = await tx.execute<{ pid: number }>(sql`select pg_backend_pid() as pid`);
      reportPid(rows[0].pid);
      await new Promise<void>((resolve) => (release = resolve));
    });
    const pid = await aPid;
    const bResult = verifyDomain(db, b.orgId, a.domain, systemActor, { dns }).then(() => null, (error: unknown) => error);
    for (let waited = 0; ; waited += 20) {
      const { rows } = await db.execute<{ n: number }>(sql`select count(*)::int as n from pg_stat_activity where ${pid}::int = any(pg_blocking_pids(pid))`);
      if (rows[0].n > 0) break;
      if (waited > 10_000) throw new Error('org B never waited on org A');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    release();
    await aCommitted;

    const error = await bResult;
    expect(error).toBeInstanceOf(DomainVerificationError);
    expect((error as DomainVerificationError).message).toBe(`${a.domain} is already verified by another organization`);
    expect(await reload(b)).toMatchObject({ verifiedAt: null, lastCheckFailure: 'taken' });
    expect((await findVerifiedDomain(db, a.domain))?.orgId).toBe(a.org.id);
  });
});
