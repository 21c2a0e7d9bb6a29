import { describe, expect, it } from 'vitest';
import { loginPathFor, requestPathOf } from './request-path';

describe('the path a signed-out visitor is sent back to', () => {
  it('keeps the path and query, without Next.js’s _rsc parameter', () => {
    expect(requestPathOf(new URL('http://app.test/audit?action=member.&_rsc=abc'))).toBe('/audit?action=member.');
    expect(requestPathOf(new URL('http://app.test/settings/scim?_rsc=1'))).toBe('/settings/scim');
  });

  it('becomes a callbackUrl on /login only when it is a same-site path', () => {
    expect(loginPathFor('/audit?action=member.')).toBe('/login?callbackUrl=%2Faudit%3Faction%3Dmember.');
    expect(loginPathFor(null)).toBe('/login');
    expect(loginPathFor('//evil.test/x')).toBe('/login');
    expect(loginPathFor('https://evil.test/x')).toBe('/login');
    expect(loginPathFor('/login')).toBe('/login');
  });
});
