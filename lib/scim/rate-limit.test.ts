import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './rate-limit';

function clock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('the SCIM token bucket', () => {
  it('lets a minute’s worth through at once, then refuses with the seconds until the next request fits', () => {
    const time = clock();
    const buckets = new TokenBuckets(time.now);
    for (let i = 0; i < 60; i++) expect(buckets.take('t', 60)).toEqual({ ok: true });
    expect(buckets.take('t', 60)).toEqual({ ok: false, retryAfterSeconds: 1 });
    time.advance(1000);
    expect(buckets.take('t', 60)).toEqual({ ok: true });
    expect(buckets.take('t', 60).ok).toBe(false);
    // Another token has its own bucket.
    expect(buckets.take('other', 60)).toEqual({ ok: true });
  });

  it('sustains the per-minute rate: 3,000 a minute is 50 a second after the burst, not more', () => {
    const time = clock();
    const buckets = new TokenBuckets(time.now);
    for (let i = 0; i < 3000; i++) buckets.take('t', 3000);
    let passed = 0;
    for (let ms = 0; ms < 10_000; ms += 5) {
      time.advance(5);
      if (buckets.take('t', 3000).ok) passed++;
    }
    expect(passed).toBeGreaterThanOrEqual(499);
    expect(passed).toBeLessThanOrEqual(501);
  });

  it('a refused request costs nothing, and a quiet token refills to its burst and no further', () => {
    const time = clock();
    const buckets = new TokenBuckets(time.now);
    for (let i = 0; i < 5; i++) buckets.take('t', 5);
    for (let i = 0; i < 100; i++) expect(buckets.take('t', 5).ok).toBe(false);
    expect(buckets.take('t', 5)).toEqual({ ok: false, retryAfterSeconds: 12 });
    time.advance(3_600_000);
    for (let i = 0; i < 5; i++) expect(buckets.take('t', 5).ok).toBe(true);
    expect(buckets.take('t', 5).ok).toBe(false);
  });
});
