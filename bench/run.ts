/**
 * `npm run bench [-- --quick]`: builds and starts the production server on fresh databases, runs
 * every scenario against the product, SAML Jackson and the raw-Postgres ceiling where it applies,
 * stops everything it started, prints a table and writes bench/results/<timestamp>.json.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startBenchDatabases } from './support/database';
import { printReport, type Report } from './support/report';

const quick = process.argv.includes('--quick');
// Reuse the last .next-bench build (while working on the benchmark itself; a real run builds).
const skipBuild = process.argv.includes('--skip-build');
// CPU profiles of the product's processes (node --cpu-prof), summarised by `npx tsx bench/profile.ts <dir>`.
const profileDir = process.argv.includes('--profile') ? path.join(process.cwd(), 'bench', 'results', `profile-${Date.now()}`) : null;
const started = Date.now();
const step = (message: string) => console.log(`[bench ${Math.round((Date.now() - started) / 1000)} s] ${message}`);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

step(`${quick ? 'quick' : 'full'} run: fresh databases`);
const databases = await startBenchDatabases();
const stops: (() => Promise<void>)[] = [databases.stop];
try {
  // The domain functions the set-up uses read these; the server gets the same values.
  process.env.DATABASE_URL = databases.app;
  process.env.AUTH_SECRET ??= randomBytes(32).toString('base64url');
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  process.env.APP_URL = origin;
  const serverEnv = { DATABASE_URL: databases.app, AUTH_SECRET: process.env.AUTH_SECRET, APP_URL: origin, NEXTAUTH_URL: origin };

  const { buildProduct, startProduct, setUpProductOrg, giveSessionsAndKeys, survivingAccess, peakRssMb } = await import('./subjects/product');
  const { startJackson } = await import('./subjects/jackson');
  const { runScimCeiling } = await import('./subjects/ceiling');
  const { runScimOverHttp, SCIM_SIZES } = await import('./scenarios/scim');
  const { runGateway } = await import('./scenarios/gateway');
  const { runPasswordSignIn } = await import('./scenarios/password');
  const { loginFirstLoadJs } = await import('./scenarios/login-bundle');
  const { createUser } = await import('@/lib/users/create-user');
  const { getDb, closeDb } = await import('@/lib/db/client');
  stops.unshift(closeDb); // before the databases go

  if (skipBuild) {
    step('reusing the last .next-bench build (--skip-build)');
  } else {
    step('next build (production) into .next-bench');
    await buildProduct({ ...process.env, ...serverEnv });
  }
  step('starting the product (npm start) and SAML Jackson');
  const product = await startProduct(port, serverEnv, profileDir);
  stops.unshift(product.stop);
  const jackson = await startJackson(databases.jackson);
  stops.unshift(jackson.stop);

  const owner = await createUser(getDb(), { email: `owner.${Date.now()}@bench.test`, name: 'Bench Owner', emailVerified: true });
  const org = await setUpProductOrg(owner.id);
  const sizes = SCIM_SIZES[quick ? 'quick' : 'full'];
  const run = randomBytes(3).toString('hex');

  step(`SCIM on the product: ${sizes.users} creates at concurrency ${sizes.concurrency}, a ${sizes.groupMembers}-member PATCH, ${sizes.filters} filters, ${sizes.deactivations} deactivations`);
  const productScim = await runScimOverHttp({ name: 'product', origin, basePath: '/api/scim/v2', token: org.scimToken }, sizes, run, (ids) => giveSessionsAndKeys(org.org.id, org.project.id, ids));
  const peakRss = peakRssMb(product.pid);
  const afterDeactivation = await survivingAccess(productScim.userIds.slice(productScim.userIds.length - sizes.deactivations));
  step('SCIM on SAML Jackson');
  const jacksonScim = await runScimOverHttp(jackson.scim, sizes, run);
  step('SCIM on the raw-Postgres ceiling');
  const ceilingScim = await runScimCeiling(databases.ceiling, sizes, run);

  step('gateway key check /api/v1/me at concurrency 16');
  const gateway = await runGateway(origin, org.apiKey, quick ? 3 : 10);
  step('password sign-in (argon2id) at concurrency 4');
  const password = await runPasswordSignIn(origin, org.org.id, run, 20, quick ? 3 : 10);
  step('/login first-load JavaScript');
  const bundle = await loginFirstLoadJs(origin);

  const report: Report = {
    when: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryGb: Math.round(os.totalmem() / 1024 ** 3),
      node: process.version,
      postgres: databases.version,
      database: databases.where,
    },
    sizes,
    scim: { product: { ...productScim, userIds: undefined }, jackson: { ...jacksonScim, userIds: undefined }, ceiling: ceilingScim },
    deactivation: afterDeactivation,
    gateway,
    password,
    loginBundle: bundle,
    peakRssMb: peakRss,
  };
  printReport(report);
  const file = path.join(process.cwd(), 'bench', 'results', `${report.when.replace(/[:.]/g, '-')}.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  step(`written ${path.relative(process.cwd(), file)}`);
  if (profileDir) step(`CPU profiles in ${path.relative(process.cwd(), profileDir)} once the server stops: npx tsx bench/profile.ts ${path.relative(process.cwd(), profileDir)}`);
} finally {
  for (const stop of stops) await stop().catch((error) => console.error('[bench] stopping:', error));
}
process.exit(0);
