import { describe, expect, it } from 'vitest';
import { addressRefusal, isCloudMetadataHostname } from './address-policy';

describe('addressRefusal', () => {
  it.each([
    ['10.0.0.5', 'a private address'],
    ['172.16.3.4', 'a private address'],
    ['192.168.1.1', 'a private address'],
    ['127.0.0.1', 'a loopback address'],
    ['127.8.9.10', 'a loopback address'],
    ['::1', 'a loopback address'],
    ['169.254.10.10', 'a link-local address'],
    ['fe80::1', 'a link-local address'],
    ['fc00::1', 'a private (unique local, fc00::/7) address'],
    ['fd12:3456::1', 'a private (unique local, fc00::/7) address'],
    ['100.64.0.1', 'a carrier-grade NAT (100.64.0.0/10) address'],
    ['0.0.0.0', 'an unspecified address'],
    ['::', 'an unspecified address'],
    ['224.0.0.1', 'a multicast address'],
    ['ff02::1', 'a multicast address'],
    ['255.255.255.255', 'a broadcast address'],
    ['240.0.0.1', 'a reserved address'],
    ['::ffff:10.0.0.5', 'a private address'],
    ['::ffff:127.0.0.1', 'a loopback address'],
    ['64:ff9b::a00:5', 'a private address'],
    ['2002:a00:5::1', 'a special-purpose (6to4) address'],
  ])('refuses %s as %s, unless the operator allows private addresses', (address, words) => {
    expect(addressRefusal(address)).toEqual({ description: `${words} ${address}`, overridable: true });
  });

  it.each(['169.254.169.254', 'fd00:ec2::254', '::ffff:169.254.169.254', '169.254.170.2', '100.100.100.200', '64:ff9b::a9fe:a9fe'])(
    'refuses the cloud metadata service %s whatever the flag says',
    (address) => {
      expect(addressRefusal(address)).toEqual({ description: `the cloud metadata service ${address}`, overridable: false });
    },
  );

  it.each(['8.8.8.8', '93.184.216.34', '100.128.0.1', '2606:4700:4700::1111', '64:ff9b::808:808', '::ffff:8.8.8.8'])('allows the public address %s', (address) => {
    expect(addressRefusal(address)).toBeNull();
  });

  it('knows the cloud metadata host names', () => {
    expect(isCloudMetadataHostname('metadata.google.internal')).toBe(true);
    expect(isCloudMetadataHostname('METADATA.google.internal.')).toBe(true);
    expect(isCloudMetadataHostname('metadata.google.internal.example.com')).toBe(false);
  });
});
