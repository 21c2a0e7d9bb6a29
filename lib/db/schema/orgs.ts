import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { planEnum, roleEnum } from './enums';
import { users } from './users';

export const organizations = pgTable('organizations', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  slug: text('slug').notNull().unique(),
  plan: planEnum('plan').notNull().default('free'),
  ssoOnly: boolean('sso_only').notNull().default(false),
  defaultRole: roleEnum('default_role').notNull().default('member'),
  requireMappedGroup: boolean('require_mapped_group').notNull().default(false),
  sessionLifetimeMinutes: integer('session_lifetime_minutes').notNull().default(720),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Why a domain's DNS check failed (lib/orgs/domains/check-record.ts). */
export type DomainCheckFailure = 'missing' | 'other_records' | 'wrong_token' | 'dns_error' | 'taken';

export const domains = pgTable(
  'domains',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    domain: text('domain').notNull(),
    verificationToken: text('verification_token').notNull(),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    /** The last DNS check ("Verify now"): when, and why it failed; both failure columns are null once a check passes. */
    lastCheckedAt: timestamp('last_checked_at', { withTimezone: true }),
    lastCheckFailure: text('last_check_failure').$type<DomainCheckFailure>(),
    lastCheckMessage: text('last_check_message'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('domains_org_domain_idx').on(t.orgId, t.domain),
    // A domain is verified by at most one org (SPEC §2); unverified claims may coexist.
    uniqueIndex('domains_verified_once_idx').on(t.domain).where(sql`${t.verifiedAt} is not null`),
  ],
);

export type Domain = typeof domains.$inferSelect;

export const invites = pgTable(
  'invites',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    role: roleEnum('role').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    invitedBy: uuid('invited_by').references(() => users.id, { onDelete: 'set null' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('invites_org_idx').on(t.orgId)],
);

/**
 * A time-limited, revocable link an owner or admin hands to their IT admin, who has no account
 * here: it opens only the SSO connections, the connection test and the domains of one org.
 */
export const setupLinks = pgTable(
  'setup_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull().references(() => organizations.id, { onDelete: 'cascade' }),
    /** Who it is for, as the audit log will name the link ("Okta admin Jane"). */
    label: text('label').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('setup_links_org_idx').on(t.orgId)],
);
