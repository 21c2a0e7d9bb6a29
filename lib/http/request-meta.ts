import { headers } from 'next/headers';
import type { RequestMeta } from '@/lib/auth/sessions';

type HeaderSource = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

function readHeader(source: HeaderSource, name: string): string | null {
  if (typeof (source as { get?: unknown }).get === 'function') return (source as { get(n: string): string | null }).get(name);
  const value = (source as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? value[0] ?? null : value ?? null;
}

/** Client IP from the proxy chain (first hop) and user agent, for audit and throttling. */
export function requestMetaFrom(source: HeaderSource): RequestMeta {
  const forwarded = readHeader(source, 'x-forwarded-for');
  const ip = forwarded?.split(',')[0]?.trim() || readHeader(source, 'x-real-ip') || null;
  return { ip, userAgent: readHeader(source, 'user-agent') };
}

export async function currentRequestMeta(): Promise<RequestMeta> {
  return requestMetaFrom(await headers());
}
