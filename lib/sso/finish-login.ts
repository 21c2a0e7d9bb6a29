import type { RequestMeta } from '@/lib/auth/sessions';
import type { Executor } from '@/lib/db/client';
import { completeSsoLogin, type SsoIdentity } from './complete-login';
import { recordSsoFailure } from './record-failure';

/**
 * Shared tail of the ACS and the OIDC callback: verify (protocol-specific), provision, and answer
 * with where the browser goes next: the ticket page, or /login with an error code and id.
 */
export async function finishSsoLogin(db: Executor, protocol: 'saml' | 'oidc', meta: RequestMeta, verify: () => Promise<SsoIdentity>): Promise<string> {
  let identity: SsoIdentity | undefined;
  try {
    identity = await verify();
    const { ticket } = await completeSsoLogin(db, identity, meta);
    return `/login/sso/complete?ticket=${encodeURIComponent(ticket)}`;
  } catch (error) {
    const { code, errorId } = await recordSsoFailure(db, error, { orgId: identity?.orgId ?? null, protocol, meta });
    return `/login?sso_error=${code}&error_id=${errorId}`;
  }
}
