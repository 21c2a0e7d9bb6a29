import { z } from 'zod';

// zod, not node:net: lib/env.ts is loaded by the request proxy too.
const ipv4 = z.ipv4();
const ipv6 = z.ipv6();

/** One DNS server as node's resolver takes it: `1.2.3.4`, `1.2.3.4:5353`, `::1` or `[::1]:5353`. */
function parseDnsServer(entry: string): string | null {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  const [host, port] = bracketed ? [bracketed[1], bracketed[2]] : ipv6.safeParse(entry).success ? [entry, undefined] : entry.split(/:(?=\d+$)/);
  const v6 = ipv6.safeParse(host).success;
  if (!v6 && !ipv4.safeParse(host).success) return null;
  const shownHost = v6 ? `[${host}]` : host;
  if (port === undefined) return shownHost;
  const number = Number(port);
  return Number.isInteger(number) && number >= 1 && number <= 65535 ? `${shownHost}:${number}` : null;
}

/**
 * DNS_SERVERS: comma-separated IP addresses with an optional port, asked for domain TXT records.
 * Unset or empty: the system resolver. Host names are refused: finding the resolver would need DNS.
 */
export const dnsServersSchema = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const entries = (value ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
    if (entries.length === 0) return undefined;
    const servers = entries.map(parseDnsServer);
    const bad = entries.filter((_, index) => servers[index] === null);
    if (bad.length === 0) return servers as string[];
    ctx.addIssue({ code: 'custom', message: `DNS_SERVERS takes IP addresses with an optional port (1.2.3.4, 1.2.3.4:5353, [::1]:5353), not ${bad.join(', ')}` });
    return z.NEVER;
  });
