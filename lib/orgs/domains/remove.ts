import { and, count, eq, isNotNull, ne } from 'drizzle-orm';
import { auditBy, recordAudit, type AuditContext } from '@/lib/audit/record';
import type { Executor } from '@/lib/db/client';
import { domains, organizations, type Domain } from '@/lib/db/schema';
import { UserFacingError } from '@/lib/errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Removes a domain of the org. Once a verified domain is gone, SSO stops for addresses on it
 * (SPEC §4.5) and SSO-only no longer covers them, so the last verified domain of an SSO-only org
 * stays until SSO-only is off or another domain is verified.
 */
export async function removeDomain(db: Executor, input: { orgId: string; domainId: string }, by: AuditContext): Promise<Domain> {
  return db.transaction(async (tx) => {
    // The org row lock (setSsoOnly takes it too) orders this against SSO-only changes and against removing the org's other verified domain.
    const [org] = await tx.select().from(organizations).where(eq(organizations.id, input.orgId)).for('update');
    const [row] = org && UUID.test(input.domainId) ? await tx.select().from(domains).where(and(eq(domains.id, input.domainId), eq(domains.orgId, org.id))) : [];
    if (!org || !row) throw new UserFacingError('This domain is not part of this organization (it may have been removed already)');
    if (row.verifiedAt && org.ssoOnly) {
      const [others] = await tx.select({ n: count() }).from(domains).where(and(eq(domains.orgId, org.id), isNotNull(domains.verifiedAt), ne(domains.id, row.id)));
      if (others.n === 0) {
        throw new UserFacingError(`${row.domain} is the only verified domain and SSO-only is on: without it nobody could sign in with SSO. Turn SSO-only off or verify another domain first.`);
      }
    }
    await tx.delete(domains).where(eq(domains.id, row.id));
    await recordAudit(tx, auditBy(by, { orgId: org.id, action: 'domain.removed', target: { type: 'domain', id: row.id, label: row.domain }, before: { domain: row.domain, verifiedAt: row.verifiedAt } }));
    return row;
  });
}
