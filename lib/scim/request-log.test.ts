import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db/client';
import { scimRequestLog, scimUsers } from '@/lib/db/schema';
import { uniqueEmail } from '@/lib/testing/fixtures';
import { makeScimOrg } from '@/lib/testing/scim-client';
import { logScimRequest, redactBody } from './request-log';

const db = getDb();
const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

const secret = () => `pw-${randomBytes(6).toString('hex')}`;
const patchBody = (...Operations: unknown[]) => ({ schemas: [PATCH_OP], Operations });

/** The logged form must not contain any of the secrets, anywhere (keys, values, nested). */
function expectNoneLeaked(logged: unknown, secrets: string[]) {
  const text = JSON.stringify(logged);
  for (const s of secrets) expect(text, `"${s}" is logged in clear`).not.toContain(s);
}

/** A recorded IdP request (e2e/fixtures/scim) with its {placeholders} filled. */
function recorded(fixture: string, name: string, vars: Record<string, string>): { method: string; body: unknown } {
  const file = JSON.parse(fs.readFileSync(path.resolve(process.cwd(), 'e2e/fixtures/scim', fixture), 'utf8')) as { requests: { name: string; method: string; body?: unknown }[] };
  const request = file.requests.find((r) => r.name === name);
  if (!request) throw new Error(`No recorded request "${name}" in ${fixture}`);
  const filled = JSON.stringify(request.body).replace(/\{([A-Za-z]\w*)\}/g, (_, key: string) => {
    if (!(key in vars)) throw new Error(`No value for {${key}}`);
    return vars[key];
  });
  return { method: request.method, body: JSON.parse(filled) };
}

