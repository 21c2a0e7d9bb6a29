import { desc, eq, isNull, sql } from 'drizzle-orm';
import type { Executor, Transaction } from '@/lib/db/client';
import { auditEvents } from '@/lib/db/schema';
import { GENESIS_HASH, hashAuditEvent } from './hash';

export type AuditActor = {
  type: 'user' | 'system' | 'cli' | 'scim' | 'idp' | 'anonymous';
  id?: string | null;
  label?: string | null;
};

export type AuditInput = {
  orgId: string | null;
  actor: AuditActor;
  action: string;
  target?: { type: string; id?: string | null; label?: string | null };
  before?: unknown;
  after?: unknown;
  metadata?: Record<string, unknown>;
  ip?: string | null;
  userAgent?: string | null;
};

async function appendInTransaction(tx: Transaction, input: AuditInput) {
  const chain = input.orgId ?? 'global';
  // Serialise writers of one org's chain so two events never claim the same predecessor.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`audit:${chain}`}, 0))`);
  const [last] = await tx
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .where(input.orgId ? eq(auditEvents.orgId, input.orgId) : isNull(auditEvents.orgId))
    .orderBy(desc(auditEvents.seq))
    .limit(1);

  const fields = {
    orgId: input.orgId,
    seq: (last?.seq ?? 0) + 1,
    actorType: input.actor.type,
    actorId: input.actor.id ?? null,
    actorLabel: input.actor.label ?? null,
    action: input.action,
    targetType: input.target?.type ?? null,
    targetId: input.target?.id ?? null,
    targetLabel: input.target?.label ?? null,
    before: input.before ?? null,
    after: input.after ?? null,
    metadata: input.metadata ?? null,
    ip: input.ip ?? null,
    userAgent: input.userAgent ?? null,
    createdAt: new Date(),
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  const [row] = await tx.insert(auditEvents).values({ ...fields, hash: hashAuditEvent(fields) }).returning();
  return row;
}

/**
 * Appends one event to the org's hash chain. Pass the caller's transaction so the
 * event commits (or rolls back) together with the change it describes.
 */
export async function recordAudit(executor: Executor, input: AuditInput) {
  if ('rollback' in executor) return appendInTransaction(executor as Transaction, input);
  return executor.transaction((tx) => appendInTransaction(tx, input));
}


/** Who did something and from where; passed down to every audited change. */
export type AuditContext = { actor: AuditActor; ip?: string | null; userAgent?: string | null };

export function auditBy(context: AuditContext, event: Omit<AuditInput, 'actor' | 'ip' | 'userAgent'>): AuditInput {
  return { ...event, actor: context.actor, ip: context.ip ?? null, userAgent: context.userAgent ?? null };
}
