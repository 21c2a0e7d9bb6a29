import { headers } from 'next/headers';
import type { RequestMeta } from '@/lib/auth/sessions';
import { safeEqual } from '@/lib/crypto/tokens';
import { CLIENT_ADDRESS_HEADER, CLIENT_ADDRESS_PROOF_HEADER, clientAddressProof, normalizeAddress } from './client-address';

type HeaderSource = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

function readHeader(source: HeaderSource, name: string): string | null {
  if (typeof (source as { get?: unknown }).get === 'function') return (source as { get(n: string): string | null }).get(name);
  const value = (source as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? value[0] ?? null : value ?? null;
}

let warned = false;

/**
 * The client address our server (lib/server/next-server.ts) worked out from the socket and
 * TRUST_PROXY_HOPS. X-Forwarded-For and X-Real-IP are never read here: inside Next.js a header the
 * client wrote cannot be told apart from one a proxy wrote. Without our server the address is unknown.
 */
export function clientAddressOf(source: HeaderSource): string | null {
  const proof = clientAddressProof();
  const sent = readHeader(source, CLIENT_ADDRESS_PROOF_HEADER);
  if (proof && sent && safeEqual(sent, proof)) return normalizeAddress(readHeader(source, CLIENT_ADDRESS_HEADER));
  if (!warned && process.env.NODE_ENV !== 'test') {
    warned = true;
    console.warn('[client-address] request not stamped by lib/server/next-server.ts (plain `next start`?): client addresses are unknown, so audit IPs are empty and per-address limits are off. Start with `npm start`.');
  }
  return null;
}

/** Client IP and user agent, for audit and throttling. */
export function requestMetaFrom(source: HeaderSource): RequestMeta {
  return { ip: clientAddressOf(source), userAgent: readHeader(source, 'user-agent') };
}

export async function currentRequestMeta(): Promise<RequestMeta> {
  return requestMetaFrom(await headers());
}
