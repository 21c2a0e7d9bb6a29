import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import { auditBy, recordAudit, type AuditContext } from '@/lib/audit/record';
import type { Executor } from '@/lib/db/client';
import { domains, type Domain } from '@/lib/db/schema';
import { UserFacingError } from '@/lib/errors';
import { checkVerificationRecord, DomainVerificationError, takenCheck, type DomainCheck } from './check-record';
import { domainKey } from './domain-name';
import type { DnsOptions } from './txt-lookup';
import { isUniqueViolation } from './unique-violation';

export type VerifyDomainOptions = {
  /** The operator vouches for the domain without DNS (CLI only). */
  skipDns?: boolean;
  dns?: DnsOptions;
};

type FailedCheck = Extract<DomainCheck, { ok: false }>;

/** Keeps the outcome on the row for the Domains page, then throws it. Changes nothing else. */
async function failCheck(db: Executor, row: Domain, check: FailedCheck): Promise<never> {
  await db.update(domains).set({ lastCheckedAt: new Date(), lastCheckFailure: check.failure, lastCheckMessage: check.message }).where(eq(domains.id, row.id));
  throw new DomainVerificationError(check);
}

async function isVerifiedElsewhere(db: Executor, domain: string): Promise<boolean> {
  const [taken] = await db.select({ id: domains.id }).from(domains).where(and(eq(domains.domain, domain), isNotNull(domains.verifiedAt)));
  return Boolean(taken);
}

async function markVerified(db: Executor, row: Domain, by: AuditContext, checkedAt: Date | null): Promise<Domain> {
  return db.transaction(async (tx) => {
    const [verified] = await tx
      .update(domains)
      .set({ verifiedAt: new Date(), lastCheckFailure: null, lastCheckMessage: null, ...(checkedAt && { lastCheckedAt: checkedAt }) })
      .where(and(eq(domains.id, row.id), isNull(domains.verifiedAt)))
      .returning();
    if (verified) {
      await recordAudit(tx, auditBy(by, { orgId: row.orgId, action: 'domain.verified', target: { type: 'domain', id: row.id, label: row.domain }, metadata: { method: checkedAt ? 'dns_txt' : 'operator' } }));
      return verified;
    }
    // A concurrent check of this org got there first, or the domain was removed meanwhile.
    const [current] = await tx.select().from(domains).where(eq(domains.id, row.id));
    if (!current) throw new UserFacingError(`${row.domain} has been removed from this organization`);
    return current;
  });
}

/**
 * Verifies a domain of the org by its DNS TXT record `llm-gateway-verification=<token>`, or
 * without DNS when an operator vouches for it (`skipDns`). Returns the verified row; a verified
 * domain is returned as is. On failure throws a DomainVerificationError that says why in plain
 * words (`failure`: missing, other_records, wrong_token, dns_error, taken) and records it on the
 * row (`lastCheckedAt`, `lastCheckFailure`, `lastCheckMessage`). A domain is verified by one org
 * at most: the unique index decides a race between two orgs.
 */
export async function verifyDomain(db: Executor, orgId: string, input: string, by: AuditContext, options: VerifyDomainOptions = {}): Promise<Domain> {
  const domain = domainKey(input);
  const [row] = await db.select().from(domains).where(and(eq(domains.orgId, orgId), eq(domains.domain, domain)));
  if (!row) throw new UserFacingError(`${domain} has not been added to this organization`);
  if (row.verifiedAt) return row;
  if (await isVerifiedElsewhere(db, domain)) return failCheck(db, row, takenCheck(domain));
  if (!options.skipDns) {
    const check = await checkVerificationRecord(domain, row.verificationToken, options.dns);
    if (!check.ok) return failCheck(db, row, check);
  }
  try {
    return await markVerified(db, row, by, options.skipDns ? null : new Date());
  } catch (error) {
    if (isUniqueViolation(error, 'domains_verified_once_idx')) return failCheck(db, row, takenCheck(domain));
    throw error;
  }
}
