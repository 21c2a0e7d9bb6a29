import { NextResponse, type NextRequest } from 'next/server';
import { actionOriginRefusal, refusedActionLogLine, requestHost } from '@/lib/http/action-origin';
import { isHttpsApp } from '@/lib/http/cookies';
import { REQUEST_PATH_HEADER, requestPathOf } from '@/lib/http/request-path';
import { createNonce, securityHeaders } from '@/lib/http/security-headers';

/**
 * Runs before every request (pages, server actions, API routes, /_next assets: no matcher on
 * purpose). Sets the security headers in one place and refuses cross-origin server actions.
 */
export function proxy(request: NextRequest) {
  const headers = securityHeaders({ nonce: createNonce(), isDevelopment: process.env.NODE_ENV === 'development', isHttps: isHttpsApp() });

  const origin = request.headers.get('origin');
  const forwardedHost = request.headers.get('x-forwarded-host');
  const host = request.headers.get('host');
  const refusal = actionOriginRefusal({ nextAction: request.headers.get('next-action'), origin, forwardedHost, host });
  if (refusal) {
    console.warn(refusedActionLogLine(refusal, { method: request.method, path: request.nextUrl.pathname, origin, host: requestHost(forwardedHost, host) }));
    return new NextResponse('Cross-origin request refused.\n', { status: 403, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' } });
  }

  // Next.js reads the nonce from the request's CSP header and puts it on the scripts it renders.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('Content-Security-Policy', headers['Content-Security-Policy']);
  requestHeaders.set(REQUEST_PATH_HEADER, requestPathOf(request.nextUrl));
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}
