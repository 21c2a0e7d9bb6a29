import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Executor } from '@/lib/db/client';
import { ssoConnections, type AttributeMapping, type Role } from '@/lib/db/schema';
import { ROLE_LABELS } from '@/lib/roles/permissions';
import { DEFAULT_ATTRIBUTE_MAPPING } from './attribute-mapping';
import { describeConnections, type PortalConnection } from './connection-admin';
import { getConnectionTest } from './connection-tests';
import { acsUrl, spEntityId, SSO_PATHS } from './jackson';
import type { SigningCertificate } from './metadata/certificates';
import { oidcRedirectUri } from './oidc/flow';

/*
 * What the SSO portal pages hand to components/portal/sso: plain, serialisable data (dates as ISO
 * strings, no secrets), built the same way for the console (/settings/sso) and the setup portal
 * (/setup), so both show exactly the same thing.
 */

export type CertificateView = {
  subject: string;
  /** SHA-256 of the DER, "AB:CD:…" as IdPs show it; also the id removeSigningCertificateAction takes. */
  fingerprintSha256: string;
  notBefore: string;
  notAfter: string;
  expired: boolean;
  expiresSoon: boolean;
  notYetValid: boolean;
};

export type ConnectionView = {
  id: string;
  name: string;
  protocol: 'saml' | 'oidc';
  enabled: boolean;
  /** SAML: the IdP entity id; OIDC: the issuer. */
  idpEntityId: string | null;
  /** SAML added by metadata URL (refreshable); null when the metadata was uploaded or pasted. */
  metadataUrl: string | null;
  metadataRefreshedAt: string | null;
  metadataRefreshError: string | null;
  /** The attribute names this connection reads before the defaults. */
  attributeMapping: AttributeMapping;
  certificates: CertificateView[];
  /** The certificate that expires first (the one that breaks logins first). */
  nextExpiry: { notAfter: string; expired: boolean; expiresSoon: boolean } | null;
  lastLoginAt: string | null;
  createdAt: string;
  latestTest: { id: string; ok: boolean; createdAt: string } | null;
};

/** Our side of every connection: what an IdP admin pastes into their IdP. */
export type ServiceProviderValues = {
  acsUrl: string;
  entityId: string;
  /** The SP metadata (entity id = this URL), absolute. */
  metadataUrl: string;
  /** The same, as a path on this site (for the download link). */
  metadataPath: string;
  oidcRedirectUri: string;
  /** The attribute names read from every connection, by field, in order of preference. */
  attributeNames: AttributeMapping;
};

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);

function certificateView(certificate: SigningCertificate): CertificateView {
  const { subject, fingerprintSha256, expired, expiresSoon, notYetValid } = certificate;
  return { subject, fingerprintSha256, notBefore: certificate.notBefore.toISOString(), notAfter: certificate.notAfter.toISOString(), expired, expiresSoon, notYetValid };
}

export function connectionView(connection: PortalConnection): ConnectionView {
  return {
    id: connection.id,
    name: connection.name,
    protocol: connection.protocol,
    enabled: connection.enabled,
    idpEntityId: connection.idpEntityId,
    metadataUrl: connection.metadataUrl,
    metadataRefreshedAt: iso(connection.metadataRefreshedAt),
    metadataRefreshError: connection.metadataRefreshError,
    attributeMapping: connection.attributeMapping,
    certificates: connection.certificates.map(certificateView),
    nextExpiry: connection.nextExpiry ? { ...connection.nextExpiry, notAfter: connection.nextExpiry.notAfter.toISOString() } : null,
    lastLoginAt: iso(connection.lastLoginAt),
    createdAt: connection.createdAt.toISOString(),
    latestTest: connection.latestTest ? { id: connection.latestTest.id, ok: connection.latestTest.ok, createdAt: connection.latestTest.createdAt.toISOString() } : null,
  };
}

