import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDnsServer, type TestDnsServer } from '@/lib/testing/dns-server';
import { dnsServersSchema } from './domains/dns-servers';
import { lookupTxt } from './domains/txt-lookup';

describe('DNS_SERVERS', () => {
  it('takes IP addresses with an optional port, as node’s resolver wants them; empty means the system resolver', () => {
    expect(dnsServersSchema.parse(' 127.0.0.1:5353, 10.0.0.2 ,::1,[2001:db8::1]:53')).toEqual(['127.0.0.1:5353', '10.0.0.2', '[::1]', '[2001:db8::1]:53']);
    expect(dnsServersSchema.parse(undefined)).toBeUndefined();
    expect(dnsServersSchema.parse(' , ')).toBeUndefined();
  });

  it('refuses host names, bad ports and malformed addresses, naming them', () => {
    for (const input of ['dns.example.com', '127.0.0.1:0', '127.0.0.1:65536', '127.0.0.1:', '1.2.3', '[::1', '10.0.0.1, resolver.local:53']) {
      const parsed = dnsServersSchema.safeParse(input);
      expect(parsed.success, input).toBe(false);
      expect(parsed.error?.issues[0].message, input).toMatch(/^DNS_SERVERS takes IP addresses/);
    }
  });
});

describe('lookupTxt', () => {
  let served: TestDnsServer;
  let empty: TestDnsServer;
  beforeAll(async () => {
    [served, empty] = await Promise.all([startTestDnsServer(), startTestDnsServer()]);
    served.setTxt('env.example.test', ['from-the-configured-server']);
  });
  afterAll(() => Promise.all([served.close(), empty.close()]));

  it('asks the servers in DNS_SERVERS when the caller names none', async () => {
    process.env.DNS_SERVERS = served.address;
    expect(await lookupTxt('env.example.test')).toEqual({ kind: 'records', records: ['from-the-configured-server'] });
  });

  it('asks the servers the caller names instead', async () => {
    expect(await lookupTxt('env.example.test', { servers: [empty.address] })).toEqual({ kind: 'none', code: 'ENOTFOUND' });
  });
});
