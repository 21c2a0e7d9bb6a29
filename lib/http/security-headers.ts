/**
 * The security headers every response carries (set by proxy.ts), with a Content-Security-Policy
 * whose script nonce is fresh for each request. Next.js reads the nonce back from the request's
 * CSP header and puts it on its own scripts.
 */

export type SecurityHeaderOptions = {
  nonce: string;
  /** `next dev`: React's development build needs eval to rebuild server error stacks. */
  isDevelopment: boolean;
  /** APP_URL is https: add HSTS and upgrade stray http subresources. */
  isHttps: boolean;
};

/** 128 random bits, base64: unguessable, and in the alphabet Next.js accepts for a nonce. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * No `form-action`: the SSO box submits Jackson's HTTP-POST binding form to the customer's IdP,
 * whose origin cannot be known in advance. `style-src 'unsafe-inline'` is for React style
 * attributes; a nonce there would make browsers ignore 'unsafe-inline'.
 */
export function contentSecurityPolicy({ nonce, isDevelopment, isHttps }: SecurityHeaderOptions): string {
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    ['script-src', "'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(isDevelopment ? ["'unsafe-eval'"] : [])],
    ['style-src', "'self'", "'unsafe-inline'"],
    ['img-src', "'self'", 'data:', 'blob:'],
    ['font-src', "'self'"],
    ['connect-src', "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'self'"],
    ['frame-ancestors', "'none'"],
    ...(isHttps ? [['upgrade-insecure-requests'] as [string]] : []),
  ];
  return directives.map((parts) => parts.join(' ')).join('; ');
}

/**
 * Powerful features the console never uses are off for it and anything it embeds (only names
 * Chromium knows: an unknown one is a console warning). WebAuthn (`publickey-credentials-get` /
 * `-create`) keeps its default, this origin: passkeys need it.
 */
export const PERMISSIONS_POLICY = [
  'accelerometer',
  'autoplay',
  'browsing-topics',
  'camera',
  'display-capture',
  'geolocation',
  'gyroscope',
  'hid',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'serial',
  'usb',
  'xr-spatial-tracking',
]
  .map((feature) => `${feature}=()`)
  .join(', ');

/**
 * Referrer-Policy strict-origin-when-cross-origin: other sites get only our origin, never a path
 * such as /reset-password?token=…. Not no-referrer: under it browsers send `Origin: null` with
 * form POST navigations, so a server-action form submitted before hydration would look forged.
 */
export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(options),
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'X-Content-Type-Options': 'nosniff',
    'Permissions-Policy': PERMISSIONS_POLICY,
    ...(options.isHttps ? { 'Strict-Transport-Security': 'max-age=63072000; includeSubDomains' } : {}),
  };
}
