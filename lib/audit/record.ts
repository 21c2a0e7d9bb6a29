import { desc, eq, isNull, sql } from 'drizzle-orm';
import type { Executor, Transaction } from '@/lib/db/client';
import { auditEvents } from '@/lib/db/schema';
import { GENESIS_HASH, hashAuditEvent } from './hash';

export type AuditActor = {
  type: 'user' | 'system' | 'cli' | 'scim' | 'idp' | 'setup_link' | 'anonymous';
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

/** Appends events of one org's chain in order, with one lock and one insert. */
async function appendInTransaction(tx: Transaction, orgId: string | null, inputs: AuditInput[]) {
  // Serialise writers of one org's chain so two events never claim the same predecessor.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`audit:${orgId ?? 'global'}`}, 0))`);
  const [last] = await tx
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .where(orgId ? eq(auditEvents.orgId, orgId) : isNull(auditEvents.orgId))
    .orderBy(desc(auditEvents.seq))
    .limit(1);

  let seq = last?.seq ?? 0;
  let prevHash = last?.hash ?? GENESIS_HASH;
  const createdAt = new Date();
  const rows = inputs.map((input) => {
    const fields = {
      orgId,
      seq: ++seq,
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
      createdAt,
      prevHash,
    };
    const hash = hashAuditEvent(fields);
    prevHash = hash;
    return { ...fields, hash };
  });
  const inserted = [];
  // Postgres allows 65,535 bind parameters per statement; 1,000 events stay well below.
  for (let i = 0; i < rows.length; i += 1000) inserted.push(...(await tx.insert(auditEvents).values(rows.slice(i, i + 1000)).returning()));
  return inserted;
}

function inTransaction<T>(executor: Executor, work: (tx: Transaction) => Promise<T>): Promise<T> {
  if ('rollback' in executor) return work(executor as Transaction);
  return executor.transaction(work);
}

/**
 * Appends one event to the org's hash chain. Pass the caller's transaction so the
 * event commits (or rolls back) together with the change it describes.
 */
export async function recordAudit(executor: Executor, input: AuditInput) {
  const [row] = await inTransaction(executor, (tx) => appendInTransaction(tx, input.orgId, [input]));
  return row;
}

/** Appends many events of one org (bulk SCIM changes) in a single insert; same chain as recordAudit. */
export async function recordAuditMany(executor: Executor, orgId: string, inputs: Omit<AuditInput, 'orgId'>[]) {
  if (inputs.length === 0) return [];
  return inTransaction(executor, (tx) => appendInTransaction(tx, orgId, inputs.map((input) => ({ ...input, orgId }))));
}


/** Who did something and from where; passed down to every audited change. */
export type AuditContext = { actor: AuditActor; ip?: string | null; userAgent?: string | null };

export function auditBy(context: AuditContext, event: Omit<AuditInput, 'actor' | 'ip' | 'userAgent'>): AuditInput {
  return { ...event, actor: context.actor, ip: context.ip ?? null, userAgent: context.userAgent ?? null };
}
