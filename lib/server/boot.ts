/**
 * `npm run dev` / `npm start` / `npm run seed`: resolve the database (embedded Postgres under
 * .data/ unless DATABASE_URL is set), migrate, seed the demo on an embedded first start, then
 * run Next.js. Stops the embedded server cleanly when Next.js exits or on Ctrl-C.
 */
import { spawn } from 'node:child_process';
import { closeDb, getDb } from '@/lib/db/client';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeSeed, seedDemo } from '@/lib/seed/seed-demo';
import { seedDemoSso } from '@/lib/seed/seed-demo-sso';
import { closeJackson } from '@/lib/sso/jackson';
import { DATA_DIR, prepareRuntime } from './prepare-runtime';

const mode = process.argv[2];
if (mode !== 'dev' && mode !== 'start' && mode !== 'seed') {
  console.error('usage: tsx lib/server/boot.ts dev|start|seed');
  process.exit(2);
}

const log = (line: string) => console.log(`[boot] ${line}`);
// The machine may have no outbound network; Next.js would otherwise try to send telemetry.
process.env.NEXT_TELEMETRY_DISABLED ??= '1';
const port = process.env.PORT ?? '3000';
if (mode === 'start') (process.env as Record<string, string>).NODE_ENV ??= 'production';

const runtime = await prepareRuntime({ log }).catch((error: Error) => {
  console.error(`[boot] ${error.message}`);
  process.exit(1);
});

if (mode === 'start' && runtime.embedded && !process.env.SMTP_URL) {
  // A local demo on the embedded database has no mail server: keep every flow usable.
  process.env.ALLOW_DEV_OUTBOX ??= '1';
  log('No SMTP_URL: emails are printed here (demo mode on the embedded database; the /dev/outbox page is served by `npm run dev` only).');
}

// The demo IdP serves its metadata on localhost: let the portal fetch it in development.
if (mode === 'dev') process.env.ALLOW_PRIVATE_METADATA_URLS ??= '1';
const demoIdp = mode === 'dev' ? await startDevIdp() : undefined;

try {
  if (runtime.embedded || mode === 'seed') {
    const seed = await seedDemo(getDb());
    if (seed.created) console.log(describeSeed(seed, process.env.APP_URL!));
    else log('Demo organization "acme" already exists; nothing seeded.');
    if (demoIdp) for (const note of await seedDemoSso(getDb(), demoIdp)) log(note);
  }
} finally {
  await closeJackson();
  await closeDb();
}

/** The demo IdP runs beside `npm run dev` only; `npm start` (production) never starts it. */
async function startDevIdp() {
  const { startDemoIdp } = await import('@/lib/demo-idp/server');
  const { loadOrCreateIdpCredentials } = await import('@/lib/demo-idp/credentials');
  const { createDemoDirectory } = await import('@/lib/demo-idp/directory');
  const port = Number(process.env.DEMO_IDP_PORT ?? 3001);
  try {
    const secrets = await loadOrCreateIdpCredentials(path.join(DATA_DIR, 'demo-idp'));
    const oidcClient = { clientId: 'llm-gateway-console', clientSecret: secrets.oidcClientSecret };
    const idp = await startDemoIdp({ credentials: secrets, directory: createDemoDirectory('acme.test'), appUrl: process.env.APP_URL!, port, oidcClient });
    log(`Demo IdP: ${idp.url} (alice@acme.test → Admin, bob@acme.test → Member, carol@acme.test → Viewer; app tiles at ${idp.url}/)`);
    return idp;
  } catch (error) {
    log(`Demo IdP not started on port ${port}: ${(error as Error).message} (set DEMO_IDP_PORT to another port)`);
    return undefined;
  }
}

if (mode === 'seed') {
  await runtime.stop();
  process.exit(0);
}

// Next.js runs behind our own HTTP server, the only place that sees the client's socket address.
const serverEntry = path.join(path.dirname(fileURLToPath(import.meta.url)), 'next-server.ts');
// `node --cpu-prof … boot.ts start` profiles the server too (`npm run bench -- --profile`).
const profilerFlags = process.execArgv.filter((flag) => flag.startsWith('--cpu-prof'));
const child = spawn(process.execPath, [...profilerFlags, '--import', 'tsx', serverEntry, mode], { stdio: 'inherit', env: { ...process.env, PORT: port } });

let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  await demoIdp?.close();
  await runtime.stop().catch((error: Error) => console.error(`[boot] stopping Postgres: ${error.message}`));
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (!child.killed) child.kill(signal);
  });
}
child.on('exit', (code) => void shutdown(code ?? 0));
