import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { startEmbeddedPostgres } from '@/lib/db/embedded';
import { migrateDatabase } from '@/lib/db/migrate';

export const DATA_DIR = path.join(process.cwd(), '.data');

export type Runtime = {
  databaseUrl: string;
  embedded: boolean;
  /** Stops the embedded server if this process started it. */
  stop: () => Promise<void>;
};

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
}

/** Keeps a generated AUTH_SECRET under .data so sessions survive restarts of a local install. */
function ensureAuthSecret(): void {
  if (process.env.AUTH_SECRET) return;
  if (process.env.NODE_ENV === 'production' && process.env.DATABASE_URL) {
    throw new Error('AUTH_SECRET is required in production with DATABASE_URL (every replica must share it).');
  }
  const file = path.join(DATA_DIR, 'auth-secret');
  fs.mkdirSync(DATA_DIR, { recursive: true });
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  process.env.AUTH_SECRET = fs.readFileSync(file, 'utf8').trim();
}

/**
 * Resolves the database (DATABASE_URL, or the embedded Postgres under .data/), applies
 * migrations and fills the environment the app needs. Used by `dev`, `start`, `seed` and the CLI.
 */
export async function prepareRuntime(options: { attachToRunning?: boolean; log?: (line: string) => void } = {}): Promise<Runtime> {
  const log = options.log ?? (() => {});
  ensureAuthSecret();
  process.env.APP_URL ??= `http://localhost:${process.env.PORT ?? 3000}`;
  process.env.NEXTAUTH_URL ??= process.env.APP_URL;

  if (process.env.DATABASE_URL) {
    await migrateDatabase(process.env.DATABASE_URL);
    log(`Database: ${redact(process.env.DATABASE_URL)}`);
    return { databaseUrl: process.env.DATABASE_URL, embedded: false, stop: async () => {} };
  }
  const server = await startEmbeddedPostgres({ root: DATA_DIR, attachToRunning: options.attachToRunning, log });
  await migrateDatabase(server.url);
  process.env.DATABASE_URL = server.url;
  log(`Database: embedded Postgres ${redact(server.url)} (data in .data/pg)`);
  return { databaseUrl: server.url, embedded: true, stop: server.stop };
}
