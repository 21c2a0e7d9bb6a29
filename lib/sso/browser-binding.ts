import { cookies } from 'next/headers';
import { generateSecret, hashSecret, safeEqual } from '@/lib/crypto/tokens';
import { cookieName, cookieOptions } from '@/lib/http/cookies';

/*
 * Binds an SP-initiated SSO login to the browser that started it (login CSRF, session swap): the
 * start sets an HttpOnly cookie and the pending login keeps its hash; the OIDC callback and the
 * ticket redemption require it. SameSite=Lax is not sent with the IdP's cross-site POST to the
 * ACS, so SAML is bound at the ticket. IdP-initiated SAML has no starting browser: unbound.
 */

const BINDING_COOKIE = 'sso_binding';
const BINDING_PREFIX = 'sb_';
const BINDING_TTL_SECONDS = 10 * 60;

function isBindingValue(value: string | undefined): value is string {
  return typeof value === 'string' && value.startsWith(BINDING_PREFIX) && value.length < 100;
}

/** In the action that starts a login: this browser's binding (kept if it has one, so two tabs both work), as its hash. */
export async function bindLoginToBrowser(): Promise<string> {
  const jar = await cookies();
  const existing = jar.get(cookieName(BINDING_COOKIE))?.value;
  const value = isBindingValue(existing) ? existing : generateSecret(BINDING_PREFIX, 32);
  jar.set(cookieName(BINDING_COOKIE), value, cookieOptions(BINDING_TTL_SECONDS));
  return hashSecret(value);
}

/** The hash of the binding this request's browser carries, or null. */
export async function browserBindingHash(): Promise<string | null> {
  const value = (await cookies()).get(cookieName(BINDING_COOKIE))?.value;
  return isBindingValue(value) ? hashSecret(value) : null;
}

/** Once a login is redeemed, its binding is spent: the next login starts with a fresh one. */
export async function forgetBrowserBinding(): Promise<void> {
  (await cookies()).set(cookieName(BINDING_COOKIE), '', cookieOptions(0));
}

/** Does the browser's binding match the one recorded when the login started? Unbound (IdP-initiated) matches anything. */
export function bindingMatches(expectedHash: string | null, browserHash: string | null): boolean {
  if (expectedHash === null) return true;
  return browserHash !== null && safeEqual(expectedHash, browserHash);
}
