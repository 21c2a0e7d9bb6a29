import { recordAuditMany, type AuditContext, type AuditInput } from '@/lib/audit/record';
import type { Executor, Transaction } from '@/lib/db/client';
import type { organizations } from '@/lib/db/schema';
import { lockOrgOwnership } from '@/lib/orgs/members';
import { lockOrg } from '@/lib/roles/rules';

export type ScimAuditEvent = Omit<AuditInput, 'orgId' | 'actor' | 'ip' | 'userAgent'>;

export type ScimWrite = {
  tx: Transaction;
  /** The org row, read under its lock at the start of the write. */
  org: typeof organizations.$inferSelect;
  by: AuditContext;
  /** Queues an audit event; all of them are written at the end of the transaction. */
  audit: (event: ScimAuditEvent) => void;
};

/**
 * Every SCIM write runs here, taking locks in one order so concurrent IdP requests and
 * console actions cannot deadlock: the org row, the org's owner lock, then resource and
 * membership rows, and the audit chain last (its events are queued and written together).
 */
export async function runScimWrite<T>(db: Executor, orgId: string, by: AuditContext, work: (write: ScimWrite) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    const org = await lockOrg(tx, orgId);
    await lockOrgOwnership(tx, orgId);
    const events: ScimAuditEvent[] = [];
    const result = await work({ tx, org, by, audit: (event) => events.push(event) });
    await recordAuditMany(tx, orgId, events.map((event) => ({ ...event, actor: by.actor, ip: by.ip ?? null, userAgent: by.userAgent ?? null })));
    return result;
  });
}
