import { randomBytes } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import type { AuditActor } from '@/lib/audit/record';
import { hashSecret } from '@/lib/crypto/tokens';
import { createIdpCredentials } from '@/lib/demo-idp/credentials';
import { buildIdpMetadata } from '@/lib/demo-idp/metadata';
import { buildSamlResponse, type SamlResponseOptions } from '@/lib/demo-idp/saml-response';
import { getDb } from '@/lib/db/client';
import { roleRules, type Role } from '@/lib/db/schema';
import { addDomain, verifyDomain } from '@/lib/orgs/domains';
import { createSamlConnection } from '@/lib/sso/connections';
import { describeSigningCertificate } from '@/lib/sso/metadata/certificates';
import { keyDescriptor, metadataWithKeys } from '@/lib/sso/metadata/test-metadata';
import { acsUrl, spEntityId } from '@/lib/sso/jackson';
import { startSsoLogin } from '@/lib/sso/start-login';
import { makeOrg, systemActor } from './fixtures';

/** The binding-cookie hash of "the browser" that starts logins in tests (lib/sso/browser-binding.ts). */
export const TEST_BROWSER_BINDING = hashSecret('sb_test-browser');

/** An enterprise org with a verified domain and a SAML connection to a freshly keyed IdP. */
export async function makeSamlOrg(options: { rules?: [string, Role][] } = {}) {
  const org = await makeOrg({ plan: 'enterprise' });
  const domain = `${randomBytes(4).toString('hex')}.example.test`;
  await addDomain(getDb(), org.id, domain, systemActor);
  await verifyDomain(getDb(), org.id, domain, systemActor, { skipDns: true });
  const credentials = await createIdpCredentials();
  const entityId = `https://idp.example.test/${randomBytes(4).toString('hex')}`;
  const metadataXml = buildIdpMetadata({ entityId, ssoUrl: `${entityId}/sso`, certBase64: credentials.certBase64 });
  const connection = await createSamlConnection(getDb(), { orgId: org.id, name: 'Okta', metadataXml }, systemActor);
  for (const [index, [group, role]] of (options.rules ?? []).entries()) {
    await getDb().insert(roleRules).values({ orgId: org.id, idpGroup: group, role, position: index + 1 });
  }

  /** A signed response from this org's IdP; override anything to make it malicious. */
  const respond = (email: string, overrides: Partial<SamlResponseOptions> = {}) =>
    buildSamlResponse({ credentials, issuer: entityId, audience: spEntityId(), recipient: acsUrl(), destination: acsUrl(), nameId: email, attributes: { email: [email] }, ...overrides });

  /** Starts an SP-initiated login as the browser would (bound to `bindingHash`) and returns what the IdP receives. */
  const start = async (bindingHash = TEST_BROWSER_BINDING, test?: AuditActor) => {
    const redirect = await startSsoLogin(getDb(), { orgId: org.id, connectionId: connection.id, bindingHash, test });
    if (redirect.kind !== 'redirect') throw new Error('expected the HTTP-Redirect binding');
    const url = new URL(redirect.url);
    const requestXml = inflateRawSync(Buffer.from(url.searchParams.get('SAMLRequest')!, 'base64')).toString('utf8');
    return { relayState: url.searchParams.get('RelayState')!, requestId: /\sID="([^"]+)"/.exec(requestXml)![1], idpUrl: url, bindingHash };
  };

  return { org, domain, connection, credentials, entityId, respond, start, email: (local: string) => `${local}@${domain}` };
}

/**
 * Metadata of a freshly keyed IdP with `certificates` signing certificates (a rollover has two),
 * and, given an org, a SAML connection made from it (recording `metadataUrl` as its source).
 */
export async function samlConnectionIn(orgId: string | null, options: { certificates?: number; metadataUrl?: string } = {}) {
  const credentials = await Promise.all(Array.from({ length: options.certificates ?? 1 }, (_, i) => createIdpCredentials(`IdP key ${i + 1}`)));
  const entityId = `https://idp.example.test/${randomBytes(6).toString('hex')}`;
  const metadataXml = metadataWithKeys({ entityId, ssoUrl: `${entityId}/sso` }, credentials.map((c) => keyDescriptor(c.certBase64, 'signing')));
  const fingerprints = credentials.map((c) => describeSigningCertificate(c.certBase64).fingerprintSha256);
  const connection = orgId ? await createSamlConnection(getDb(), { orgId, name: 'Okta', metadataXml, metadataUrl: options.metadataUrl }, systemActor) : undefined;
  return { metadataXml, entityId, credentials, fingerprints, connection: connection! };
}
