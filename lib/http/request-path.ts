/*
 * The path a page request asked for, put on the request by proxy.ts so a server component can
 * send a signed-out visitor to /login with a callbackUrl back to it. Set (overwritten) by the
 * proxy on every request, so a client cannot choose it; /login checks it is same-site anyway.
 */

export const REQUEST_PATH_HEADER = 'x-gateway-request-path';

/** Path and query of a request, without Next.js's internal RSC cache-busting parameter. */
export function requestPathOf(url: URL): string {
  const search = new URLSearchParams(url.search);
  search.delete('_rsc');
  const query = search.toString();
  return `${url.pathname}${query ? `?${query}` : ''}`;
}

/** Where a signed-out visitor of `path` goes: the sign-in page, then back to `path`. */
export function loginPathFor(path: string | null): string {
  return path && path.startsWith('/') && !path.startsWith('//') && path !== '/login' ? `/login?callbackUrl=${encodeURIComponent(path)}` : '/login';
}
