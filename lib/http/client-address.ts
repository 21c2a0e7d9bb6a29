import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';

/**
 * Our HTTP server (lib/server/next-server.ts) works out the client address from the socket and
 * writes it in this header, after dropping any copy the client sent. The proof header carries a
 * per-process secret, so the app trusts the address only when that server handled the request
 * (a bare `next start` has no secret and cannot be fed a forged address).
 */
export const CLIENT_ADDRESS_HEADER = 'x-gateway-client-address';
export const CLIENT_ADDRESS_PROOF_HEADER = 'x-gateway-client-proof';

// A symbol on globalThis: the server and the app's bundle load this module separately but share the process.
const PROOF = Symbol.for('llm-gateway.client-address-proof');
const holder = globalThis as { [PROOF]?: string };

/** Called by our HTTP server before it serves a request: from then on this process vouches for the header. */
export function issueClientAddressProof(): string {
  holder[PROOF] ??= randomBytes(32).toString('base64url');
  return holder[PROOF];
}

/** The secret our server stamps on each request, or undefined when the app runs without it (a bare `next start`). */
export function clientAddressProof(): string | undefined {
  return holder[PROOF];
}

/** An address as Node and proxies write it, reduced to the bare IP (no port, brackets, zone or IPv4-mapped prefix). */
export function normalizeAddress(raw: string | undefined | null): string | null {
  let value = (raw ?? '').trim().replace(/^"|"$/g, '');
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(':'));
  value = value.replace(/%.*$/, '').toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/.exec(value);
  if (mapped) value = mapped[1];
  return isIP(value) ? value : null;
}

/**
 * The client address: with no proxy (trustedProxies 0) the socket's peer; behind n proxies that
 * each append the address they saw to X-Forwarded-For, the address the outermost one saw, which
 * is n entries left of the socket's peer. Entries further left are the client's own writing.
 * An entry that is not an IP (a proxy writing "unknown") yields the nearest valid one to its right.
 */
export function clientAddressFrom(input: { socketAddress: string | undefined; forwardedFor: string | string[] | undefined; trustedProxies: number }): string | null {
  const forwarded = input.trustedProxies > 0 ? [input.forwardedFor ?? []].flat().join(',').split(',').map((entry) => entry.trim()).filter(Boolean) : [];
  const chain = [...forwarded, input.socketAddress ?? ''];
  for (let i = Math.max(0, chain.length - 1 - input.trustedProxies); i < chain.length; i++) {
    const address = normalizeAddress(chain[i]);
    if (address) return address;
  }
  return null;
}

/**
 * The bucket a per-address limit counts on: an IPv4 address, or the /64 network of an IPv6
 * address (one subscriber usually holds a whole /64, so rotating inside it must not help).
 */
export function addressBucket(address: string): string {
  if (isIP(address) !== 6) return address;
  return `${expandIpv6(address).slice(0, 4).join(':')}::/64`;
}

function expandIpv6(address: string): string[] {
  let text = address;
  const v4 = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4[1].split('.').map(Number);
    text = `${text.slice(0, -v4[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? [] : tail ? tail.split(':') : [];
  const middle = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...middle, ...right].map((group) => parseInt(group, 16).toString(16));
}
