import { randomBytes } from 'node:crypto';
import { recordAudit } from '@/lib/audit/record';
import type { RequestMeta } from '@/lib/auth/sessions';
import type { Executor } from '@/lib/db/client';
import { SsoLoginError } from './saml/errors';

/** Audits a refused SSO login with its technical reason and returns the id shown to the person. */
export async function recordSsoFailure(db: Executor, error: unknown, context: { orgId: string | null; protocol: 'saml' | 'oidc'; meta: RequestMeta; email?: string | null; connectionId?: string | null }) {
  const errorId = `sso_${randomBytes(6).toString('hex')}`;
  const code = error instanceof SsoLoginError ? error.code : 'internal_error';
  const detail = error instanceof SsoLoginError ? error.detail : (error as Error)?.message ?? String(error);
  if (!(error instanceof SsoLoginError)) console.error('[sso] unexpected failure', error);
  await recordAudit(db, {
    orgId: context.orgId,
    actor: { type: 'anonymous', label: context.email ?? null },
    action: 'auth.sign_in_failed',
    // Email and connection when known, so the portal's recent attempts can say who and where.
    metadata: { method: 'sso', protocol: context.protocol, reason: code, detail, errorId, email: context.email ?? null, connectionId: context.connectionId ?? null },
    ip: context.meta.ip,
    userAgent: context.meta.userAgent,
  });
  return { code, errorId };
}
