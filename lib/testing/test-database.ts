import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '@/lib/db/embedded';
import { migrateDatabase } from '@/lib/db/migrate';

export type TestDatabase = { url: string; stop: () => Promise<void> };

/**
 * A fresh, migrated database for one test run: a new database on DATABASE_URL's server when
 * it is set, otherwise on a throw-away embedded Postgres under .data/test-<pid>.
 */
export async function startTestDatabase(): Promise<TestDatabase> {
  const external = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (external) {
    const name = `sso_test_${Date.now()}_${randomBytes(3).toString('hex')}`;
    const admin = new pg.Client({ connectionString: external });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(external);
    url.pathname = `/${name}`;
    await migrateDatabase(url.toString());
    return {
      url: url.toString(),
      stop: async () => {
        const cleanup = new pg.Client({ connectionString: external });
        await cleanup.connect();
        await cleanup.query(`drop database if exists ${name} with (force)`);
        await cleanup.end();
      },
    };
  }
  const root = path.join(process.cwd(), '.data', `test-${process.pid}`);
  const server = await startEmbeddedPostgres({ root, database: 'test' });
  await migrateDatabase(server.url);
  return {
    url: server.url,
    stop: async () => {
      await server.stop();
      const fs = await import('node:fs');
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
