import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { CLIENT_ADDRESS_HEADER, CLIENT_ADDRESS_PROOF_HEADER } from '@/lib/http/client-address';
import { stampClientAddress } from './next-server';

function request(remoteAddress: string, headers: Record<string, string>) {
  return { socket: { remoteAddress }, headers: { ...headers } } as unknown as IncomingMessage;
}

describe('our server stamps the client address on every request', () => {
  it('with no proxy: the socket peer, replacing any client-sent stamp and X-Forwarded-For', () => {
    const forwarding = { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https', 'x-forwarded-port': '443', forwarded: 'for=6.6.6.6', 'x-real-ip': '7.7.7.7' };
    const req = request('::ffff:198.51.100.9', { 'x-forwarded-for': '6.6.6.6', [CLIENT_ADDRESS_HEADER]: '8.8.8.8', [CLIENT_ADDRESS_PROOF_HEADER]: 'forged', ...forwarding, host: 'app.example' });
    stampClientAddress(req, 0, 'secret');
    expect(req.headers[CLIENT_ADDRESS_HEADER]).toBe('198.51.100.9');
    expect(req.headers[CLIENT_ADDRESS_PROOF_HEADER]).toBe('secret');
    expect(req.headers['x-forwarded-for']).toBe('::ffff:198.51.100.9');
    for (const name of Object.keys(forwarding)) expect(req.headers[name], name).toBeUndefined();
    expect(req.headers.host).toBe('app.example');
  });

  it('behind a proxy: the entry it appended, and our hop appended to X-Forwarded-For', () => {
    const req = request('10.0.0.2', { 'x-forwarded-for': '6.6.6.6, 203.0.113.7', [CLIENT_ADDRESS_HEADER]: '8.8.8.8', 'x-forwarded-proto': 'https' });
    stampClientAddress(req, 1, 'secret');
    expect(req.headers[CLIENT_ADDRESS_HEADER]).toBe('203.0.113.7');
    expect(req.headers['x-forwarded-for']).toBe('6.6.6.6, 203.0.113.7, 10.0.0.2');
    expect(req.headers['x-forwarded-proto']).toBe('https');
  });
});
