import 'server-only';
import { getRequestContext } from '@/lib/auth/context';
import { getSetupLinkContext } from '@/lib/auth/setup-link-context';

/** What the portal's pages need of the link: its org, and the link itself. */
export type SetupLinkContext = { org: { id: string; name: string }; setupLink: { id: string; label: string; expiresAt: Date } };

export type SetupPortalAccess =
  | { kind: 'open'; ctx: SetupLinkContext }
  /** No live setup link in this browser: never opened, left, expired or revoked. */
  | { kind: 'closed' }
  /**
   * A live link in a browser that is also signed in to the console: the guarded actions act as the
   * signed-in person first (lib/auth/server-action.ts), so the portal's changes would land in
   * that person's organization. The portal stays closed until they sign out.
   */
  | { kind: 'signed-in'; email: string };

/** What a /setup page may show, decided per request (a revoked or expired link stops at once). */
export async function setupPortalAccess(): Promise<SetupPortalAccess> {
  const ctx = await getSetupLinkContext();
  if (!ctx?.org) return { kind: 'closed' };
  const session = await getRequestContext();
  if (session) return { kind: 'signed-in', email: session.user.email };
  return { kind: 'open', ctx: { org: { id: ctx.org.id, name: ctx.org.name }, setupLink: ctx.setupLink } };
}
