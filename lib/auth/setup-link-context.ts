import 'server-only';
import { cookies } from 'next/headers';
import { getDb } from '@/lib/db/client';
import { cookieName, cookieOptions } from '@/lib/http/cookies';
import { currentRequestMeta } from '@/lib/http/request-meta';
import { openSetupLink, setupLinkActor } from '@/lib/orgs/setup-links';
import type { RequestContext } from './context';

const SETUP_LINK_COOKIE = 'setup_link';

/** After "Continue" on /setup/<token>: the browser keeps the token in an HttpOnly cookie, not in URLs. */
export async function rememberSetupLink(token: string, expiresAt: Date): Promise<void> {
  (await cookies()).set(cookieName(SETUP_LINK_COOKIE), token, cookieOptions(Math.max(1, Math.floor((expiresAt.getTime() - Date.now()) / 1000))));
}

export async function forgetSetupLink(): Promise<void> {
  (await cookies()).set(cookieName(SETUP_LINK_COOKIE), '', cookieOptions(0));
}

/**
 * The context of a request made with a live setup link: its org, acting as the link (audited as
 * "setup link: <label>"). Only actions marked `setupLink` accept it; it is re-checked on every
 * request, so an expired or revoked link stops at once.
 */
export async function getSetupLinkContext(): Promise<(RequestContext & { setupLink: { id: string; label: string; expiresAt: Date } }) | null> {
  const token = (await cookies()).get(cookieName(SETUP_LINK_COOKIE))?.value;
  if (!token) return null;
  const opened = await openSetupLink(getDb(), token);
  if (!opened) return null;
  const { link, org } = opened;
  const summary = { id: org.id, name: org.name, slug: org.slug, plan: org.plan, role: 'admin' as const };
  const meta = await currentRequestMeta();
  return {
    sessionId: `setup-link:${link.id}`,
    user: { id: '', email: '', name: link.label },
    org: summary,
    orgs: [summary],
    audit: { actor: setupLinkActor(link), ip: meta.ip, userAgent: meta.userAgent },
    setupLink: { id: link.id, label: link.label, expiresAt: link.expiresAt },
  };
}
