import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { signInWithPassword } from '@/lib/auth/sign-in-password';
import { getDb } from '@/lib/db/client';
import { scimUsers, users } from '@/lib/db/schema';
import { makeUser } from '@/lib/testing/fixtures';
import { makeScimOrg } from '@/lib/testing/scim-client';
import { emailSchema } from '@/lib/users/normalize';

const db = getDb();
const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';

const userBody = (userName: string) => ({ schemas: [CORE], userName, name: { givenName: 'Zoë', familyName: 'Ünïcødé' }, emails: [{ value: userName, type: 'work', primary: true }], active: true });
const byFilter = (filter: string) => `/Users?filter=${encodeURIComponent(filter)}`;
/** A unique RFC 6531 address: non-ASCII local part, ASCII domain (the example shape). */
const internationalAddress = () => `zoë.ünïcødé.李.${randomBytes(3).toString('hex')}@example.com`;

describe('SCIM with internationalised userNames and emails (RFC 6531)', () => {
  it('creates the user, finds it by userName and by email in any case, and refuses a differently-cased duplicate with 409', async () => {
    const { org, scim } = await makeScimOrg();
    const address = internationalAddress();
    const shouted = address.toUpperCase();
    expect(shouted).toContain('ZOË.ÜNÏCØDÉ.李');

    const created = await scim('POST', '/Users', userBody(address));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ userName: address, emails: [{ value: address }] });
    const [account] = await db.select().from(users).where(eq(users.id, created.body.id));
    expect(account.email).toBe(address);

    for (const filter of [`userName eq "${shouted}"`, `emails[value eq "${shouted}"]`, `emails[type eq "work"].value eq "${shouted}"`, `userName sw "ZOË.ÜNÏ"`]) {
      const found = await scim('GET', byFilter(filter));
      expect(found.body.totalResults, filter).toBe(1);
      expect(found.body.Resources[0].id).toBe(created.body.id);
    }
    const lookalike = address.replace('zoë', 'zoe');
    expect((await scim('GET', byFilter(`userName eq "${lookalike}"`))).body.totalResults, 'e is not ë').toBe(0);

    const duplicate = await scim('POST', '/Users', userBody(shouted));
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ status: '409', scimType: 'uniqueness' });
    expect(await db.select().from(scimUsers).where(eq(scimUsers.orgId, org.id))).toHaveLength(1);
  });

  it('an address on an internationalised domain: the account keeps the A-label, the directory what the IdP sent, and both forms find it', async () => {
    const { scim } = await makeScimOrg();
    const local = `jürgen.${randomBytes(3).toString('hex')}`;
    const sent = `${local}@Bücher.test`;
    const created = await scim('POST', '/Users', userBody(sent));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.userName).toBe(sent);
    const [account] = await db.select().from(users).where(eq(users.id, created.body.id));
    expect(account.email).toBe(`${local}@xn--bcher-kva.test`);
    expect((await scim('GET', byFilter(`userName eq "${sent.toUpperCase()}"`))).body.totalResults).toBe(1);
    const refused = await scim('POST', '/Users', userBody(`${local} x@bücher.test`));
    expect(refused.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
  });

  it('decomposed input (NFD) is the same user as the composed one', async () => {
    const { scim } = await makeScimOrg();
    const address = internationalAddress();
    const created = await scim('POST', '/Users', userBody(address.normalize('NFD')));
    expect(created.status).toBe(201);
    expect(created.body.userName).toBe(address);
    for (const form of [address, address.normalize('NFD').toUpperCase()]) expect((await scim('GET', byFilter(`userName eq "${form}"`))).body.totalResults).toBe(1);
    expect((await scim('POST', '/Users', userBody(address))).status).toBe(409);
  });
});

describe('password sign-in with an internationalised address', () => {
  it('signs in with the address in another case or with the U-label domain', async () => {
    const password = 'correct horse battery staple 1';
    const email = emailSchema.parse(`Zoë.${randomBytes(3).toString('hex')}@Bücher.test`);
    const user = await makeUser({ email, password });
    const meta = { ip: `198.51.100.${Math.floor(Math.random() * 200) + 1}`, userAgent: 'vitest' };
    const typed = email.toUpperCase().replace('XN--BCHER-KVA', 'BÜCHER');
    expect(await signInWithPassword(db, { email: typed, password }, meta)).toMatchObject({ ok: true, userId: user.id });
  });
});