describe('redactBody: secrets are found by attribute, not by exact key', () => {
  it('a PATCH whose path names the password (any case, padded, URN-qualified, in another schema) hides its value; other operations stay readable', () => {
    const secrets = [secret(), secret(), secret(), secret(), secret()];
    const readable = [
      { op: 'replace', path: 'emails[type eq "work"].value', value: 'ada@new.test' },
      { op: 'replace', path: 'emails[value eq "password"].display', value: 'Work' },
      { op: 'replace', value: { 'name.givenName': 'Ada', [`${ENTERPRISE}:department`]: 'R&D' } },
    ];
    const body = patchBody(
      { op: 'replace', path: 'password', value: secrets[0] },
      { op: 'Replace', path: 'Password', value: secrets[1] },
      { op: 'replace', path: ' PASSWORD ', value: [{ value: secrets[2] }] },
      { op: 'add', path: `${CORE}:password`, value: secrets[3] },
      { op: 'add', path: `${ENTERPRISE}:password`, value: { value: secrets[4] } },
      ...readable,
    );
    const logged = redactBody(body) as { Operations: unknown[] };
    expectNoneLeaked(logged, secrets);
    expect(logged.Operations[0]).toEqual({ op: 'replace', path: 'password', value: '[redacted]' });
    expect(logged.Operations.slice(5)).toEqual(readable);
  });

  it('keys that resolve to the password: URN-qualified, any case, surrounding whitespace, in a path-less PATCH value', () => {
    const secrets = Array.from({ length: 6 }, secret);
    const created = { userName: 'ada@x.test', [`${CORE}:password`]: secrets[0], 'password ': secrets[1], ' PASSWORD': secrets[2], 'Password\t': secrets[3] };
    const patched = patchBody({ op: 'replace', value: { [`${CORE}:Password`]: secrets[4], 'name.givenName': 'Ada' } }, { op: 'add', value: { [ENTERPRISE]: { password: secrets[5] } } });
    expectNoneLeaked(redactBody(created), secrets);
    expectNoneLeaked(redactBody(patched), secrets);
  });

  it('unknown keys an IdP might send one day still hide a password: another schema URN, a sub-attribute, a longer name', () => {
    const secrets = Array.from({ length: 5 }, secret);
    const body = {
      'urn:ietf:params:scim:schemas:extension:okta:2.0:User:password': secrets[0],
      'password.value': secrets[1],
      credentials: { PASSWORD: secrets[2] },
      newPassword: secrets[3],
      Operations: [{ op: 'replace', path: 'urn:example:params:scim:schemas:extension:acme:1.0:User:userPassword', value: secrets[4] }],
    };
    expectNoneLeaked(redactBody(body), secrets);
  });

  it('generic secret-looking keys stay hidden, including spelling variants', () => {
    const secrets = Array.from({ length: 7 }, secret);
    const body = { secret: secrets[0], token: secrets[1], client_secret: secrets[2], Authorization: secrets[3], clientSecret: secrets[4], access_token: secrets[5], ' Client-Secret ': secrets[6] };
    expectNoneLeaked(redactBody(body), secrets);
    const values = { userName: 'ada@x.test', displayName: 'token holder', title: 'Secretary' };
    expect(redactBody(values), 'secret-looking values under ordinary keys stay').toEqual(values);
  });

  it('the IdPs’ real password-setting shapes (Okta create and PUT, Okta path-less PATCH, Entra’s two PATCH dialects)', () => {
    const secrets = Array.from({ length: 6 }, secret);
    const oktaCreate = recorded('okta/users.json', 'Create the User', { userName: 'ada@x.test', oktaUserId: '00u1', password: secrets[0] });
    const oktaPut = recorded('okta/users.json', 'Update the User (PUT)', { userId: 'u1', userName: 'ada@x.test' });
    // Okta's "Sync password" sends the same PUT with the password added, and a path-less PATCH.
    (oktaPut.body as Record<string, unknown>).password = secrets[1];
    const oktaPatch = patchBody({ op: 'replace', value: { password: secrets[2] } });
    // Entra's two dialects (patch-default.json, patch-aadOptscim062020.json) with the password as the attribute.
    const entraDefault = patchBody({ op: 'Replace', path: 'password', value: secrets[3] });
    const entraFlagged = patchBody({ op: 'replace', value: { displayName: 'Bjfe', [`${CORE}:password`]: secrets[4] } });
    const entraRemoveDialect = patchBody({ op: 'Add', path: 'password', value: [{ value: secrets[5] }] });
    const bodies = [oktaCreate.body, oktaPut.body, oktaPatch, entraDefault, entraFlagged, entraRemoveDialect];
    const logged = bodies.map((body) => redactBody(body));
    expectNoneLeaked(logged, secrets);
    expect(logged[0]).toMatchObject({ userName: 'ada@x.test', externalId: '00u1', password: '[redacted]' });
  });

  it('strips NUL characters (Postgres refuses them in jsonb) from keys and values, keeping them visible as \\u0000', () => {
    const logged = redactBody({ userName: 'a\u0000b', ['nick\u0000Name']: ['x\u0000'] });
    expect(logged).toEqual({ userName: 'a\\u0000b', 'nick\\u0000Name': ['x\\u0000'] });
  });
});

