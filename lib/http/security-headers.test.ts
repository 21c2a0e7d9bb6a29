import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, createNonce, PERMISSIONS_POLICY, securityHeaders } from './security-headers';

const production = { nonce: 'bm9uY2U=', isDevelopment: false, isHttps: false };

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
}

describe('Content-Security-Policy', () => {
  it('allows scripts only by this request nonce (strict-dynamic), never inline or eval in production', () => {
    const scriptSrc = directives(contentSecurityPolicy(production)).get('script-src');
    expect(scriptSrc).toEqual(["'self'", "'nonce-bm9uY2U='", "'strict-dynamic'"]);
  });

  it("adds 'unsafe-eval' in development only", () => {
    expect(directives(contentSecurityPolicy({ ...production, isDevelopment: true })).get('script-src')).toContain("'unsafe-eval'");
    expect(contentSecurityPolicy(production)).not.toContain('unsafe-eval');
  });

  it('forbids framing, plugins and base-tag hijacking, and keeps fetches and images on our origin', () => {
    const csp = directives(contentSecurityPolicy(production));
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'self'"]);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
  });

  it('lets inline style attributes through without a nonce (a nonce would disable unsafe-inline)', () => {
    expect(directives(contentSecurityPolicy(production)).get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it('has no form-action, so the SAML POST binding can submit to any IdP', () => {
    expect(directives(contentSecurityPolicy(production)).has('form-action')).toBe(false);
  });

  it('upgrades insecure subresources only on https', () => {
    expect(directives(contentSecurityPolicy(production)).has('upgrade-insecure-requests')).toBe(false);
    expect(directives(contentSecurityPolicy({ ...production, isHttps: true })).has('upgrade-insecure-requests')).toBe(true);
  });
});

describe('nonce', () => {
  it('is 128 random bits in the base64 alphabet Next.js extracts from the CSP header', () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) {
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    }
  });
});

describe('security headers', () => {
  it('sets the framing, referrer, sniffing and feature headers', () => {
    const headers = securityHeaders(production);
    expect(headers['X-Frame-Options']).toBe('DENY');
    expect(headers['Referrer-Policy']).toBe('strict-origin-when-cross-origin');
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(headers['Permissions-Policy']).toBe(PERMISSIONS_POLICY);
    expect(headers['Content-Security-Policy']).toBe(contentSecurityPolicy(production));
  });

  it('turns off camera, microphone and geolocation but leaves passkeys (WebAuthn) alone', () => {
    for (const feature of ['camera', 'microphone', 'geolocation', 'payment', 'usb']) expect(PERMISSIONS_POLICY).toContain(`${feature}=()`);
    expect(PERMISSIONS_POLICY).not.toContain('publickey-credentials');
  });

  it('sends HSTS only when the app is served over https', () => {
    expect(securityHeaders(production)).not.toHaveProperty('Strict-Transport-Security');
    expect(securityHeaders({ ...production, isHttps: true })['Strict-Transport-Security']).toBe('max-age=63072000; includeSubDomains');
  });
});
