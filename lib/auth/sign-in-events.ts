import { recordAudit } from '@/lib/audit/record';
import type { Executor } from '@/lib/db/client';
import type { SignInMethod } from '@/lib/db/schema';
import { createSession, findDefaultOrgId, type RequestMeta } from './sessions';

export type SignInResult = { ok: true; sessionId: string; userId: string } | { ok: false; error: string };

export async function recordSignInFailure(
  db: Executor,
  input: { orgId: string | null; method: SignInMethod; reason: string; email?: string; userId?: string; meta: RequestMeta },
): Promise<void> {
  await recordAudit(db, {
    orgId: input.orgId,
    actor: input.userId ? { type: 'user', id: input.userId, label: input.email } : { type: 'anonymous', label: input.email },
    action: 'auth.sign_in_failed',
    target: { type: 'user', id: input.userId ?? null, label: input.email },
    metadata: { method: input.method, reason: input.reason },
    ip: input.meta.ip,
    userAgent: input.meta.userAgent,
  });
}

/** Opens the server-side session for a verified user and audits the sign-in in the org they land in. */
export async function completeSignIn(
  db: Executor,
  input: { userId: string; email: string; method: SignInMethod; meta: RequestMeta; orgId?: string | null; extra?: Record<string, unknown> },
): Promise<SignInResult> {
  return db.transaction(async (tx) => {
    const orgId = input.orgId !== undefined ? input.orgId : await findDefaultOrgId(tx, input.userId);
    const session = await createSession(tx, { userId: input.userId, method: input.method, orgId, meta: input.meta });
    await recordAudit(tx, {
      orgId,
      actor: { type: 'user', id: input.userId, label: input.email },
      action: input.method === 'break_glass' ? 'auth.break_glass_used' : 'auth.signed_in',
      target: { type: 'session', id: session.id },
      metadata: { method: input.method, ...input.extra },
      ip: input.meta.ip,
      userAgent: input.meta.userAgent,
    });
    return { ok: true as const, sessionId: session.id, userId: input.userId };
  });
}
