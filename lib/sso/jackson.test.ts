import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { closeJackson, getJackson, JACKSON_PRODUCT } from './jackson';

describe('SAML Jackson inside the app', () => {
  it('starts on our Postgres with its tables in the jackson schema', async () => {
    const jackson = await getJackson();
    expect(await jackson.connectionAPIController.getConnections({ tenant: 'nobody', product: JACKSON_PRODUCT })).toEqual([]);
    const tables = await getDb().execute(sql`select table_schema, table_name from information_schema.tables where table_name like 'jackson%'`);
    const schemas = new Set(tables.rows.map((r) => r.table_schema));
    expect(schemas).toEqual(new Set(['jackson']));
    await closeJackson();
  }, 60_000);
});
