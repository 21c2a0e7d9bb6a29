import { createHash } from 'node:crypto';

export type ChainedFields = {
  orgId: string | null;
  seq: number;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  targetLabel: string | null;
  before: unknown;
  after: unknown;
  metadata: unknown;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date | string;
  prevHash: string;
};

/** JSON with object keys sorted, so jsonb's key reordering never changes the hash. */
function canonical(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Timestamps are hashed as epoch milliseconds: the text form Postgres returns differs from ours. */
export function hashAuditEvent(fields: ChainedFields): string {
  const normalized = { ...fields, createdAt: new Date(fields.createdAt).getTime() };
  return createHash('sha256').update(canonical(normalized)).digest('hex');
}

export const GENESIS_HASH = '0'.repeat(64);
