import { randomBytes } from 'node:crypto';
import { domainToUnicode } from 'node:url';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db/client';
import { domains } from '@/lib/db/schema';
import { makeOrg, systemActor } from '@/lib/testing/fixtures';
import { emailDomain, emailSchema } from '@/lib/users/normalize';
import { addDomain, domainSchema, findVerifiedDomain, verifyDomain } from './domains';

const db = getDb();

describe('domainSchema', () => {
  it('accepts a U-label or an A-label and keeps the A-label', () => {
    expect(domainSchema.parse(' Bücher.TEST ')).toBe('xn--bcher-kva.test');
    expect(domainSchema.parse('XN--BCHER-KVA.test')).toBe('xn--bcher-kva.test');
    expect(domainSchema.parse('例子.广告')).toBe('xn--fsqu00a.xn--4rr70v');
    expect(domainSchema.parse('Example.COM')).toBe('example.com');
  });

  it('refuses what is not a host name', () => {
    for (const input of ['bücher', 'ex_ample.com', '-bücher.test', 'bü cher.test', 'bücher..test', 'xn--zz.test', '1.2.3.4']) {
      expect(domainSchema.safeParse(input).success, input).toBe(false);
    }
  });
});

describe('verified domains: one domain whether written as a U-label or an A-label', () => {
  it('a domain added in Unicode is found by its A-label, by an address on it, and cannot be claimed again in the other form', async () => {
    const unicode = `bücher-${randomBytes(3).toString('hex')}.test`;
    const ascii = domainSchema.parse(unicode);
    expect(ascii).toMatch(/^xn--bcher-/);
    expect(domainToUnicode(ascii)).toBe(unicode);
    const owner = await makeOrg();
    await addDomain(db, owner.id, unicode, systemActor);
    await verifyDomain(db, owner.id, ascii.toUpperCase(), systemActor, { skipDns: true });
    const [stored] = await db.select().from(domains).where(eq(domains.orgId, owner.id));
    expect(stored.domain, 'stored as the A-label').toBe(ascii);

    for (const form of [ascii, unicode, unicode.toUpperCase(), emailDomain(emailSchema.parse(`Jürgen@${unicode.toUpperCase()}`))]) {
      expect((await findVerifiedDomain(db, form))?.orgId, form).toBe(owner.id);
    }
    await expect(addDomain(db, owner.id, ascii, systemActor)).rejects.toThrow(/already been added/);
    const other = await makeOrg();
    await expect(addDomain(db, other.id, unicode.toUpperCase(), systemActor)).rejects.toThrow(/already verified by another organization/);
    expect(await findVerifiedDomain(db, `b\u00fccher-other.test`)).toBeUndefined();
  });
});
