/**
 * The SCIM rate limit: a token bucket per SCIM token, in this process's memory. A bucket holds a
 * minute's worth of requests (the burst an IdP's import starts with) and refills continuously at
 * the per-minute rate, so a limit of 3,000 a minute sustains 50 requests a second — above the 25
 * a second per tenant that Microsoft's Entra gallery requires of a SCIM app.
 *
 * Kept in memory on purpose: a counter row updated by every request was a synchronous write on
 * one hot row per token, which made each token's requests queue behind each other's commits.
 * With several replicas each enforces the limit on the requests it serves.
 */
type Bucket = { tokens: number; updatedAt: number };

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly now: () => number = Date.now) {}

  take(key: string, perMinute: number): RateDecision {
    const now = this.now();
    const perMs = perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: perMinute, updatedAt: now };
    bucket.tokens = Math.min(perMinute, bucket.tokens + (now - bucket.updatedAt) * perMs);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 10_000) this.forgetFull(perMinute);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)) };
  }

  /** Buckets that have refilled completely carry no information: drop them (bounds memory). */
  private forgetFull(perMinute: number) {
    const now = this.now();
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.updatedAt) * (perMinute / 60_000) >= perMinute) this.buckets.delete(key);
    }
  }
}

const globalForLimiter = globalThis as unknown as { __scimRateLimiter?: TokenBuckets };

/** The process's SCIM limiter (kept across Next.js hot reloads). */
export function scimRateLimiter(): TokenBuckets {
  globalForLimiter.__scimRateLimiter ??= new TokenBuckets();
  return globalForLimiter.__scimRateLimiter;
}
