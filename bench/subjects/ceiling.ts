import pg from 'pg';
import { oktaCreateBody, benchUserName, type ScimResults, type ScimSizes } from '../scenarios/scim';
import { round, runConcurrently } from '../support/stats';

/**
 * The raw-Postgres ceiling: the same writes as the SCIM scenarios, straight through `pg`, one
 * statement per operation, on a table shaped like ours (org + unique case-insensitive userName,
 * the resource as jsonb). No HTTP server can beat it.
 */
export async function runScimCeiling(databaseUrl: string, sizes: ScimSizes, run: string): Promise<ScimResults> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: sizes.concurrency });
  try {
    await pool.query(`
      create table users (id uuid primary key default gen_random_uuid(), org_id uuid not null, user_name text not null, active boolean not null default true, resource jsonb not null);
      create unique index users_org_user_name on users (org_id, lower(user_name));
      create table groups (id uuid primary key default gen_random_uuid(), org_id uuid not null, display_name text not null);
      create table group_members (group_id uuid not null references groups, user_id uuid not null references users, primary key (group_id, user_id));
    `);
    const orgId = (await pool.query<{ id: string }>('select gen_random_uuid() as id')).rows[0].id;
    const ids: string[] = new Array(sizes.users);

    const create = await runConcurrently(sizes.users, sizes.concurrency, async (index) => {
      const userName = benchUserName(run, index);
      const { rows } = await pool.query<{ id: string }>('insert into users (org_id, user_name, resource) values ($1, $2, $3) returning id', [orgId, userName, oktaCreateBody(userName, index)]);
      ids[index] = rows[0].id;
    });

    const groupId = (await pool.query<{ id: string }>('insert into groups (org_id, display_name) values ($1, $2) returning id', [orgId, `bench-${run}`])).rows[0].id;
    const members = ids.slice(0, sizes.groupMembers);
    const t0 = performance.now();
    await pool.query('insert into group_members (group_id, user_id) select $1, unnest($2::uuid[])', [groupId, members]);
    const patchMs = performance.now() - t0;
    const visible = Number((await pool.query('select count(*) from group_members where group_id = $1', [groupId])).rows[0].count);

    let correct = 0;
    const filter = await runConcurrently(sizes.filters, sizes.concurrency, async (index) => {
      const userName = benchUserName(run, (index * 7919) % sizes.users);
      const { rows } = await pool.query('select id, resource from users where org_id = $1 and lower(user_name) = lower($2)', [orgId, userName]);
      if (rows.length === 1) correct++;
    });

    const targets = ids.slice(ids.length - sizes.deactivations);
    const deactivate = await runConcurrently(targets.length, sizes.concurrency, async (index) => {
      await pool.query('update users set active = false where id = $1', [targets[index]]);
    });

    return { create, groupPatch: { ms: round(patchMs), status: 200, visibleMembers: visible, expectedMembers: members.length }, filter: { ...filter, correct }, deactivate };
  } finally {
    await pool.end();
  }
}
