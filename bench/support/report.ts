import type { ScimResults, ScimSizes } from '../scenarios/scim';
import type { Throughput } from './stats';

export type Report = {
  when: string;
  mode: 'full' | 'quick';
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; postgres: string; database: string };
  sizes: ScimSizes;
  scim: Record<'product' | 'jackson' | 'ceiling', ScimResults & { userIds?: undefined }>;
  deactivation: { liveSessions: number; enabledKeys: number; disabledKeys: number; users: number };
  gateway: Throughput;
  password: Throughput;
  loginBundle: { kbGzip: number; files: number };
  peakRssMb: number;
};

const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : '–');
const latency = (t: { p50: number; p95: number; p99: number }) => `${t.p50} / ${t.p95} / ${t.p99}`;

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(rows[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

/** The table `npm run bench` prints (Markdown, so a run can be pasted into the README). */
export function formatReport(report: Report): string {
  const { product, jackson, ceiling } = report.scim;
  const s = report.sizes;
  const failures = (t: Throughput) => (t.failures ? ` (${t.failures} failed)` : '');
  const rows = [
    ['metric', 'product', 'SAML Jackson', 'raw Postgres', 'product vs ceiling'],
    [`SCIM create /s (${s.users} at c${s.concurrency})`, `${product.create.perSecond}${failures(product.create)}`, `${jackson.create.perSecond}${failures(jackson.create)}`, `${ceiling.create.perSecond}`, `${Math.round((100 * product.create.perSecond) / ceiling.create.perSecond)} %`],
    ['create p50 / p95 / p99 ms', latency(product.create), latency(jackson.create), latency(ceiling.create), `p99 ${ratio(product.create.p99, ceiling.create.p99)}`],
    [
      `PATCH adding ${s.groupMembers} members, ms (visible)`,
      `${product.groupPatch.ms} (${product.groupPatch.visibleMembers})`,
      `${jackson.groupPatch.ms} (${jackson.groupPatch.visibleMembers})`,
      `${ceiling.groupPatch.ms} (${ceiling.groupPatch.visibleMembers})`,
      ratio(product.groupPatch.ms, ceiling.groupPatch.ms),
    ],
    [`userName eq filter p50 / p99 ms (${s.filters}, correct)`, `${product.filter.p50} / ${product.filter.p99} (${product.filter.correct})`, `${jackson.filter.p50} / ${jackson.filter.p99} (${jackson.filter.correct})`, `${ceiling.filter.p50} / ${ceiling.filter.p99} (${ceiling.filter.correct})`, `p99 ${ratio(product.filter.p99, ceiling.filter.p99)}`],
    [`deactivation p50 / p99 ms (${s.deactivations})`, `${product.deactivate.p50} / ${product.deactivate.p99}${failures(product.deactivate)}`, `${jackson.deactivate.p50} / ${jackson.deactivate.p99}`, `${ceiling.deactivate.p50} / ${ceiling.deactivate.p99}`, `p50 ${ratio(product.deactivate.p50, ceiling.deactivate.p50)}`],
    ['after deactivation: live sessions / enabled keys', `${report.deactivation.liveSessions} / ${report.deactivation.enabledKeys} of ${report.deactivation.users}`, '–', '–', ''],
    ['/api/v1/me req/s, p99 ms (c16)', `${report.gateway.perSecond}, ${report.gateway.p99}${failures(report.gateway)}`, '–', '–', ''],
    ['password sign-in /s (c4), p50 / p99 ms', `${report.password.perSecond}, ${report.password.p50} / ${report.password.p99}${failures(report.password)}`, '–', '–', ''],
    ['/login first-load JS, KB gzip', `${report.loginBundle.kbGzip} (${report.loginBundle.files} files)`, '–', '–', ''],
    ['server peak RSS, MB (SCIM)', `${report.peakRssMb}`, '–', '–', ''],
  ];
  const m = report.machine;
  return `${table(rows)}\n\n${report.mode} run, ${report.when}: ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GiB, Node ${m.node}, Postgres ${m.postgres} (${m.database})`;
}

export function printReport(report: Report) {
  console.log(`\n${formatReport(report)}\n`);
}
