import { sql } from 'drizzle-orm';
import { boolean, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { AuditActor } from '@/lib/audit/record';
import { organizations } from './orgs';
import { users } from './users';

/**
 * Our side of an SSO connection (Jackson stores the IdP metadata / OIDC secrets, tenant = org id):
 * its display name, protocol and which attributes carry email, names and groups.
 */
export const ssoConnections = pgTable(
  'sso_connections',
  {
    id: text('id').primaryKey(), // Jackson's clientID
    orgId: uuid('org_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    protocol: text('protocol', { enum: ['saml', 'oidc'] }).notNull(),
    name: text('name').notNull(),
    idpEntityId: text('idp_entity_id'),
    /** SAML added by metadata URL: where the metadata was fetched, for refreshing it (null when pasted or uploaded). */
    metadataUrl: text('metadata_url'),
    attributeMapping: jsonb('attribute_mapping').$type<AttributeMapping>().notNull(),
    /**
     * The SAML signing certificates responses are checked against (base64 DER): the metadata's,
     * minus those an admin removed. Several during a rollover. Null for OIDC.
     */
    signingCertificates: text('signing_certificates').array(),
    /** SHA-256 fingerprints an admin removed: a metadata refresh does not bring them back. */
    removedCertificates: text('removed_certificates').array().notNull().default(sql`'{}'::text[]`),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    /** When the metadata URL was last read (scheduled or on demand), and what went wrong if it failed. */
    metadataRefreshedAt: timestamp('metadata_refreshed_at', { withTimezone: true }),
    metadataRefreshError: text('metadata_refresh_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sso_connections_org_idx').on(t.orgId)],
);

export type AttributeMapping = { email: string[]; firstName: string[]; lastName: string[]; displayName: string[]; groups: string[] };

/** One SP-initiated login in flight: binds the IdP's answer to the request we sent (InResponseTo, state, PKCE). */
export const ssoLoginRequests = pgTable('sso_login_requests', {
  id: uuid('id').primaryKey().defaultRandom(),
  orgId: uuid('org_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  connectionId: text('connection_id').notNull(),
  relayState: text('relay_state').unique(),
  samlRequestId: text('saml_request_id'),
  state: text('state').notNull().unique(),
  codeVerifier: text('code_verifier').notNull(),
  nonce: text('nonce'),
  /** Hash of the HttpOnly cookie set in the browser that started the login (login CSRF / session swap). */
  bindingHash: text('binding_hash'),
  /** 'test': an admin's connection test (lib/sso/connection-tests.ts) — verified, never signed in. */
  purpose: text('purpose', { enum: ['login', 'test'] }).notNull().default('login'),
  /** Who started a test (an admin, or a setup link), as the audit log names actors. */
  requestedBy: jsonb('requested_by').$type<AuditActor>(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  completedAt: timestamp('completed_at', { withTimezone: true }),
}, (t) => [index('sso_login_requests_expires_idx').on(t.expiresAt)]);

/** Assertion ids already used, kept until they expire: a replayed assertion is refused on any replica. */
export const samlSeenAssertions = pgTable('saml_seen_assertions', {
  key: text('key').primaryKey(), // issuer + assertion id
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
}, (t) => [index('saml_seen_assertions_expires_idx').on(t.expiresAt)]);

/** A verified SSO login waiting to become a session (single use, a minute). */
export const ssoLoginTickets = pgTable('sso_login_tickets', {
  tokenHash: text('token_hash').primaryKey(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  orgId: uuid('org_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
  connectionId: text('connection_id').notNull(),
  /** The starting browser's binding (SP-initiated); null for IdP-initiated SAML, which has no starting browser. */
  bindingHash: text('binding_hash'),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
});

/**
 * The outcome of a connection test: a real SP-initiated login through the IdP, verified like any
 * other, that creates no session, user or membership. Shown to admins; the latest per connection.
 */
export const ssoConnectionTests = pgTable(
  'sso_connection_tests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    connectionId: text('connection_id').notNull(),
    testedBy: jsonb('tested_by').$type<AuditActor>().notNull(),
    ok: boolean('ok').notNull(),
    failureCode: text('failure_code'),
    failureDetail: text('failure_detail'),
    /** What the IdP asserted (verified on success): NameID / subject, email, names, groups, raw attributes. */
    claims: jsonb('claims').$type<Record<string, unknown>>(),
    /** What a real login would do: the role and the rule that decides it, the account and membership. */
    outcome: jsonb('outcome').$type<Record<string, unknown>>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sso_connection_tests_connection_idx').on(t.orgId, t.connectionId, t.createdAt)],
);
