import { eq } from 'drizzle-orm';
import type { Executor } from '@/lib/db/client';
import { ssoConnections, users } from '@/lib/db/schema';
import { redeemSsoTicket } from '@/lib/sso/tickets';
import type { RequestMeta } from './sessions';
import { completeSignIn, type SignInResult } from './sign-in-events';

/** Opens the session for an SSO login that the ACS or OIDC callback already verified. */
export async function signInWithSsoTicket(db: Executor, ticket: string, meta: RequestMeta): Promise<SignInResult> {
  const redeemed = await redeemSsoTicket(db, ticket);
  if (!redeemed) return { ok: false, error: 'This sign-in link expired or was already used. Please start single sign-on again.' };
  const [user] = await db.select().from(users).where(eq(users.id, redeemed.userId));
  const [connection] = await db.select({ name: ssoConnections.name, protocol: ssoConnections.protocol }).from(ssoConnections).where(eq(ssoConnections.id, redeemed.connectionId));
  return completeSignIn(db, { userId: user.id, email: user.email, method: 'sso', meta, orgId: redeemed.orgId, extra: { connectionId: redeemed.connectionId, connection: connection?.name, protocol: connection?.protocol } });
}
