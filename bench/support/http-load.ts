import autocannon from 'autocannon';
import { LatencyRecorder, round, type Throughput } from './stats';

export type HttpRequestPlan = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: string;
};

type LoadOptions = {
  /** Origin of the server under test, e.g. http://127.0.0.1:3400. */
  origin: string;
  connections: number;
  /** Exactly this many requests (autocannon `amount`), or for `seconds` when no amount is given. */
  amount?: number;
  seconds?: number;
  /** The request to send as the n-th one (0-based), so every create can carry its own user. */
  request: (index: number) => HttpRequestPlan;
  /** Checks each answer; a false return or a throw counts as a failure. */
  check?: (status: number, body: string) => boolean;
};

/**
 * HTTP load through autocannon: each request built by `request(n)`, each latency kept in our own
 * HdrHistogram (autocannon's summary has no p95), statuses counted, answers checked.
 */
export async function httpLoad(options: LoadOptions): Promise<Throughput> {
  const recorder = new LatencyRecorder();
  const statuses: Record<string, number> = {};
  let issued = 0;
  let failures = 0;
  const config: autocannon.Options = {
    url: options.origin,
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.seconds ?? 10 }),
    timeout: 60,
    requests: [
      {
        setupRequest: (request) => {
          const plan = options.request(issued++);
          return { ...request, method: plan.method ?? 'GET', path: plan.path, headers: { ...plan.headers }, body: plan.body };
        },
        onResponse: (status, body) => {
          statuses[status] = (statuses[status] ?? 0) + 1;
          let ok = status >= 200 && status < 300;
          if (ok && options.check) {
            try {
              ok = options.check(status, body);
            } catch {
              ok = false;
            }
          }
          if (!ok) {
            failures++;
            if (failures === 1) console.error(`  first failure: HTTP ${status} ${body.slice(0, 300)}`);
          }
        },
      },
    ],
  };
  let instance!: autocannon.Instance;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(config, (error, result) => (error ? reject(error) : resolve(result)));
  });
  // autocannon emits (client, status, bytes, ms); its typings leave out the client.
  (instance as unknown as NodeJS.EventEmitter).on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => recorder.recordMs(responseTime));
  const result = await done;
  const seconds = result.duration;
  const completed = result.requests.total;
  failures += result.errors + result.timeouts;
  return { ...recorder.summary(), seconds: round(seconds), perSecond: round(completed / seconds), statuses, failures };
}
