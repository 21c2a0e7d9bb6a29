import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { generateSecret, hashSecret } from '@/lib/crypto/tokens';
import type { Executor } from '@/lib/db/client';
import { ssoLoginTickets } from '@/lib/db/schema';

const TICKET_TTL_MS = 60_000;

/** Hands a verified SSO login to next-auth: a single-use secret valid for one minute, bound to the starting browser. */
export async function issueSsoTicket(db: Executor, input: { userId: string; orgId: string; connectionId: string; bindingHash: string | null }): Promise<string> {
  const ticket = generateSecret('sso_', 32);
  await db.insert(ssoLoginTickets).values({ ...input, tokenHash: hashSecret(ticket), expiresAt: new Date(Date.now() + TICKET_TTL_MS) });
  return ticket;
}

/** Uses the ticket up, whoever presents it; the caller checks its browser binding. */
export async function redeemSsoTicket(db: Executor, ticket: string) {
  if (!ticket.startsWith('sso_') || ticket.length > 100) return undefined;
  const [row] = await db
    .update(ssoLoginTickets)
    .set({ usedAt: sql`now()` })
    .where(and(eq(ssoLoginTickets.tokenHash, hashSecret(ticket)), isNull(ssoLoginTickets.usedAt), gt(ssoLoginTickets.expiresAt, sql`now()`)))
    .returning();
  return row;
}
