import { bigserial, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Emails captured when no SMTP_URL is set (never in production); listed at /dev/outbox. */
export const devOutbox = pgTable('dev_outbox', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  to: text('to').notNull(),
  subject: text('subject').notNull(),
  text: text('text').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
