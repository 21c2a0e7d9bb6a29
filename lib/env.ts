import { z } from 'zod';
import { dnsServersSchema } from '@/lib/orgs/domains/dns-servers';

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    DATABASE_URL: z.url({ message: 'DATABASE_URL must be a postgres:// URL' }),
    APP_URL: z.url().default('http://localhost:3000'),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    AUTH_SECRET: z.string().min(32, 'AUTH_SECRET must be at least 32 characters'),
    SMTP_URL: z.url().optional(),
    EMAIL_FROM: z.string().default('LLM Gateway <no-reply@localhost>'),
    /**
     * Proxies in front of the app, each appending the address it saw to X-Forwarded-For. 0 (default):
     * none, the client is the socket's peer and X-Forwarded-For is ignored. Read by lib/server/next-server.ts.
     */
    TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    /**
     * Requests per minute one SCIM token may make before getting 429 (Okta and Entra back off on
     * Retry-After); a minute's worth may come at once. Enforced per replica (lib/scim/rate-limit.ts).
     */
    SCIM_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(3000),
    /** Days the per-org SCIM request log keeps a request. */
    SCIM_LOG_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    /**
     * 1/true: SAML metadata URLs may reach private, loopback, link-local and other non-public
     * addresses (an intranet IdP, the demo IdP on localhost). Cloud metadata services stay refused.
     */
    ALLOW_PRIVATE_METADATA_URLS: z
      .enum(['1', 'true', '0', 'false', ''], { message: 'ALLOW_PRIVATE_METADATA_URLS must be 1, true, 0 or false' })
      .default('')
      .transform((value) => value === '1' || value === 'true'),
    /** DNS servers "Verify now" asks for a domain's TXT record (comma-separated `ip[:port]`); unset: the system resolver. */
    DNS_SERVERS: dnsServersSchema,
    /** Minutes between scheduled re-reads of SAML metadata URLs (certificate rollovers); 0 turns it off. */
    METADATA_REFRESH_MINUTES: z.coerce.number().int().min(0).max(7 * 24 * 60).default(720),
  });

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

/** One typed, validated view of the environment, read on first use (not at build time). */
export function getEnv(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  cached = parsed.data;
  return cached;
}

/**
 * Without SMTP_URL an email may be captured (printed to the server console and stored in the
 * dev_outbox table) instead of sent: always outside production, and in a production build only
 * with ALLOW_DEV_OUTBOX=1 (set by `npm start` on the embedded demo database and by the tests).
 */
export function mayCaptureEmail(): boolean {
  return process.env.NODE_ENV !== 'production' || process.env.ALLOW_DEV_OUTBOX === '1';
}

/** The /dev/outbox page lists captured emails (with their links) to anyone: `npm run dev` only, never a production build. */
export function servesDevOutbox(): boolean {
  return process.env.NODE_ENV === 'development';
}
