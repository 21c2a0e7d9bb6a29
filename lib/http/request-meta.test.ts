import { describe, expect, it } from 'vitest';
import { CLIENT_ADDRESS_HEADER, CLIENT_ADDRESS_PROOF_HEADER, issueClientAddressProof } from './client-address';
import { requestMetaFrom } from './request-meta';

describe('the client address the app trusts', () => {
  it('is unknown unless our server stamped the request: forwarded headers and a forged stamp are ignored', () => {
    const forged = { 'x-forwarded-for': '6.6.6.6', 'x-real-ip': '7.7.7.7', [CLIENT_ADDRESS_HEADER]: '8.8.8.8', [CLIENT_ADDRESS_PROOF_HEADER]: 'guess', 'user-agent': 'ua' };
    expect(requestMetaFrom(forged)).toEqual({ ip: null, userAgent: 'ua' });
    const proof = issueClientAddressProof();
    expect(requestMetaFrom(forged).ip).toBeNull();
    expect(requestMetaFrom({ ...forged, [CLIENT_ADDRESS_PROOF_HEADER]: `${proof}x` }).ip).toBeNull();
    expect(requestMetaFrom(new Headers({ 'x-forwarded-for': '6.6.6.6', 'x-real-ip': '7.7.7.7' })).ip).toBeNull();
  });

  it('is the stamped address when the stamp carries this process secret', () => {
    const proof = issueClientAddressProof();
    expect(issueClientAddressProof()).toBe(proof);
    const stamped = { 'x-forwarded-for': '6.6.6.6', [CLIENT_ADDRESS_HEADER]: '203.0.113.7', [CLIENT_ADDRESS_PROOF_HEADER]: proof };
    expect(requestMetaFrom(stamped).ip).toBe('203.0.113.7');
    expect(requestMetaFrom(new Headers(stamped)).ip).toBe('203.0.113.7');
  });
});
