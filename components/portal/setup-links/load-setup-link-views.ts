import 'server-only';
import { inArray } from 'drizzle-orm';
import type { Executor } from '@/lib/db/client';
import { users } from '@/lib/db/schema';
import { listSetupLinks } from '@/lib/orgs/setup-links';
import type { SetupLinkStatus, SetupLinkView } from './setup-link-view';

function statusOf(link: { revokedAt: Date | null; expiresAt: Date }, now: Date): SetupLinkStatus {
  if (link.revokedAt) return 'revoked';
  return link.expiresAt <= now ? 'expired' : 'live';
}

/** The org's setup links, newest first, with the email of whoever created each. */
export async function loadSetupLinkViews(db: Executor, orgId: string, now = new Date()): Promise<SetupLinkView[]> {
  const links = await listSetupLinks(db, orgId);
  const creatorIds = [...new Set(links.flatMap((link) => (link.createdBy ? [link.createdBy] : [])))];
  const creators = creatorIds.length ? await db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.id, creatorIds)) : [];
  const emailOf = new Map(creators.map((creator) => [creator.id, creator.email]));
  return links.map((link) => ({
    id: link.id,
    label: link.label,
    createdBy: (link.createdBy && emailOf.get(link.createdBy)) ?? null,
    createdAt: link.createdAt.toISOString(),
    expiresAt: link.expiresAt.toISOString(),
    lastUsedAt: link.lastUsedAt?.toISOString() ?? null,
    status: statusOf(link, now),
  }));
}
