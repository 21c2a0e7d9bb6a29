import { randomBytes } from 'node:crypto';
import { and, eq, isNotNull } from 'drizzle-orm';
import { auditBy, recordAudit, type AuditContext } from '@/lib/audit/record';
import type { Executor } from '@/lib/db/client';
import { domains, type Domain } from '@/lib/db/schema';
import { UserFacingError } from '@/lib/errors';
import { verificationValue } from './domains/check-record';
import { domainKey } from './domains/domain-name';
import { isUniqueViolation } from './domains/unique-violation';

export { DOMAIN_TXT_PREFIX, DomainVerificationError, verificationValue } from './domains/check-record';
export { domainSchema } from './domains/domain-name';
export { removeDomain } from './domains/remove';
export type { DnsOptions } from './domains/txt-lookup';
export { verifyDomain, type VerifyDomainOptions } from './domains/verify';

export async function listDomains(db: Executor, orgId: string) {
  return db.select().from(domains).where(eq(domains.orgId, orgId)).orderBy(domains.domain);
}

/** The DNS record that proves the org controls the domain, as the Domains page and the CLI show it. */
export function verificationRecord(row: Pick<Domain, 'domain' | 'verificationToken'>) {
  return { type: 'TXT' as const, name: row.domain, value: verificationValue(row.verificationToken) };
}

export async function addDomain(db: Executor, orgId: string, input: string, by: AuditContext) {
  const domain = domainKey(input);
  try {
    return await db.transaction(async (tx) => {
      const [verifiedElsewhere] = await tx.select().from(domains).where(and(eq(domains.domain, domain), isNotNull(domains.verifiedAt)));
      if (verifiedElsewhere && verifiedElsewhere.orgId !== orgId) throw new UserFacingError(`${domain} is already verified by another organization`);
      const [existing] = await tx.select().from(domains).where(and(eq(domains.orgId, orgId), eq(domains.domain, domain)));
      if (existing) throw new UserFacingError(`${domain} has already been added`);
      const [row] = await tx.insert(domains).values({ orgId, domain, verificationToken: randomBytes(16).toString('hex') }).returning();
      await recordAudit(tx, auditBy(by, { orgId, action: 'domain.added', target: { type: 'domain', id: row.id, label: domain } }));
      return row;
    });
  } catch (error) {
    // Two adds of the same domain to one org at once: the second meets the unique index.
    if (isUniqueViolation(error, 'domains_org_domain_idx')) throw new UserFacingError(`${domain} has already been added`);
    throw error;
  }
}

export async function findVerifiedDomain(db: Executor, domain: string) {
  const [row] = await db.select().from(domains).where(and(eq(domains.domain, domainKey(domain)), isNotNull(domains.verifiedAt)));
  return row;
}
