import { and, eq, sql } from 'drizzle-orm';
import { auditBy, recordAudit, type AuditContext } from '@/lib/audit/record';
import type { Executor } from '@/lib/db/client';
import { organizations, ssoConnections, type AttributeMapping } from '@/lib/db/schema';
import { UserFacingError } from '@/lib/errors';
import { latestConnectionTests } from './connection-tests';
import { getOrgConnection, listConnections, trustedCertificates } from './connections';
import { getJackson, JACKSON_PRODUCT } from './jackson';
import { describeSigningCertificate, type SigningCertificate } from './metadata/certificates';
import { previewSamlConnection } from './metadata/preview';

type JacksonRecord = Awaited<ReturnType<Awaited<ReturnType<typeof getJackson>>['connectionAPIController']['getConnections']>>[number];

async function jacksonRecordOf(connectionId: string): Promise<JacksonRecord | undefined> {
  const jackson = await getJackson();
  const [record] = await jackson.connectionAPIController.getConnections({ clientID: connectionId });
  return record;
}

async function requireConnection(db: Executor, orgId: string, connectionId: string) {
  const row = await getOrgConnection(db, orgId, connectionId);
  if (!row) throw new UserFacingError('This SSO connection does not exist in your organization (it may have been deleted)');
  return row;
}

function certificatesOf(row: typeof ssoConnections.$inferSelect, now: Date): SigningCertificate[] {
  return (row.signingCertificates ?? []).flatMap((certificate) => {
    try {
      return [describeSigningCertificate(certificate, now)];
    } catch {
      return [];
    }
  });
}

/** Everything the connections page lists: our row, Jackson's enabled flag, certificates, last login, latest test. */
export async function describeConnections(db: Executor, orgId: string, now = new Date()) {
  const rows = await listConnections(db, orgId);
  const tests = await latestConnectionTests(db, orgId, rows.map((r) => r.id));
  return Promise.all(
    rows.map(async (row) => {
      const record = await jacksonRecordOf(row.id);
      const certificates = certificatesOf(row, now);
      const expiring = certificates.filter((c) => !c.notYetValid).sort((a, b) => a.notAfter.getTime() - b.notAfter.getTime())[0];
      return {
        ...row,
        enabled: Boolean(record) && !record?.deactivated,
        certificates,
        /** The certificate that expires first (the one that breaks logins first), if any. */
        nextExpiry: expiring ? { notAfter: expiring.notAfter, expired: expiring.expired, expiresSoon: expiring.expiresSoon } : null,
        latestTest: tests.get(row.id) ?? null,
      };
    }),
  );
}

export type PortalConnection = Awaited<ReturnType<typeof describeConnections>>[number];

/** Is this the org's last enabled connection while SSO-only is on? Then it must stay. */
async function isLastEnabledUnderSsoOnly(db: Executor, orgId: string, connectionId: string): Promise<boolean> {
  const [org] = await db.select({ ssoOnly: organizations.ssoOnly }).from(organizations).where(eq(organizations.id, orgId));
  if (!org?.ssoOnly) return false;
  for (const other of await listConnections(db, orgId)) {
    if (other.id !== connectionId && !(await jacksonRecordOf(other.id))?.deactivated) return false;
  }
  return true;
}

/** Renames a connection, changes the attribute names it reads and (OIDC) replaces its client secret. Audited without the secret. */
export async function updateConnection(
  db: Executor,
  input: { orgId: string; connectionId: string; name?: string; attributeMapping?: Partial<AttributeMapping>; clientSecret?: string },
  by: AuditContext,
) {
  const row = await requireConnection(db, input.orgId, input.connectionId);
  if (input.clientSecret !== undefined) {
    if (row.protocol !== 'oidc') throw new UserFacingError('Only an OIDC connection has a client secret');
    const record = await jacksonRecordOf(row.id);
    if (!record || !('oidcProvider' in record)) throw new UserFacingError('This OIDC connection is missing its provider settings; delete it and add it again');
    const jackson = await getJackson();
    await jackson.connectionAPIController.updateOIDCConnection({
      clientID: record.clientID,
      clientSecret: record.clientSecret,
      tenant: input.orgId,
      product: JACKSON_PRODUCT,
      oidcDiscoveryUrl: record.oidcProvider.discoveryUrl,
      oidcClientId: record.oidcProvider.clientId,
      oidcClientSecret: input.clientSecret,
    } as Parameters<typeof jackson.connectionAPIController.updateOIDCConnection>[0]);
  }
  const attributeMapping = input.attributeMapping ? { ...row.attributeMapping, ...input.attributeMapping } : row.attributeMapping;
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(ssoConnections)
      .set({ name: input.name ?? row.name, attributeMapping, updatedAt: new Date() })
      .where(and(eq(ssoConnections.id, row.id), eq(ssoConnections.orgId, input.orgId)))
      .returning();
    await recordAudit(tx, auditBy(by, {
      orgId: input.orgId,
      action: 'sso.connection_updated',
      target: { type: 'sso_connection', id: row.id, label: updated.name },
      before: { name: row.name, attributeMapping: row.attributeMapping },
      after: { name: updated.name, attributeMapping: updated.attributeMapping, ...(input.clientSecret !== undefined ? { clientSecret: 'replaced' } : {}) },
    }));
    return updated;
  });
}

