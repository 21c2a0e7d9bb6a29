import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import { getServerSession } from 'next-auth';
import { cache } from 'react';
import type { AuditContext } from '@/lib/audit/record';
import { getDb, type Executor } from '@/lib/db/client';
import { memberships, organizations, sessions, users, type Role } from '@/lib/db/schema';
import { currentRequestMeta } from '@/lib/http/request-meta';
import { getAuthOptions } from './options';
import { findLiveSession, touchSession } from './sessions';

export type OrgSummary = { id: string; name: string; slug: string; plan: string; role: Role };

/** Everything a request needs to decide what the signed-in person may do. */
export type RequestContext = {
  sessionId: string;
  user: { id: string; email: string; name: string };
  org: OrgSummary | null;
  orgs: OrgSummary[];
  audit: AuditContext;
};

/** Builds the context from a session id, re-checking the row, the user and the membership. */
export async function loadContextForSession(db: Executor, sessionId: string, meta: { ip: string | null; userAgent: string | null }): Promise<RequestContext | null> {
  const session = await findLiveSession(db, sessionId);
  if (!session) return null;
  const [user] = await db.select().from(users).where(eq(users.id, session.userId));
  if (!user || user.status !== 'active') return null;
  const orgs = await db
    .select({ id: organizations.id, name: organizations.name, slug: organizations.slug, plan: organizations.plan, role: memberships.role })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(and(eq(memberships.userId, user.id), eq(memberships.status, 'active')))
    .orderBy(asc(organizations.name));
  // A suspended membership in the active org falls back to another org, never to the suspended one.
  const org = orgs.find((o) => o.id === session.activeOrgId) ?? orgs[0] ?? null;
  if (org && org.id !== session.activeOrgId) await db.update(sessions).set({ activeOrgId: org.id }).where(eq(sessions.id, session.id));
  await touchSession(db, session.id);
  return {
    sessionId: session.id,
    user: { id: user.id, email: user.email, name: user.name },
    org,
    orgs,
    audit: { actor: { type: 'user', id: user.id, label: user.email }, ip: meta.ip, userAgent: meta.userAgent },
  };
}

/** The signed-in person for this request, or null. Cached per request, checked against the DB. */
export const getRequestContext = cache(async (): Promise<RequestContext | null> => {
  const session = await getServerSession(getAuthOptions());
  const sid = (session as { sid?: unknown } | null)?.sid;
  if (typeof sid !== 'string') return null;
  return loadContextForSession(getDb(), sid, await currentRequestMeta());
});
