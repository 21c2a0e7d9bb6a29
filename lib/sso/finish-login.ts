import type { RequestMeta } from '@/lib/auth/sessions';
import type { Executor } from '@/lib/db/client';
import { completeSsoLogin, type SsoIdentity } from './complete-login';
import { connectionTestPath, recordConnectionTest, type ClaimedTest } from './connection-tests';
import { recordSsoFailure } from './record-failure';

/** The protocol-specific halves: claim the pending login (null: IdP-initiated), then verify the answer. */
export type SsoLoginSteps<C extends ClaimedTest | null> = { claim: () => Promise<C>; verify: (claimed: C) => Promise<SsoIdentity> };

/**
 * Shared tail of the ACS and the OIDC callback: claim, verify, provision, and answer with where
 * the browser goes next: the ticket page, or /login with an error code and id. A connection test
 * goes to its result page instead, whatever happened, and never signs anyone in.
 */
export async function finishSsoLogin<C extends ClaimedTest | null>(db: Executor, protocol: 'saml' | 'oidc', meta: RequestMeta, steps: SsoLoginSteps<C>): Promise<string> {
  let claimed: C | undefined;
  let identity: SsoIdentity | undefined;
  try {
    claimed = await steps.claim();
    identity = await steps.verify(claimed);
    if (claimed?.purpose === 'test') return connectionTestPath(await recordConnectionTest(db, claimed, { identity }), claimed.requestedBy);
    const { ticket } = await completeSsoLogin(db, identity, meta);
    return `/login/sso/complete?ticket=${encodeURIComponent(ticket)}`;
  } catch (error) {
    if (claimed?.purpose === 'test') return connectionTestPath(await recordConnectionTest(db, claimed, { identity, error }), claimed.requestedBy);
    const { code, errorId } = await recordSsoFailure(db, error, {
      orgId: identity?.orgId ?? claimed?.orgId ?? null,
      protocol,
      meta,
      email: identity?.profile.email ?? null,
      connectionId: identity?.connectionId ?? claimed?.connectionId ?? null,
    });
    return `/login?sso_error=${code}&error_id=${errorId}`;
  }
}
