import { randomBytes } from 'node:crypto';
import { resolveTxt } from 'node:dns/promises';
import { and, eq, isNotNull } from 'drizzle-orm';
import { z } from 'zod';
import { auditBy, recordAudit, type AuditContext } from '@/lib/audit/record';
import type { Executor } from '@/lib/db/client';
import { domains } from '@/lib/db/schema';
import { UserFacingError } from '@/lib/errors';
import { asciiHostName } from '@/lib/users/email-address';

const DOMAIN_MESSAGE = 'Enter a domain name like example.com';

/**
 * A domain as typed, U-label (`bücher.de`) or A-label (`xn--bcher-kva.de`), kept as its A-label:
 * one domain, one row, and the same form emailDomain() gives for an address on it.
 */
export const domainSchema = z
  .string()
  .trim()
  .transform((input, ctx) => {
    const ascii = asciiHostName(input);
    if (ascii) return ascii;
    ctx.addIssue({ code: 'custom', message: DOMAIN_MESSAGE });
    return z.NEVER;
  });

/** Callers outside the schema (seed, tests, SSO) may hold either form; every query uses the A-label. */
function domainKey(domain: string): string {
  return asciiHostName(domain.trim()) ?? domain.trim().toLowerCase();
}

export const DOMAIN_TXT_PREFIX = 'llm-gateway-verification=';

export async function listDomains(db: Executor, orgId: string) {
  return db.select().from(domains).where(eq(domains.orgId, orgId)).orderBy(domains.domain);
}

export async function addDomain(db: Executor, orgId: string, input: string, by: AuditContext) {
  const domain = domainKey(input);
  return db.transaction(async (tx) => {
    const [verifiedElsewhere] = await tx.select().from(domains).where(and(eq(domains.domain, domain), isNotNull(domains.verifiedAt)));
    if (verifiedElsewhere && verifiedElsewhere.orgId !== orgId) throw new UserFacingError(`${domain} is already verified by another organization`);
    const [existing] = await tx.select().from(domains).where(and(eq(domains.orgId, orgId), eq(domains.domain, domain)));
    if (existing) throw new UserFacingError(`${domain} has already been added`);
    const [row] = await tx.insert(domains).values({ orgId, domain, verificationToken: randomBytes(16).toString('hex') }).returning();
    await recordAudit(tx, auditBy(by, { orgId, action: 'domain.added', target: { type: 'domain', id: row.id, label: domain } }));
    return row;
  });
}

async function hasVerificationRecord(domain: string, token: string): Promise<boolean> {
  try {
    const records = await resolveTxt(domain);
    return records.some((chunks) => chunks.join('') === `${DOMAIN_TXT_PREFIX}${token}`);
  } catch {
    return false;
  }
}

/**
 * Verifies a domain by its DNS TXT record, or without DNS when an operator vouches for it
 * (`skipDns`, CLI only). Fails if another org has verified it first.
 */
export async function verifyDomain(db: Executor, orgId: string, input: string, by: AuditContext, options: { skipDns?: boolean } = {}) {
  const domain = domainKey(input);
  const [row] = await db.select().from(domains).where(and(eq(domains.orgId, orgId), eq(domains.domain, domain)));
  if (!row) throw new UserFacingError(`${domain} has not been added to this organization`);
  if (row.verifiedAt) return row;
  if (!options.skipDns && !(await hasVerificationRecord(domain, row.verificationToken))) {
    throw new UserFacingError(`No TXT record "${DOMAIN_TXT_PREFIX}${row.verificationToken}" found on ${domain} yet. DNS changes can take a few minutes.`);
  }
  return db.transaction(async (tx) => {
    const [taken] = await tx.select().from(domains).where(and(eq(domains.domain, domain), isNotNull(domains.verifiedAt)));
    if (taken) throw new UserFacingError(`${domain} is already verified by another organization`);
    const [verified] = await tx.update(domains).set({ verifiedAt: new Date() }).where(eq(domains.id, row.id)).returning();
    await recordAudit(tx, auditBy(by, { orgId, action: 'domain.verified', target: { type: 'domain', id: row.id, label: domain }, metadata: { method: options.skipDns ? 'operator' : 'dns_txt' } }));
    return verified;
  });
}

export async function findVerifiedDomain(db: Executor, domain: string) {
  const [row] = await db.select().from(domains).where(and(eq(domains.domain, domainKey(domain)), isNotNull(domains.verifiedAt)));
  return row;
}