/** Turns a connection off (logins through it are refused) or on again. The last enabled one stays on under SSO-only. */
export async function setConnectionEnabled(db: Executor, input: { orgId: string; connectionId: string; enabled: boolean }, by: AuditContext) {
  const row = await requireConnection(db, input.orgId, input.connectionId);
  const record = await jacksonRecordOf(row.id);
  if (!record) throw new UserFacingError('This connection is missing in the SSO store; delete it and add it again');
  if (record.deactivated === !input.enabled) return row;
  if (!input.enabled && (await isLastEnabledUnderSsoOnly(db, input.orgId, row.id))) {
    throw new UserFacingError('This is the last enabled SSO connection and SSO-only is on: turn SSO-only off first, or nobody but break-glass accounts could sign in');
  }
  const jackson = await getJackson();
  const update = { clientID: record.clientID, clientSecret: record.clientSecret, tenant: input.orgId, product: JACKSON_PRODUCT, deactivated: !input.enabled };
  if (row.protocol === 'saml') await jackson.connectionAPIController.updateSAMLConnection(update as Parameters<typeof jackson.connectionAPIController.updateSAMLConnection>[0]);
  else await jackson.connectionAPIController.updateOIDCConnection(update as Parameters<typeof jackson.connectionAPIController.updateOIDCConnection>[0]);
  await recordAudit(db, auditBy(by, { orgId: input.orgId, action: input.enabled ? 'sso.connection_enabled' : 'sso.connection_disabled', target: { type: 'sso_connection', id: row.id, label: row.name } }));
  return row;
}

/**
 * Removes one signing certificate from what a SAML connection trusts (an old one after a
 * rollover, a compromised one). The last one cannot go; a refresh does not bring it back.
 */
export async function removeSigningCertificate(db: Executor, input: { orgId: string; connectionId: string; fingerprint: string }, by: AuditContext) {
  const row = await requireConnection(db, input.orgId, input.connectionId);
  const certificates = certificatesOf(row, new Date());
  const target = certificates.find((c) => c.fingerprintSha256 === input.fingerprint);
  if (!target) throw new UserFacingError('This connection does not trust a certificate with that fingerprint');
  if (certificates.length === 1) throw new UserFacingError('This is the connection’s only signing certificate: add the new one (refresh or re-upload the metadata) before removing it');
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(ssoConnections)
      .set({
        signingCertificates: certificates.filter((c) => c !== target).map((c) => c.certificate),
        removedCertificates: sql`array_append(${ssoConnections.removedCertificates}, ${target.fingerprintSha256})`,
        updatedAt: new Date(),
      })
      .where(eq(ssoConnections.id, row.id))
      .returning();
    await recordAudit(tx, auditBy(by, { orgId: input.orgId, action: 'sso.certificate_removed', target: { type: 'sso_connection', id: row.id, label: row.name }, before: { fingerprint: target.fingerprintSha256, notAfter: target.notAfter.toISOString(), subject: target.subject } }));
    return updated;
  });
}

/**
 * Reads a SAML connection's metadata URL again and takes the IdP's current certificates (a
 * rollover publishes the new one beside the old). Jackson gets the same metadata. Records when
 * it ran and what went wrong, so the page and the scheduled refresh can show it.
 */
export async function refreshConnectionMetadata(db: Executor, input: { orgId: string; connectionId: string }, by: AuditContext, options: { allowPrivate: boolean }) {
  const row = await requireConnection(db, input.orgId, input.connectionId);
  if (row.protocol !== 'saml' || !row.metadataUrl) throw new UserFacingError('Only a SAML connection added by metadata URL can be refreshed; upload the new metadata instead');
  try {
    const { xml, details } = await previewSamlConnection({ metadataUrl: row.metadataUrl }, { allowPrivate: options.allowPrivate, entityId: row.idpEntityId ?? undefined });
    if (row.idpEntityId && details.entityId !== row.idpEntityId) throw new UserFacingError(`The metadata now names another IdP (${details.entityId}, not ${row.idpEntityId}); add it as a new connection`);
    const signingCertificates = trustedCertificates(details, row.removedCertificates);
    const record = await jacksonRecordOf(row.id);
    if (!record) throw new UserFacingError('This connection is missing in the SSO store; delete it and add it again');
    const jackson = await getJackson();
    await jackson.connectionAPIController.updateSAMLConnection({ clientID: record.clientID, clientSecret: record.clientSecret, tenant: input.orgId, product: JACKSON_PRODUCT, rawMetadata: xml } as Parameters<typeof jackson.connectionAPIController.updateSAMLConnection>[0]);
    const before = certificatesOf(row, new Date()).map((c) => c.fingerprintSha256);
    const after = details.signingCertificates.filter((c) => signingCertificates.includes(c.certificate)).map((c) => c.fingerprintSha256);
    return await db.transaction(async (tx) => {
      const [updated] = await tx.update(ssoConnections).set({ signingCertificates, metadataRefreshedAt: new Date(), metadataRefreshError: null, updatedAt: new Date() }).where(eq(ssoConnections.id, row.id)).returning();
      if (before.join() !== after.join()) {
        await recordAudit(tx, auditBy(by, { orgId: input.orgId, action: 'sso.connection_updated', target: { type: 'sso_connection', id: row.id, label: row.name }, before: { signingCertificates: before }, after: { signingCertificates: after }, metadata: { reason: 'metadata refreshed', metadataUrl: row.metadataUrl } }));
      }
      return updated;
    });
  } catch (error) {
    await db.update(ssoConnections).set({ metadataRefreshedAt: new Date(), metadataRefreshError: (error as Error).message.slice(0, 500) }).where(eq(ssoConnections.id, row.id));
    throw error;
  }
}
