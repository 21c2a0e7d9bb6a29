import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '@/lib/db/embedded';
import { migrateDatabase } from '@/lib/db/migrate';

/** One Postgres server, three databases: the product's (migrated), Jackson's and the ceiling's. */
export type BenchDatabases = { app: string; jackson: string; ceiling: string; version: string; where: string; stop: () => Promise<void> };

function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function adminQuery(serverUrl: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Fresh databases for one benchmark run, on DATABASE_URL's server when it is set (dropped
 * afterwards), otherwise on a throw-away embedded Postgres under .data/bench-<pid>.
 */
export async function startBenchDatabases(): Promise<BenchDatabases> {
  const external = process.env.DATABASE_URL;
  let serverUrl: string;
  let stopServer = async () => {};
  let where: string;
  if (external) {
    serverUrl = external;
    where = `DATABASE_URL (${new URL(external).host})`;
  } else {
    const root = path.join(process.cwd(), '.data', `bench-${process.pid}`);
    const server = await startEmbeddedPostgres({ root, database: 'postgres' });
    serverUrl = server.url;
    where = 'embedded Postgres';
    stopServer = async () => {
      await server.stop();
      fs.rmSync(root, { recursive: true, force: true });
    };
  }
  const suffix = `${Date.now()}_${process.pid}`;
  const names = { app: `bench_app_${suffix}`, jackson: `bench_jackson_${suffix}`, ceiling: `bench_ceiling_${suffix}` };
  for (const name of Object.values(names)) await adminQuery(serverUrl, `create database ${name}`);
  const urls = { app: withDatabase(serverUrl, names.app), jackson: withDatabase(serverUrl, names.jackson), ceiling: withDatabase(serverUrl, names.ceiling) };
  await migrateDatabase(urls.app);
  const version = String((await adminQuery(serverUrl, 'show server_version')).rows[0].server_version);
  return {
    ...urls,
    version,
    where,
    stop: async () => {
      if (external) for (const name of Object.values(names)) await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
      await stopServer();
    },
  };
}
