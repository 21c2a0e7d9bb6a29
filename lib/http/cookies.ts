import { getEnv } from '@/lib/env';

/** The app is served over https (APP_URL), so cookies must be Secure. */
export function isHttpsApp(): boolean {
  return getEnv().APP_URL.startsWith('https:');
}

/**
 * Our cookie names carry the `__Host-` prefix on https: the browser then only accepts them
 * Secure, with Path=/ and no Domain, so a sibling subdomain cannot plant or overwrite them.
 */
export function cookieName(base: string): string {
  return isHttpsApp() ? `__Host-${base}` : base;
}

/** HttpOnly, SameSite=Lax (sent on top-level GET navigations from other sites), Secure on https. */
export function cookieOptions(maxAgeSeconds?: number) {
  return { httpOnly: true, sameSite: 'lax' as const, secure: isHttpsApp(), path: '/', ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }) };
}