describe('SCIM request log (through the route handlers)', () => {
  it('stores no plaintext password for POST, PUT, PATCH or a filter, whatever the spelling', async () => {
    const { org, scim } = await makeScimOrg();
    const email = uniqueEmail('pw', 'log-redaction.test');
    const secrets = Array.from({ length: 10 }, secret);
    const created = await scim('POST', '/Users', { schemas: [CORE], userName: email, emails: [{ value: email, primary: true }], [`${CORE}:password`]: secrets[0], 'password ': secrets[1] });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const replaced = await scim('PUT', `/Users/${id}`, { schemas: [CORE], userName: email, emails: [{ value: email, primary: true }], Password: secrets[2] });
    expect(replaced.status).toBe(200);
    const patches = [
      patchBody({ op: 'replace', path: 'password', value: secrets[3] }),
      patchBody({ op: 'Replace', path: 'Password', value: secrets[4] }),
      patchBody({ op: 'replace', value: { [`${CORE}:password`]: secrets[5], displayName: 'Ada' } }),
      patchBody({ op: 'replace', path: 'password ', value: secrets[6] }),
    ];
    for (const body of patches) expect((await scim('PATCH', `/Users/${id}`, body)).status).toBe(200);
    expect((await scim('GET', `/Users?filter=${encodeURIComponent(`password eq "${secrets[7]}"`)}`)).status).toBeLessThan(500);
    const unparsable = await scim('GET', `/Users?filter=${encodeURIComponent(`Password eq "${secrets[9]}`)}`);
    expect(unparsable.body).toMatchObject({ status: '400', scimType: 'invalidFilter' });
    const wrongType = await scim('PATCH', `/Users/${id}`, patchBody({ op: 'replace', path: 'password', value: { secret: secrets[8] } }));
    expect(wrongType.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
    expectNoneLeaked(wrongType.body, secrets);

    const rows = await db.select().from(scimRequestLog).where(eq(scimRequestLog.orgId, org.id));
    expect(rows.map((r) => r.method).sort()).toEqual(['GET', 'GET', 'PATCH', 'PATCH', 'PATCH', 'PATCH', 'PATCH', 'POST', 'PUT']);
    expectNoneLeaked(rows, secrets);
    expect(JSON.stringify(rows), 'the rest of the body stays readable').toContain(email);
    const [stored] = await db.select().from(scimUsers).where(eq(scimUsers.orgId, org.id));
    expectNoneLeaked(stored, secrets);
    expect((await scim('GET', `/Users/${id}`)).body).not.toHaveProperty('password');
  });
});

describe('writing the request log', () => {
  it('batches concurrent requests, each resolving once its row is stored; one unstorable row fails alone', async () => {
    const { org, token } = await makeScimOrg();
    const entry = (i: number) => ({ orgId: org.id, tokenId: token.id, method: 'GET', path: `/api/scim/v2/Users?n=${i}`, status: 200, durationMs: i });
    const rowsNow = async () => db.select({ path: scimRequestLog.path }).from(scimRequestLog).where(eq(scimRequestLog.orgId, org.id));
    // A status past Postgres' integer range cannot be stored.
    const results = await Promise.allSettled([...Array.from({ length: 40 }, (_, i) => logScimRequest(db, entry(i), 30)), logScimRequest(db, { ...entry(99), status: 2 ** 40 }, 30)]);
    expect(results.slice(0, 40).every((r) => r.status === 'fulfilled')).toBe(true);
    expect(results[40].status).toBe('rejected');
    const paths = (await rowsNow()).map((r) => r.path);
    expect(paths).toHaveLength(40);
    expect(paths).not.toContain('/api/scim/v2/Users?n=99');
  });

  it('drops an org’s entries past the retention on its first request, then at most once a minute', async () => {
    const { org, token } = await makeScimOrg();
    const old = () => db.insert(scimRequestLog).values({ orgId: org.id, tokenId: token.id, method: 'GET', path: '/old', status: 200, durationMs: 1, createdAt: new Date(Date.now() - 40 * 86_400_000) });
    const entry = { orgId: org.id, tokenId: token.id, method: 'GET', path: '/api/scim/v2/Users', status: 200, durationMs: 1 };
    await old();
    await logScimRequest(db, entry, 30);
    expect((await db.select().from(scimRequestLog).where(eq(scimRequestLog.orgId, org.id))).map((r) => r.path)).toEqual(['/api/scim/v2/Users']);
    await old();
    await logScimRequest(db, entry, 30);
    expect((await db.select().from(scimRequestLog).where(eq(scimRequestLog.orgId, org.id))).map((r) => r.path).sort()).toEqual(['/api/scim/v2/Users', '/api/scim/v2/Users', '/old']);
  });
});
