import { describe, expect, it } from 'vitest';
import { actionOriginRefusal, refusedActionLogLine, requestHost } from './action-origin';

const action = { nextAction: '7f3a', forwardedHost: null, host: 'console.example.com' };
const FOREIGN = 'Origin is not the host the request came to';

describe('server action origin check', () => {
  it('lets requests without a Next-Action header through, whatever their origin', () => {
    expect(actionOriginRefusal({ ...action, nextAction: null, origin: 'http://evil.example' })).toBeNull();
    expect(actionOriginRefusal({ ...action, nextAction: null, origin: null })).toBeNull();
  });

  it('runs an action whose Origin names the host the request came to', () => {
    expect(actionOriginRefusal({ ...action, origin: 'https://console.example.com' })).toBeNull();
    expect(actionOriginRefusal({ ...action, origin: 'http://localhost:3000', host: 'LOCALHOST:3000' })).toBeNull();
    expect(actionOriginRefusal({ ...action, origin: 'https://console.example.com', forwardedHost: 'console.example.com', host: '10.0.0.7:3000' })).toBeNull();
  });

  it('refuses a foreign, null, missing or malformed Origin', () => {
    expect(actionOriginRefusal({ ...action, origin: 'http://evil.example' })).toBe(FOREIGN);
    expect(actionOriginRefusal({ ...action, origin: 'https://console.example.com.evil.example' })).toBe(FOREIGN);
    expect(actionOriginRefusal({ ...action, origin: 'https://console.example.com:8443' })).toBe(FOREIGN);
    expect(actionOriginRefusal({ ...action, origin: 'null' })).toBe('Origin is null');
    expect(actionOriginRefusal({ ...action, origin: null })).toBe('no Origin header');
    expect(actionOriginRefusal({ ...action, origin: '' })).toBe('no Origin header');
    expect(actionOriginRefusal({ ...action, origin: 'not a url' })).toBe('Origin is not a URL');
  });

  it('refuses when the request came to another host than the Origin, as Next.js would', () => {
    expect(actionOriginRefusal({ ...action, origin: 'https://console.example.com', host: '10.0.0.7:3000' })).toBe(FOREIGN);
    expect(actionOriginRefusal({ ...action, origin: 'https://console.example.com', forwardedHost: 'other.example', host: 'console.example.com' })).toBe(FOREIGN);
    expect(actionOriginRefusal({ ...action, origin: 'http://evil.example', host: null })).toBe(FOREIGN);
  });
});

describe('the host a request came to', () => {
  it('is the first X-Forwarded-Host entry, else Host', () => {
    expect(requestHost('console.example.com, 10.0.0.1', 'internal:3000')).toBe('console.example.com');
    expect(requestHost(null, 'internal:3000')).toBe('internal:3000');
    expect(requestHost('', 'internal:3000')).toBe('internal:3000');
    expect(requestHost(null, null)).toBeNull();
  });
});

describe('refused request log line', () => {
  it('is one line even when the attacker puts newlines in the headers', () => {
    const line = refusedActionLogLine(FOREIGN, { method: 'POST', path: '/login', origin: 'http://evil.example\nERROR forged', host: 'x'.repeat(5000) });
    expect(line).not.toContain('\n');
    expect(line.length).toBeLessThan(600);
    expect(line).toContain('origin="http://evil.example\\nERROR forged"');
  });
});
