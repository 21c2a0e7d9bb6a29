/**
 * Server actions are POSTs carrying a `Next-Action` header. Next.js refuses one whose Origin is
 * foreign, but with HTTP 500 and an error in the log; proxy.ts refuses it first with 403.
 */

export type ActionRequest = {
  /** The `Next-Action` header; null for anything that is not a server action. */
  nextAction: string | null;
  origin: string | null;
  forwardedHost: string | null;
  host: string | null;
};

/**
 * The host the request came to, read as Next.js reads it for its own check: the first
 * X-Forwarded-Host entry, else Host. (A page on another site cannot set X-Forwarded-Host: a
 * cross-origin fetch with that header needs a CORS preflight, which we never grant.)
 */
export function requestHost(forwardedHost: string | null, host: string | null): string | null {
  return forwardedHost?.split(',')[0]?.trim() || host || null;
}

/**
 * Why this server-action request must be refused, or null when it may run. It may run only when
 * Origin names the host the request came to: the same rule as Next.js (hosts, not schemes, since
 * TLS may end at a proxy in front of us), so whatever we let through Next.js runs rather than
 * failing with 500. An Origin equal to APP_URL on a request to another host is refused for that
 * reason too: Next.js would refuse it. Stricter than Next.js: browsers always send Origin with a
 * POST from a page, so a missing one is refused (Next.js lets it through).
 */
export function actionOriginRefusal({ nextAction, origin, forwardedHost, host }: ActionRequest): string | null {
  if (nextAction === null) return null;
  if (!origin) return 'no Origin header';
  if (origin === 'null') return 'Origin is null';
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return 'Origin is not a URL';
  }
  const target = requestHost(forwardedHost, host);
  if (target && originHost === target.toLowerCase()) return null;
  return 'Origin is not the host the request came to';
}

/** One log line for a refused request; untrusted values quoted and cut so they cannot forge lines. */
export function refusedActionLogLine(reason: string, request: { method: string; path: string; origin: string | null; host: string | null }): string {
  const quoted = (value: string | null) => JSON.stringify(value === null ? null : value.slice(0, 200));
  return `refused cross-origin server action (${reason}): ${request.method} ${quoted(request.path)} origin=${quoted(request.origin)} host=${quoted(request.host)}`;
}
