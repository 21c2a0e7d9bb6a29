import { and, asc, count, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '@/lib/db/client';
import { apiKeys, memberships, scimUsers, sessions, users } from '@/lib/db/schema';
import { memberColumns } from './members';

export const MEMBERS_PAGE_SIZE = 25;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The page's query parameters, made safe: a search text and a page number from 1. */
export function readMemberQuery(params: { q?: string | string[]; page?: string | string[] }) {
  const q = (Array.isArray(params.q) ? params.q[0] : params.q)?.trim().slice(0, 200) ?? '';
  const page = Number.parseInt((Array.isArray(params.page) ? params.page[0] : params.page) ?? '1', 10);
  return { q, page: Number.isFinite(page) && page >= 1 ? Math.min(page, 100_000) : 1 };
}

/**
 * One page of an org's members for the Members page, searched by name or email: with the last
 * sign-in (newest session of the account), how many of their API keys here are disabled, and
 * whether the IdP manages them (a group rule decides the role, or SCIM provisioned them).
 */
export async function listMembersPage(db: Executor, orgId: string, query: { q: string; page: number; pageSize?: number }) {
  const pageSize = query.pageSize ?? MEMBERS_PAGE_SIZE;
  const conditions: SQL[] = [eq(memberships.orgId, orgId)];
  if (query.q) {
    const pattern = `%${escapeLike(query.q)}%`;
    conditions.push(or(ilike(users.email, pattern), ilike(users.name, pattern))!);
  }
  const where = and(...conditions);
  const [{ total }] = await db.select({ total: count() }).from(memberships).innerJoin(users, eq(users.id, memberships.userId)).where(where);
  const rows = await db
    .select({
      ...memberColumns,
      scimProvisioned: sql<boolean>`${scimUsers.userId} is not null`,
      disabledApiKeys: sql<number>`(select count(*) from ${apiKeys} where ${apiKeys.orgId} = ${memberships.orgId} and ${apiKeys.userId} = ${users.id} and ${apiKeys.disabledAt} is not null)`.mapWith(Number),
      lastSignInAt: sql<Date | null>`(select max(${sessions.createdAt}) from ${sessions} where ${sessions.userId} = ${users.id})`.mapWith((v: string | null) => (v ? new Date(v) : null)),
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(scimUsers, and(eq(scimUsers.orgId, memberships.orgId), eq(scimUsers.userId, memberships.userId)))
    .where(where)
    .orderBy(asc(users.email))
    .limit(pageSize)
    .offset((query.page - 1) * pageSize);
  return { rows, total, page: query.page, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
}

export type MembersPage = Awaited<ReturnType<typeof listMembersPage>>;