export function serviceProviderValues(): ServiceProviderValues {
  return { acsUrl: acsUrl(), entityId: spEntityId(), metadataUrl: spEntityId(), metadataPath: SSO_PATHS.metadata, oidcRedirectUri: oidcRedirectUri(), attributeNames: DEFAULT_ATTRIBUTE_MAPPING };
}

/** Everything the SSO connections page shows for an org. */
export async function loadSsoConnectionsPage(db: Executor, orgId: string) {
  const connections = await describeConnections(db, orgId);
  return { connections: connections.map(connectionView), serviceProvider: serviceProviderValues() };
}

export type ConnectionTestView = {
  id: string;
  createdAt: string;
  /** Null once the connection was deleted (the result stays readable). */
  connection: { id: string; name: string; protocol: 'saml' | 'oidc' } | null;
  testedBy: string;
  ok: boolean;
  failure: { code: string; detail: string | null } | null;
  /** What the IdP asserted (verified); null when the response could not be verified. */
  claims: {
    subject: string | null;
    email: string | null;
    firstName: string | null;
    lastName: string | null;
    displayName: string | null;
    groups: string[];
    attributes: { name: string; values: string[] }[];
  } | null;
  /** What a real login of this person would do; null when it would be refused. */
  outcome: {
    roleLabel: string;
    /** The role rule that decided, or null when no rule matched and the default role applies. */
    rule: { group: string } | null;
    accountExists: boolean;
    /** The person's current membership in the org, if any. */
    currentRoleLabel: string | null;
  } | null;
};

const text = (value: unknown) => (typeof value === 'string' && value ? value : null);
const texts = (value: unknown): string[] => (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));

function claimsView(claims: Record<string, unknown> | null): ConnectionTestView['claims'] {
  if (!claims) return null;
  const attributes = claims.attributes && typeof claims.attributes === 'object' ? (claims.attributes as Record<string, unknown>) : {};
  return {
    subject: text(claims.subject),
    email: text(claims.email),
    firstName: text(claims.firstName),
    lastName: text(claims.lastName),
    displayName: text(claims.displayName),
    groups: texts(claims.groups),
    attributes: Object.entries(attributes).map(([name, values]) => ({ name, values: texts(values) })),
  };
}

/** The outcome recorded by lib/sso/connection-tests.ts outcomeOf(). */
function outcomeView(outcome: Record<string, unknown> | null): ConnectionTestView['outcome'] {
  if (!outcome) return null;
  const decidedBy = outcome.decidedBy as { group?: string } | string | undefined;
  const membership = outcome.membership as { current?: Role } | string | undefined;
  return {
    roleLabel: text(outcome.roleLabel) ?? ROLE_LABELS[outcome.role as Role] ?? String(outcome.role),
    rule: typeof decidedBy === 'object' && decidedBy?.group ? { group: decidedBy.group } : null,
    accountExists: outcome.account === 'existing',
    currentRoleLabel: typeof membership === 'object' && membership?.current ? ROLE_LABELS[membership.current] : null,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A test result of this org, or null (unknown id, malformed id, or another org's test). */
export async function loadConnectionTest(db: Executor, orgId: string, testId: string): Promise<ConnectionTestView | null> {
  if (!UUID.test(testId)) return null;
  const row = await getConnectionTest(db, orgId, testId);
  if (!row) return null;
  const [connection] = await db.select({ id: ssoConnections.id, name: ssoConnections.name, protocol: ssoConnections.protocol }).from(ssoConnections).where(and(eq(ssoConnections.orgId, orgId), eq(ssoConnections.id, row.connectionId)));
  return {
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    connection: connection ?? null,
    testedBy: row.testedBy.label ?? row.testedBy.type,
    ok: row.ok,
    failure: row.ok ? null : { code: row.failureCode ?? 'internal_error', detail: row.failureDetail },
    claims: claimsView(row.claims),
    outcome: outcomeView(row.outcome),
  };
}
