import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdminCli } from '@/lib/cli/run';
import { getDb } from '@/lib/db/client';
import { auditEvents, ssoConnections } from '@/lib/db/schema';
import { createIdpCredentials, type IdpCredentials } from '@/lib/demo-idp/credentials';
import { buildIdpMetadata } from '@/lib/demo-idp/metadata';
import { makeOrg, systemActor } from '@/lib/testing/fixtures';
import { createSamlConnection } from '../connections';
import { getJackson, JACKSON_PRODUCT } from '../jackson';
import { entitiesDescriptor, PRODUCT_ENDPOINTS } from './test-metadata';

const db = getDb();
let credentials: IdpCredentials;
let server: http.Server;
let metadataUrl: string;
let hits = 0;
/** Jackson keeps an IdP entity id to one tenant ("EntityID already exists for different tenant"): one Okta app per test. */
const oktaApp = () => {
  const app = `exk${randomBytes(8).toString('hex')}`;
  return { entityId: `http://www.okta.com/${app}`, ssoUrl: `https://acme.okta.com/app/acme_gw_1/${app}/sso/saml` };
};
let served = oktaApp();

beforeAll(async () => {
  credentials = await createIdpCredentials('Okta IdP');
  server = http.createServer((_req, res) => {
    hits++;
    res.writeHead(200, { 'content-type': 'application/xml' }).end(buildIdpMetadata({ ...served, certBase64: credentials.certBase64 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  metadataUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/app/exk1hqp7cwfwMSmWU5d7/sso/saml/metadata`;
}, 60_000);

afterAll(() => new Promise((resolve) => server.close(resolve)));

const connectionsOf = (orgId: string) => db.select().from(ssoConnections).where(eq(ssoConnections.orgId, orgId));

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runAdminCli(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) }, db);
  return { code, stdout, stderr };
}

describe('createSamlConnection with metadata already in hand', () => {
  it('keeps the metadata URL for refresh without anyone fetching it, and forgets it when XML is pasted', async () => {
    const org = await makeOrg();
    const okta = oktaApp();
    const xml = buildIdpMetadata({ ...okta, certBase64: credentials.certBase64 });
    const saved = await createSamlConnection(db, { orgId: org.id, name: 'Okta', metadataXml: xml, metadataUrl }, systemActor);
    expect(saved).toMatchObject({ idpEntityId: okta.entityId, metadataUrl });
    expect(hits).toBe(0);
    const [created] = await db.select().from(auditEvents).where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.action, 'sso.connection_created')));
    expect(created.after).toMatchObject({ metadataUrl, provider: 'Okta', signingCertificates: [expect.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)] });

    const pasted = await createSamlConnection(db, { orgId: org.id, name: 'Okta', metadataXml: xml }, systemActor);
    expect(pasted).toMatchObject({ id: saved.id, metadataUrl: null });
    const [updated] = await db.select().from(auditEvents).where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.action, 'sso.connection_updated')));
    expect(updated).toMatchObject({ before: { metadataUrl }, after: { metadataUrl: null } });
  });

  it("stores the IdP's own EntityDescriptor when the metadata came as an EntitiesDescriptor", async () => {
    const org = await makeOrg();
    const sp = buildIdpMetadata({ entityId: 'https://sp.example', ssoUrl: 'https://sp.example/acs', certBase64: credentials.certBase64 }).replace(/IDPSSODescriptor/g, 'SPSSODescriptor');
    const google = { entityId: `https://accounts.google.com/o/saml2?idpid=C0${randomBytes(4).toString('hex')}`, ssoUrl: PRODUCT_ENDPOINTS.google.ssoUrl };
    const xml = entitiesDescriptor([sp, buildIdpMetadata({ ...google, certBase64: credentials.certBase64 })]);
    const saved = await createSamlConnection(db, { orgId: org.id, name: 'Google', metadataXml: xml }, systemActor);
    expect(saved.idpEntityId).toBe(google.entityId);
    const [record] = await (await getJackson()).connectionAPIController.getConnections({ clientID: saved.id });
    expect(record && 'idpMetadata' in record ? record.idpMetadata.entityID : undefined).toBe(google.entityId);
  });

  it('refuses unreadable metadata before Jackson stores anything', async () => {
    const org = await makeOrg();
    const badCertificate = buildIdpMetadata({ ...PRODUCT_ENDPOINTS.keycloak, certBase64: credentials.certBase64.slice(0, 400) });
    await expect(createSamlConnection(db, { orgId: org.id, name: 'Keycloak', metadataXml: badCertificate }, systemActor)).rejects.toThrow(/signing certificate in the IdP metadata cannot be read/);
    expect(await connectionsOf(org.id)).toHaveLength(0);
    expect(await (await getJackson()).connectionAPIController.getConnections({ tenant: org.id, product: JACKSON_PRODUCT })).toHaveLength(0);
  });
});

describe('admin CLI: sso add-saml --metadata-url goes through the safe fetch', () => {
  it('fetches an intranet URL as the operator and stores it; refuses a cloud metadata address', async () => {
    const org = await makeOrg();
    served = oktaApp();
    const before = hits;
    const added = await cli('sso', 'add-saml', '--org', org.slug, '--name', 'Okta', '--metadata-url', metadataUrl);
    expect(added.stderr).toBe('');
    expect(hits).toBe(before + 1);
    expect((await connectionsOf(org.id)).map((c) => c.metadataUrl)).toEqual([metadataUrl]);

    const refused = await cli('sso', 'add-saml', '--org', org.slug, '--name', 'IMDS', '--metadata-url', 'http://169.254.169.254/latest/meta-data/');
    expect(refused).toMatchObject({ code: 1, stdout: '', stderr: 'error: The IdP metadata was refused: the metadata URL points at the cloud metadata service 169.254.169.254; it is never fetched\n' });
    expect(await connectionsOf(org.id)).toHaveLength(1);
  });
});
