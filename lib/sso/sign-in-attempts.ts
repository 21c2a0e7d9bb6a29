import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '@/lib/db/client';
import { auditEvents, ssoConnections } from '@/lib/db/schema';
import { ssoErrorMessage } from './error-messages';

export const SIGN_IN_ATTEMPTS_SHOWN = 50;

export type SsoSignInAttempt = {
  id: number;
  at: Date;
  email: string | null;
  connection: string | null;
  ok: boolean;
  /** For failures: what the person was told, the technical code and the id they were shown (when there was one). */
  reason: string | null;
  code: string | null;
  detail: string | null;
  errorId: string | null;
};

type Metadata = { method?: string; connectionId?: string; connection?: string; reason?: string; detail?: string; errorId?: string; email?: string } | null;

/**
 * The org's latest SSO sign-ins, successful (`auth.signed_in`, lib/auth/sign-in-sso.ts) and
 * refused (`auth.sign_in_failed`, lib/sso/record-failure.ts and the browser check), newest first,
 * so an admin can answer a user's "it doesn't work" with the reason and error id.
 */
export async function listSsoSignInAttempts(db: Executor, orgId: string, limit = SIGN_IN_ATTEMPTS_SHOWN): Promise<SsoSignInAttempt[]> {
  const rows = await db
    .select({
      id: auditEvents.id,
      at: auditEvents.createdAt,
      action: auditEvents.action,
      actorLabel: auditEvents.actorLabel,
      targetLabel: auditEvents.targetLabel,
      metadata: auditEvents.metadata,
    })
    .from(auditEvents)
    .where(and(eq(auditEvents.orgId, orgId), inArray(auditEvents.action, ['auth.signed_in', 'auth.sign_in_failed']), sql`${auditEvents.metadata}->>'method' = 'sso'`))
    .orderBy(desc(auditEvents.seq))
    .limit(limit);
  const names = new Map((await db.select({ id: ssoConnections.id, name: ssoConnections.name }).from(ssoConnections).where(eq(ssoConnections.orgId, orgId))).map((c) => [c.id, c.name]));
  return rows.map((row) => {
    const metadata = row.metadata as Metadata;
    const ok = row.action === 'auth.signed_in';
    const connectionId = metadata?.connectionId ?? null;
    return {
      id: row.id,
      at: row.at,
      email: metadata?.email ?? row.targetLabel ?? row.actorLabel ?? null,
      connection: (connectionId && names.get(connectionId)) ?? metadata?.connection ?? null,
      ok,
      reason: ok ? null : ssoErrorMessage(metadata?.reason ?? ''),
      code: ok ? null : (metadata?.reason ?? null),
      detail: ok ? null : (metadata?.detail ?? null),
      errorId: ok ? null : (metadata?.errorId ?? null),
    };
  });
}
