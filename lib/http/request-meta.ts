import { headers } from 'next/headers';
import type { RequestMeta } from '@/lib/auth/sessions';
import { getEnv } from '@/lib/env';

type HeaderSource = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

function readHeader(source: HeaderSource, name: string): string | null {
  if (typeof (source as { get?: unknown }).get === 'function') return (source as { get(n: string): string | null }).get(name);
  const value = (source as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? value[0] ?? null : value ?? null;
}

/**
 * The client address in X-Forwarded-For, counted from the right: each proxy appends the address
 * it saw, so the entries a client writes itself sit on the left and cannot be trusted. With
 * TRUST_PROXY_HOPS=n (default 1, one load balancer) the n-th entry from the right is the client.
 */
export function clientIpFrom(forwarded: string | null, trustedHops: number): string | null {
  const hops = (forwarded ?? '').split(',').map((h) => h.trim()).filter(Boolean);
  if (hops.length === 0) return null;
  return hops[Math.max(0, hops.length - trustedHops)];
}

/** Client IP and user agent, for audit and throttling. */
export function requestMetaFrom(source: HeaderSource): RequestMeta {
  const ip = clientIpFrom(readHeader(source, 'x-forwarded-for'), getEnv().TRUST_PROXY_HOPS) || readHeader(source, 'x-real-ip') || null;
  return { ip, userAgent: readHeader(source, 'user-agent') };
}

export async function currentRequestMeta(): Promise<RequestMeta> {
  return requestMetaFrom(await headers());
}
