import { Resolver } from 'node:dns/promises';
import { getEnv } from '@/lib/env';

/** Total time "Verify now" waits for DNS, retries included. */
export const DNS_TIME_LIMIT_MS = 5000;

export type DnsOptions = {
  /** Overrides DNS_SERVERS (tests); `ip[:port]` entries as node's resolver takes them. */
  servers?: string[];
  timeLimitMs?: number;
};

export type TxtLookup =
  | { kind: 'records'; records: string[] }
  | { kind: 'none'; code: 'ENOTFOUND' | 'ENODATA' }
  | { kind: 'error'; code: string };

/**
 * The TXT records of `name`, each with its character-strings joined (RFC 7208 §3.3 style), from
 * DNS_SERVERS or the system resolver. Never throws: a failure comes back with the resolver's code.
 */
export async function lookupTxt(name: string, options: DnsOptions = {}): Promise<TxtLookup> {
  const timeLimitMs = options.timeLimitMs ?? DNS_TIME_LIMIT_MS;
  // Two tries, the second waiting twice as long (c-ares backs off), fit in the limit.
  const resolver = new Resolver({ timeout: Math.max(50, Math.floor(timeLimitMs / 3)), tries: 2 });
  const servers = options.servers ?? getEnv().DNS_SERVERS;
  if (servers) resolver.setServers(servers);
  const deadline = setTimeout(() => resolver.cancel(), timeLimitMs);
  try {
    const records = await resolver.resolveTxt(name);
    return { kind: 'records', records: records.map((chunks) => chunks.join('')) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
    if (code === 'ENOTFOUND' || code === 'ENODATA') return { kind: 'none', code };
    return { kind: 'error', code: code === 'ECANCELLED' ? 'ETIMEOUT' : code };
  } finally {
    clearTimeout(deadline);
  }
}
