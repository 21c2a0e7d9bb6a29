import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { auditBy, recordAudit, type AuditContext } from '@/lib/audit/record';
import type { Executor } from '@/lib/db/client';
import { organizations, ssoConnections, type AttributeMapping } from '@/lib/db/schema';
import { UserFacingError } from '@/lib/errors';
import { getJackson, JACKSON_CODE_REDIRECT, JACKSON_PRODUCT } from './jackson';
import { inspectSamlMetadata, type SamlMetadataDetails } from './metadata/inspect';
import { discoverOidcProvider } from './oidc/client-config';

export const connectionNameSchema = z.string().trim().min(1, 'Give the connection a name').max(80, 'Connection name must be at most 80 characters');

const attributeNames = z.array(z.string().trim().min(1).max(300)).max(10);
export const attributeMappingSchema = z
  .object({ email: attributeNames, firstName: attributeNames, lastName: attributeNames, displayName: attributeNames, groups: attributeNames })
  .partial();

const EMPTY_MAPPING: AttributeMapping = { email: [], firstName: [], lastName: [], displayName: [], groups: [] };

function redirectUrls() {
  return { defaultRedirectUrl: JACKSON_CODE_REDIRECT, redirectUrl: [JACKSON_CODE_REDIRECT] };
}

/** Jackson reports bad metadata or unreachable URLs as thrown errors with a message meant for admins. */
function jacksonMessage(error: unknown, what: string): never {
  const message = (error as { message?: string })?.message ?? String(error);
  throw new UserFacingError(`${what}: ${message}`);
}

export async function listConnections(db: Executor, orgId: string) {
  return db.select().from(ssoConnections).where(eq(ssoConnections.orgId, orgId)).orderBy(asc(ssoConnections.createdAt));
}

/** The connection, only if it belongs to this org (never trust a connection id from a request alone). */
export async function getOrgConnection(db: Executor, orgId: string, connectionId: string) {
  const [row] = await db.select().from(ssoConnections).where(and(eq(ssoConnections.orgId, orgId), eq(ssoConnections.id, connectionId)));
  return row;
}

/**
 * Saves a SAML connection from metadata XML that is already in hand: pasted, uploaded, or fetched
 * by previewSamlConnection (lib/sso/metadata). Jackson is never given a URL, so it never fetches an
 * admin-supplied address itself; `metadataUrl` only records where the XML came from, for refresh.
 */
export async function createSamlConnection(
  db: Executor,
  input: { orgId: string; name: string; metadataXml: string; metadataUrl?: string; attributeMapping?: Partial<AttributeMapping> },
  by: AuditContext,
) {
  const details = inspectSamlMetadata(input.metadataXml);
  const metadataUrl = input.metadataUrl?.trim() || null;
  const jackson = await getJackson();
  const record = await jackson.connectionAPIController
    .createSAMLConnection({
      tenant: input.orgId,
      product: JACKSON_PRODUCT,
      name: input.name,
      ...redirectUrls(),
      rawMetadata: details.entityDescriptorXml,
    } as Parameters<typeof jackson.connectionAPIController.createSAMLConnection>[0])
    .catch((error) => jacksonMessage(error, 'The IdP metadata was refused'));
  return db.transaction(async (tx) => {
    // Jackson keys a SAML connection by org + IdP entity id: adding the same IdP again updates it.
    const existing = await getOrgConnection(tx, input.orgId, record.clientID);
    const attributeMapping = { ...EMPTY_MAPPING, ...input.attributeMapping };
    const signingCertificates = trustedCertificates(details, existing?.removedCertificates ?? []);
    const [row] = await tx
      .insert(ssoConnections)
      .values({ id: record.clientID, orgId: input.orgId, protocol: 'saml', name: input.name, idpEntityId: record.idpMetadata.entityID, metadataUrl, attributeMapping, signingCertificates })
      .onConflictDoUpdate({ target: ssoConnections.id, set: { name: input.name, metadataUrl, attributeMapping, signingCertificates, updatedAt: new Date() } })
      .returning();
    await recordAudit(tx, auditBy(by, { orgId: input.orgId, action: existing ? 'sso.connection_updated' : 'sso.connection_created', before: existing ? { name: existing.name, metadataUrl: existing.metadataUrl, attributeMapping: existing.attributeMapping } : undefined, target: { type: 'sso_connection', id: row.id, label: row.name }, after: { protocol: 'saml', idpEntityId: row.idpEntityId, metadataUrl, provider: details.product.name, signingCertificates: details.signingCertificates.map((c) => c.fingerprintSha256) } }));
    return row;
  });
}

