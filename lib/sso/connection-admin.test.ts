import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInWithSsoTicket } from '@/lib/auth/sign-in-sso';
import { getDb } from '@/lib/db/client';
import { auditEvents, roleRules, ssoConnections } from '@/lib/db/schema';
import { createIdpCredentials, type IdpCredentials } from '@/lib/demo-idp/credentials';
import { buildSamlResponse } from '@/lib/demo-idp/saml-response';
import { addDomain, verifyDomain } from '@/lib/orgs/domains';
import { makeOrg, systemActor } from '@/lib/testing/fixtures';
import { makeSamlOrg } from '@/lib/testing/saml-fixtures';
import { describeConnections, refreshConnectionMetadata, removeSigningCertificate, setConnectionEnabled, updateConnection } from './connection-admin';
import { recordConnectionTest } from './connection-tests';
import { completeSsoLogin } from './complete-login';
import { createSamlConnection } from './connections';
import { acsUrl, spEntityId } from './jackson';
import { keyDescriptor, metadataWithKeys } from './metadata/test-metadata';
import { refreshDueMetadata } from './metadata-refresh';
import { handleSamlResponse } from './saml/handle-acs';
import { setSsoOnly } from './sso-only';

const db = getDb();
const DAY = 86_400_000;

/** A local "IdP metadata URL" whose document the test changes, as an IdP does at a rollover. */
let served = '';
let hits = 0;
let server: http.Server;
let metadataUrl = '';
beforeAll(async () => {
  server = http.createServer((request, response) => {
    hits++;
    if (!served) return response.writeHead(503).end();
    response.writeHead(200, { 'Content-Type': 'application/samlmetadata+xml' }).end(served);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  metadataUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metadata`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function orgWithUrlConnection(certificates: IdpCredentials[]) {
  const org = await makeOrg();
  const domain = `${randomBytes(4).toString('hex')}.example.test`;
  await addDomain(db, org.id, domain, systemActor);
  await verifyDomain(db, org.id, domain, systemActor, { skipDns: true });
  const entityId = `https://idp.example.test/${randomBytes(4).toString('hex')}`;
  const endpoints = { entityId, ssoUrl: `${entityId}/sso` };
  const metadataFor = (certs: IdpCredentials[]) => metadataWithKeys(endpoints, certs.map((c) => keyDescriptor(c.certBase64, 'signing')));
  served = metadataFor(certificates);
  const connection = await createSamlConnection(db, { orgId: org.id, name: 'Okta', metadataXml: served, metadataUrl }, systemActor);
  /** An IdP-initiated login signed with `credentials`: accepted, or the refusal code. */
  const loginSignedBy = async (credentials: IdpCredentials) => {
    const email = `user-${randomBytes(3).toString('hex')}@${domain}`;
    const samlResponse = buildSamlResponse({ credentials, issuer: entityId, audience: spEntityId(), recipient: acsUrl(), destination: acsUrl(), nameId: email, attributes: { email: [email] } }).base64;
    return handleSamlResponse(db, { samlResponse, relayState: null }).then(
      () => 'accepted',
      (error: { code?: string }) => error.code ?? 'error',
    );
  };
  return { org, connection, metadataFor, loginSignedBy };
}

describe('SSO connection administration', () => {
  it('lists each connection with its status, certificates (first expiry flagged) and latest test', async () => {
    const soon = await createIdpCredentials('Expiring soon', { notAfter: new Date(Date.now() + 10 * DAY) });
    const idp = await orgWithUrlConnection([soon]);
    const [listed] = await describeConnections(db, idp.org.id);
    expect(listed).toMatchObject({ id: idp.connection.id, enabled: true, protocol: 'saml', metadataUrl, latestTest: null, nextExpiry: { expired: false, expiresSoon: true } });
    expect(listed.certificates).toHaveLength(1);
    await recordConnectionTest(db, { orgId: idp.org.id, connectionId: idp.connection.id, purpose: 'test', requestedBy: { type: 'user', label: 'admin' } }, { error: new Error('boom') });
    expect((await describeConnections(db, idp.org.id))[0].latestTest).toMatchObject({ ok: false, failureCode: 'internal_error' });
  });

  it('renames and remaps a connection (audited before → after); refuses another org’s connection and a secret for SAML', async () => {
    const idp = await makeSamlOrg();
    const updated = await updateConnection(db, { orgId: idp.org.id, connectionId: idp.connection.id, name: 'Okta (prod)', attributeMapping: { groups: ['memberOf'] } }, systemActor);
    expect(updated).toMatchObject({ name: 'Okta (prod)', attributeMapping: { groups: ['memberOf'] } });
    const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.orgId, idp.org.id), eq(auditEvents.action, 'sso.connection_updated')));
    expect(event).toMatchObject({ before: { name: 'Okta' }, after: { name: 'Okta (prod)' } });
    const other = await makeSamlOrg();
    await expect(updateConnection(db, { orgId: other.org.id, connectionId: idp.connection.id, name: 'Mine now' }, systemActor)).rejects.toThrow(/does not exist in your organization/);
    await expect(updateConnection(db, { orgId: idp.org.id, connectionId: idp.connection.id, clientSecret: 'x' }, systemActor)).rejects.toThrow(/Only an OIDC connection/);
    expect((await db.select().from(ssoConnections).where(eq(ssoConnections.id, idp.connection.id)))[0].name).toBe('Okta (prod)');
  });

  it('a disabled connection refuses logins; the last enabled one stays on under SSO-only', async () => {
    const idp = await makeSamlOrg();
    const login = () => handleSamlResponse(db, { samlResponse: idp.respond(idp.email('ann')).base64, relayState: null });
    await setConnectionEnabled(db, { orgId: idp.org.id, connectionId: idp.connection.id, enabled: false }, systemActor);
    expect((await describeConnections(db, idp.org.id))[0].enabled).toBe(false);
    await expect(login()).rejects.toMatchObject({ code: 'connection_inactive' });
    await setConnectionEnabled(db, { orgId: idp.org.id, connectionId: idp.connection.id, enabled: true }, systemActor);
    expect((await login()).profile.email).toBe(idp.email('ann'));
    // An admin's successful SSO login is the lock-out guard's proof before SSO-only goes on.
    await db.insert(roleRules).values({ orgId: idp.org.id, idpGroup: 'admins', role: 'admin', position: 1 });
    const boss = idp.email('boss');
    await signInWithSsoTicket(db, (await completeSsoLogin(db, await handleSamlResponse(db, { samlResponse: idp.respond(boss, { attributes: { email: [boss], groups: ['admins'] } }).base64, relayState: null }), { ip: null, userAgent: null })).ticket, { ip: null, userAgent: null }, null);
    await setSsoOnly(db, { orgId: idp.org.id, enabled: true }, systemActor);
    await expect(setConnectionEnabled(db, { orgId: idp.org.id, connectionId: idp.connection.id, enabled: false }, systemActor)).rejects.toThrow(/last enabled SSO connection and SSO-only is on/);
  });

  it('trusts every certificate of a rollover; a removed one is refused and a refresh does not bring it back', async () => {
    const [oldCert, newCert, stranger] = await Promise.all([createIdpCredentials('Old'), createIdpCredentials('New'), createIdpCredentials('Stranger')]);
    const idp = await orgWithUrlConnection([oldCert, newCert]);
    expect(await idp.loginSignedBy(oldCert)).toBe('accepted');
    expect(await idp.loginSignedBy(newCert)).toBe('accepted');
    expect(await idp.loginSignedBy(stranger)).toBe('saml_bad_signature');

    const [listed] = await describeConnections(db, idp.org.id);
    const oldFingerprint = listed.certificates.find((c) => c.commonName === 'Old')!.fingerprintSha256;
    await removeSigningCertificate(db, { orgId: idp.org.id, connectionId: idp.connection.id, fingerprint: oldFingerprint }, systemActor);
    expect(await idp.loginSignedBy(oldCert)).toBe('saml_bad_signature');
    expect(await idp.loginSignedBy(newCert)).toBe('accepted');
    await refreshConnectionMetadata(db, { orgId: idp.org.id, connectionId: idp.connection.id }, systemActor, { allowPrivate: true });
    expect(await idp.loginSignedBy(oldCert)).toBe('saml_bad_signature');
    const newFingerprint = (await describeConnections(db, idp.org.id))[0].certificates[0].fingerprintSha256;
    await expect(removeSigningCertificate(db, { orgId: idp.org.id, connectionId: idp.connection.id, fingerprint: newFingerprint }, systemActor)).rejects.toThrow(/only signing certificate/);
  });

  it('a refresh picks up the IdP’s next certificate; a failed refresh is recorded and changes nothing', async () => {
    const [current, next] = await Promise.all([createIdpCredentials('Current'), createIdpCredentials('Next')]);
    const idp = await orgWithUrlConnection([current]);
    expect(await idp.loginSignedBy(next)).toBe('saml_bad_signature');
    served = idp.metadataFor([current, next]);
    await refreshConnectionMetadata(db, { orgId: idp.org.id, connectionId: idp.connection.id }, systemActor, { allowPrivate: true });
    expect(await idp.loginSignedBy(next)).toBe('accepted');
    const [audited] = await db.select().from(auditEvents).where(and(eq(auditEvents.orgId, idp.org.id), eq(auditEvents.action, 'sso.connection_updated')));
    expect((audited.after as { signingCertificates: string[] }).signingCertificates).toHaveLength(2);

    served = '';
    await expect(refreshConnectionMetadata(db, { orgId: idp.org.id, connectionId: idp.connection.id }, systemActor, { allowPrivate: true })).rejects.toThrow();
    const [row] = await db.select().from(ssoConnections).where(eq(ssoConnections.id, idp.connection.id));
    expect(row.metadataRefreshError).toBeTruthy();
    expect(row.signingCertificates).toHaveLength(2);
    // Without the operator's flag, the loopback URL is refused outright.
    served = idp.metadataFor([current, next]);
    await expect(refreshConnectionMetadata(db, { orgId: idp.org.id, connectionId: idp.connection.id }, systemActor, { allowPrivate: false })).rejects.toThrow(/ALLOW_PRIVATE_METADATA_URLS/);
  });

  it('scheduled refresh: each due connection is read once per interval, even with two replicas running it', async () => {
    const cert = await createIdpCredentials('Scheduled');
    const idp = await orgWithUrlConnection([cert]);
    // Other tests' connections share this database: only this one is due.
    await db.update(ssoConnections).set({ metadataRefreshedAt: new Date() });
    await db.update(ssoConnections).set({ metadataRefreshedAt: null }).where(eq(ssoConnections.id, idp.connection.id));
    hits = 0;
    await Promise.all([refreshDueMetadata(db, { intervalMinutes: 60, allowPrivate: true }), refreshDueMetadata(db, { intervalMinutes: 60, allowPrivate: true })]);
    expect(hits, 'two replicas, one fetch').toBe(1);
    await refreshDueMetadata(db, { intervalMinutes: 60, allowPrivate: true });
    expect(hits, 'not due again within the interval').toBe(1);
    const [row] = await db.select().from(ssoConnections).where(eq(ssoConnections.id, idp.connection.id));
    expect(row.metadataRefreshedAt).not.toBeNull();
  });
});
