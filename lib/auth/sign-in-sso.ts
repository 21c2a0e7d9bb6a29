import { eq } from 'drizzle-orm';
import type { Executor } from '@/lib/db/client';
import { ssoConnections, users } from '@/lib/db/schema';
import { bindingMatches } from '@/lib/sso/browser-binding';
import { ssoErrorMessage } from '@/lib/sso/error-messages';
import { recordMemberSsoLogin } from '@/lib/sso/sso-only';
import { redeemSsoTicket } from '@/lib/sso/tickets';
import type { RequestMeta } from './sessions';
import { completeSignIn, recordSignInFailure, type SignInResult } from './sign-in-events';

/**
 * Opens the session for an SSO login that the ACS or OIDC callback already verified, in the
 * browser that started it (`browserBindingHash`: the hash of its binding cookie, or null).
 */
export async function signInWithSsoTicket(db: Executor, ticket: string, meta: RequestMeta, browserBindingHash: string | null): Promise<SignInResult> {
  const redeemed = await redeemSsoTicket(db, ticket);
  if (!redeemed) return { ok: false, error: 'This sign-in link expired or was already used. Please start single sign-on again.' };
  const [user] = await db.select().from(users).where(eq(users.id, redeemed.userId));
  if (!bindingMatches(redeemed.bindingHash, browserBindingHash)) {
    // The ticket is spent either way: a login CSRF cannot retry it in the victim's browser.
    await recordSignInFailure(db, { orgId: redeemed.orgId, method: 'sso', reason: 'browser_mismatch', email: user.email, userId: user.id, meta });
    return { ok: false, error: ssoErrorMessage('browser_mismatch') };
  }
  const [connection] = await db
    .update(ssoConnections)
    .set({ lastLoginAt: new Date() })
    .where(eq(ssoConnections.id, redeemed.connectionId))
    .returning({ name: ssoConnections.name, protocol: ssoConnections.protocol });
  await recordMemberSsoLogin(db, { orgId: redeemed.orgId, userId: user.id, connectionId: redeemed.connectionId });
  return completeSignIn(db, { userId: user.id, email: user.email, method: 'sso', meta, orgId: redeemed.orgId, extra: { connectionId: redeemed.connectionId, connection: connection?.name, protocol: connection?.protocol, boundToBrowser: redeemed.bindingHash !== null } });
}
