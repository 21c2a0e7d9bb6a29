import { bigserial, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';

/**
 * Append-only and hash-chained per org: `hash` covers the row and `prev_hash`.
 * A trigger (see the migration) refuses UPDATE, DELETE and TRUNCATE.
 * No foreign key on org_id: the trail outlives the org it describes.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgId: uuid('org_id'),
    seq: integer('seq').notNull(),
    actorType: text('actor_type', { enum: ['user', 'system', 'cli', 'scim', 'idp', 'setup_link', 'anonymous'] }).notNull(),
    actorId: text('actor_id'),
    actorLabel: text('actor_label'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    targetLabel: text('target_label'),
    before: jsonb('before'),
    after: jsonb('after'),
    metadata: jsonb('metadata'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    unique('audit_events_chain_key').on(t.orgId, t.seq).nullsNotDistinct(),
    index('audit_events_org_created_idx').on(t.orgId, t.createdAt),
  ],
);
