import { sql } from 'drizzle-orm';
import type { Executor } from '@/lib/db/client';
import { pgArray } from '@/lib/db/sql-arrays';

/**
 * The IdP groups the role rules see for each member: the org's teams they belong to, by name
 * and by the directory's external id (Entra sends object-id GUIDs).
 *
 * Teams come from two places: the SCIM directory (scim_managed) and SSO logins (each login
 * mirrors its groups into teams, see completeSsoLogin). Outside a login, the SSO-synced teams
 * stand for the groups of the member's last SSO login. During a login, `loginGroups` (from the
 * assertion or ID token) replace those, and only the directory's teams are added: an IdP may send
 * groups over one channel only.
 */
export async function loadMemberGroups(db: Executor, orgId: string, userIds: string[], options: { loginGroups?: string[] } = {}): Promise<Map<string, string[]>> {
  const groups = new Map<string, string[]>(userIds.map((id) => [id, [...(options.loginGroups ?? [])]]));
  if (userIds.length === 0) return groups;
  const onlyDirectory = options.loginGroups !== undefined;
  const rows = await db.execute<{ user_id: string; name: string; external_id: string | null }>(sql`
    select tm.user_id, t.name, t.external_id
    from team_members tm join teams t on t.id = tm.team_id
    where t.org_id = ${orgId} and tm.user_id = any(${pgArray(userIds, 'uuid')}) ${onlyDirectory ? sql`and t.scim_managed` : sql``}
    order by t.name`);
  for (const row of rows.rows) groups.get(row.user_id)?.push(...(row.external_id ? [row.name, row.external_id] : [row.name]));
  return groups;
}

/** The teams of the org, by name and external id: the groups seen from SSO logins and SCIM, offered as suggestions. */
export async function listKnownGroups(db: Executor, orgId: string): Promise<string[]> {
  const rows = await db.execute<{ g: string }>(sql`
    select g from (select name as g, updated_at from teams where org_id = ${orgId}
      union all select external_id, updated_at from teams where org_id = ${orgId} and external_id is not null) known
    group by g order by max(updated_at) desc, g limit 200`);
  return rows.rows.map((r) => r.g);
}
