import { describe, expect, it } from 'vitest';
import { addressBucket, clientAddressFrom, normalizeAddress } from './client-address';

const from = (forwardedFor: string | string[] | undefined, trustedProxies: number, socketAddress = '198.51.100.9') => clientAddressFrom({ socketAddress, forwardedFor, trustedProxies });

describe('client address', () => {
  it('with no proxy configured (the default) is the socket peer, whatever X-Forwarded-For says', () => {
    expect(from(undefined, 0)).toBe('198.51.100.9');
    expect(from('6.6.6.6', 0)).toBe('198.51.100.9');
    expect(from('6.6.6.6, 7.7.7.7', 0)).toBe('198.51.100.9');
    expect(from(['6.6.6.6', '7.7.7.7'], 0)).toBe('198.51.100.9');
  });

  it('behind one proxy is the entry that proxy appended, not what the client wrote before it', () => {
    // The peer is the proxy; the proxy appended the client it saw (203.0.113.7).
    expect(from('203.0.113.7', 1, '10.0.0.2')).toBe('203.0.113.7');
    expect(from('6.6.6.6, 203.0.113.7', 1, '10.0.0.2')).toBe('203.0.113.7');
    expect(from(['6.6.6.6', '203.0.113.7'], 1, '10.0.0.2')).toBe('203.0.113.7');
  });

  it('behind two proxies counts two hops left of the peer', () => {
    expect(from('6.6.6.6, 203.0.113.7, 10.0.0.1', 2, '10.0.0.2')).toBe('203.0.113.7');
    expect(from('1.1.1.1, 6.6.6.6, 203.0.113.7, 10.0.0.1', 2, '10.0.0.2')).toBe('203.0.113.7');
  });

  it('with a shorter chain than configured takes the leftmost entry, and skips entries that are not addresses', () => {
    expect(from(undefined, 1, '203.0.113.7')).toBe('203.0.113.7');
    expect(from('203.0.113.7', 3, '10.0.0.2')).toBe('203.0.113.7');
    expect(from('unknown', 1, '10.0.0.2')).toBe('10.0.0.2');
    expect(from('<script>, 203.0.113.7', 2, '10.0.0.2')).toBe('203.0.113.7');
  });

  it('is unknown without a socket address and no trusted proxy', () => {
    expect(clientAddressFrom({ socketAddress: undefined, forwardedFor: '6.6.6.6', trustedProxies: 0 })).toBeNull();
  });

  it('normalizes what Node and proxies write: IPv4-mapped IPv6, ports, brackets, case, zones', () => {
    expect(normalizeAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(normalizeAddress('203.0.113.7:51234')).toBe('203.0.113.7');
    expect(normalizeAddress('[2001:DB8::1]:443')).toBe('2001:db8::1');
    expect(normalizeAddress('fe80::1%eth0')).toBe('fe80::1');
    expect(normalizeAddress('"2001:db8::1"')).toBe('2001:db8::1');
    expect(normalizeAddress('not an address')).toBeNull();
    expect(normalizeAddress('')).toBeNull();
  });

  it('buckets IPv6 by /64 so rotating inside one subscriber network does not dodge a per-address limit', () => {
    expect(addressBucket('203.0.113.7')).toBe('203.0.113.7');
    expect(addressBucket('2001:db8:7:1::1')).toBe('2001:db8:7:1::/64');
    expect(addressBucket('2001:db8:7:1:ffff:1:2:3')).toBe('2001:db8:7:1::/64');
    expect(addressBucket('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressBucket('::1')).toBe('0:0:0:0::/64');
    expect(addressBucket('64:ff9b::192.0.2.33')).toBe('64:ff9b:0:0::/64');
  });
});
