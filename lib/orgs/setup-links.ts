import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { auditBy, recordAudit, type AuditActor, type AuditContext } from '@/lib/audit/record';
import { generateSecret, hashSecret } from '@/lib/crypto/tokens';
import type { Executor } from '@/lib/db/client';
import { organizations, setupLinks } from '@/lib/db/schema';
import { getEnv } from '@/lib/env';
import { UserFacingError } from '@/lib/errors';

/*
 * Setup links (SPEC §8a): an owner or admin hands a link to the IT admin who configures the IdP
 * and has no account here. It opens only the SSO connections, the connection test and the
 * domains of one org (lib/auth/server-action.ts lets it run only actions marked `setupLink`),
 * expires (3 days by default, 7 at most), can be revoked, is shown once and stored hashed.
 */

const TOKEN_PREFIX = 'setup_';
export const SETUP_LINK_DEFAULT_DAYS = 3;
export const SETUP_LINK_MAX_DAYS = 7;
export const SETUP_LINK_PATH = '/setup';
export const EXPIRED_SETUP_LINK_MESSAGE = 'This setup link has expired or was revoked. Ask the person who sent it for a new one.';

export const setupLinkInputSchema = z.object({
  label: z.string().trim().min(1, 'Say who the link is for, e.g. "Okta admin Jane Doe"').max(80, 'At most 80 characters'),
  days: z.coerce.number({ message: 'Choose how many days the link works' }).int().min(1, 'At least 1 day').max(SETUP_LINK_MAX_DAYS, `At most ${SETUP_LINK_MAX_DAYS} days`).default(SETUP_LINK_DEFAULT_DAYS),
});

export const setupLinkActor = (link: { id: string; label: string }): AuditActor => ({ type: 'setup_link', id: link.id, label: `setup link: ${link.label}` });

export async function createSetupLink(db: Executor, input: { orgId: string; label: string; days: number; createdBy: string | null }, by: AuditContext) {
  const token = generateSecret(TOKEN_PREFIX, 32);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(setupLinks)
      .values({ orgId: input.orgId, label: input.label, tokenHash: hashSecret(token), createdBy: input.createdBy, expiresAt: new Date(Date.now() + input.days * 86_400_000) })
      .returning();
    await recordAudit(tx, auditBy(by, { orgId: input.orgId, action: 'setup_link.created', target: { type: 'setup_link', id: row.id, label: row.label }, after: { expiresAt: row.expiresAt.toISOString() } }));
    return { link: row, url: `${getEnv().APP_URL}${SETUP_LINK_PATH}/${token}`, token };
  });
}

export async function revokeSetupLink(db: Executor, input: { orgId: string; linkId: string }, by: AuditContext) {
  return db.transaction(async (tx) => {
    const [row] = await tx.update(setupLinks).set({ revokedAt: sql`now()` }).where(and(eq(setupLinks.orgId, input.orgId), eq(setupLinks.id, input.linkId), isNull(setupLinks.revokedAt))).returning();
    if (!row) throw new UserFacingError('This setup link does not exist in your organization or was already revoked');
    await recordAudit(tx, auditBy(by, { orgId: input.orgId, action: 'setup_link.revoked', target: { type: 'setup_link', id: row.id, label: row.label } }));
    return row;
  });
}

export async function listSetupLinks(db: Executor, orgId: string) {
  return db.select().from(setupLinks).where(eq(setupLinks.orgId, orgId)).orderBy(desc(setupLinks.createdAt));
}

const isTokenShaped = (token: string) => token.startsWith(TOKEN_PREFIX) && token.length <= 100;

/**
 * The live link a token names, with its org, changing nothing: the page a plain GET of the link
 * shows (a mail scanner that follows it must not mark it used or open anything).
 */
export async function findLiveSetupLink(db: Executor, token: string) {
  if (!isTokenShaped(token)) return undefined;
  const [found] = await db
    .select({ link: setupLinks, org: organizations })
    .from(setupLinks)
    .innerJoin(organizations, eq(organizations.id, setupLinks.orgId))
    .where(and(eq(setupLinks.tokenHash, hashSecret(token)), isNull(setupLinks.revokedAt), gt(setupLinks.expiresAt, sql`now()`)));
  return found;
}

/** The live link (not expired, not revoked) a token opens, with its org; marks it used. */
export async function openSetupLink(db: Executor, token: string) {
  if (!isTokenShaped(token)) return undefined;
  const [link] = await db
    .update(setupLinks)
    .set({ lastUsedAt: sql`now()` })
    .where(and(eq(setupLinks.tokenHash, hashSecret(token)), isNull(setupLinks.revokedAt), gt(setupLinks.expiresAt, sql`now()`)))
    .returning();
  if (!link) return undefined;
  const [org] = await db.select().from(organizations).where(eq(organizations.id, link.orgId));
  return org ? { link, org } : undefined;
}
