import { build, type Histogram } from 'hdr-histogram-js';

/** Latencies of one measured phase, with the figures the report prints. */
export type Latency = { count: number; p50: number; p95: number; p99: number; max: number };
export type Throughput = Latency & { seconds: number; perSecond: number; statuses: Record<string, number>; failures: number };

/** Records latencies in microseconds (HdrHistogram, 3 significant digits) and reports milliseconds. */
export class LatencyRecorder {
  private readonly histogram: Histogram = build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: 3 });

  recordMs(ms: number) {
    this.histogram.recordValue(Math.max(1, Math.round(ms * 1000)));
  }

  summary(): Latency {
    const at = (p: number) => round(this.histogram.getValueAtPercentile(p) / 1000);
    return { count: this.histogram.totalCount, p50: at(50), p95: at(95), p99: at(99), max: round(this.histogram.maxValue / 1000) };
  }
}

export function round(value: number, digits = value >= 100 ? 0 : value >= 10 ? 1 : 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/**
 * Runs `total` operations with at most `concurrency` in flight and times each one. For work that
 * is not an HTTP request (the raw-Postgres ceiling, in-process signature checks); HTTP load goes
 * through autocannon (./http-load.ts).
 */
export async function runConcurrently(total: number, concurrency: number, operation: (index: number) => Promise<void>): Promise<Throughput> {
  const recorder = new LatencyRecorder();
  let next = 0;
  let failures = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < total) {
      const index = next++;
      const t0 = performance.now();
      try {
        await operation(index);
      } catch (error) {
        failures++;
        if (failures === 1) console.error(`  first failure: ${error instanceof Error ? error.message : String(error)}`);
      }
      recorder.recordMs(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { ...recorder.summary(), seconds: round(seconds), perSecond: round(total / seconds), statuses: {}, failures };
}
