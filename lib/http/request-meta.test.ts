import { describe, expect, it } from 'vitest';
import { clientIpFrom } from './request-meta';

describe('client address from X-Forwarded-For', () => {
  it('ignores what the client wrote on the left and counts trusted hops from the right', () => {
    expect(clientIpFrom('6.6.6.6, 203.0.113.7', 1)).toBe('203.0.113.7');
    expect(clientIpFrom('6.6.6.6, 203.0.113.7, 10.0.0.2', 2)).toBe('203.0.113.7');
    expect(clientIpFrom('203.0.113.7', 3)).toBe('203.0.113.7');
    expect(clientIpFrom(null, 1)).toBeNull();
    expect(clientIpFrom(' , ', 1)).toBeNull();
  });
});