/** The metadata's signing certificates the connection trusts: all but those an admin removed. */
export function trustedCertificates(details: SamlMetadataDetails, removedFingerprints: string[]): string[] {
  const trusted = details.signingCertificates.filter((c) => !removedFingerprints.includes(c.fingerprintSha256)).map((c) => c.certificate);
  if (trusted.length === 0) throw new UserFacingError('Every signing certificate in this metadata was removed from the connection; nothing would be trusted');
  return trusted;
}

export async function deleteConnection(db: Executor, input: { orgId: string; connectionId: string }, by: AuditContext) {
  const row = await getOrgConnection(db, input.orgId, input.connectionId);
  if (!row) throw new UserFacingError('SSO connection not found');
  const [org] = await db.select({ ssoOnly: organizations.ssoOnly }).from(organizations).where(eq(organizations.id, input.orgId));
  if (org?.ssoOnly && (await listConnections(db, input.orgId)).length <= 1) {
    throw new UserFacingError('This is the last SSO connection and SSO-only is on: turn SSO-only off first, or nobody but break-glass accounts could sign in');
  }
  const jackson = await getJackson();
  const [record] = await jackson.connectionAPIController.getConnections({ clientID: row.id });
  if (record) await jackson.connectionAPIController.deleteConnections({ clientID: row.id, clientSecret: record.clientSecret });
  await db.transaction(async (tx) => {
    await tx.delete(ssoConnections).where(eq(ssoConnections.id, row.id));
    await recordAudit(tx, auditBy(by, { orgId: input.orgId, action: 'sso.connection_deleted', target: { type: 'sso_connection', id: row.id, label: row.name }, before: { protocol: row.protocol, idpEntityId: row.idpEntityId } }));
  });
}

export const oidcConnectionSchema = z.object({
  name: connectionNameSchema,
  discoveryUrl: z.url({ message: 'Enter the discovery URL, e.g. https://example.okta.com/.well-known/openid-configuration' }),
  clientId: z.string().trim().min(1, 'Enter the client id').max(300),
  clientSecret: z.string().min(1, 'Enter the client secret').max(2000),
});

/** Saves an OIDC connection after proving the discovery document is reachable and its issuer matches. */
export async function createOidcConnection(
  db: Executor,
  input: { orgId: string; name: string; discoveryUrl: string; clientId: string; clientSecret: string; attributeMapping?: Partial<AttributeMapping> },
  by: AuditContext,
) {
  const config = await discoverOidcProvider(input.discoveryUrl, input.clientId, input.clientSecret);
  const issuer = config.serverMetadata().issuer;
  const jackson = await getJackson();
  const record = await jackson.connectionAPIController
    .createOIDCConnection({ tenant: input.orgId, product: JACKSON_PRODUCT, name: input.name, ...redirectUrls(), oidcDiscoveryUrl: input.discoveryUrl, oidcClientId: input.clientId, oidcClientSecret: input.clientSecret })
    .catch((error) => jacksonMessage(error, 'The OIDC connection was refused'));
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(ssoConnections)
      .values({ id: record.clientID, orgId: input.orgId, protocol: 'oidc', name: input.name, idpEntityId: issuer, attributeMapping: { ...EMPTY_MAPPING, ...input.attributeMapping } })
      .returning();
    // The client secret never reaches the audit log.
    await recordAudit(tx, auditBy(by, { orgId: input.orgId, action: 'sso.connection_created', target: { type: 'sso_connection', id: row.id, label: row.name }, after: { protocol: 'oidc', issuer, clientId: input.clientId } }));
    return row;
  });
}
