import { startTestDatabase } from './test-database';

/** Vitest global setup: one migrated database for the run, shared by the workers through env. */
export default async function setup() {
  if (process.env.SSO_TEST_DATABASE_READY) return;
  const database = await startTestDatabase();
  process.env.DATABASE_URL = database.url;
  return async () => database.stop();
}
