import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor, Transaction } from '@/lib/db/client';
import { scimUsers, teamMembers, users } from '@/lib/db/schema';
import { pgArray } from '@/lib/db/sql-arrays';
import { isObject } from '../coerce';
import { findControlCharacter } from '../control-characters';
import { invalidValue } from '../errors';
import type { GroupMember } from './resource';

const MAX_MEMBERS_PER_REQUEST = 10_000;

/** `[{ "value": "<user id>" }, …]` (Okta, Entra) → ids; a bare object or id string is accepted too. */
export function memberIdsFrom(value: unknown, path = 'members'): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length > MAX_MEMBERS_PER_REQUEST) throw invalidValue(`${path}: at most ${MAX_MEMBERS_PER_REQUEST} members per request`);
  return [
    ...new Set(
      list.map((item, i) => {
        const id = isObject(item) ? item.value : item;
        if (typeof id !== 'string' || id.trim() === '') throw invalidValue(`${path}[${i}].value must be a user id`);
        const forbidden = findControlCharacter(id);
        if (forbidden) throw invalidValue(`${path}[${i}].value contains ${forbidden.description}, which is not allowed here`);
        return id.trim().toLowerCase();
      }),
    ),
  ];
}

/** Every id must be a user of this org's directory; another org's user is as unknown as a made-up id. */
export async function assertDirectoryUsers(tx: Transaction, orgId: string, ids: string[]) {
  if (ids.length === 0) return;
  const malformed = ids.filter((id) => !z.uuid().safeParse(id).success);
  const known = malformed.length
    ? []
    : await tx.execute<{ user_id: string }>(sql`select user_id from ${scimUsers} where org_id = ${orgId} and user_id = any(${pgArray(ids, 'uuid')})`).then((r) => r.rows.map((row) => row.user_id));
  const unknown = malformed.length ? malformed : ids.filter((id) => !known.includes(id));
  if (unknown.length) {
    throw invalidValue(`No user with id ${unknown.slice(0, 5).map((id) => `"${id}"`).join(', ')}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''} in this directory`);
  }
}

/** One statement however many members (Okta sends hundreds per PATCH). Returns the ids actually added. */
export async function addTeamMembers(tx: Transaction, teamId: string, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const result = await tx.execute<{ user_id: string }>(sql`
    insert into ${teamMembers} (team_id, user_id)
    select ${teamId}, id from unnest(${pgArray(ids, 'uuid')}) as id
    on conflict do nothing returning user_id`);
  return result.rows.map((r) => r.user_id);
}

export async function removeTeamMembers(tx: Transaction, teamId: string, ids: string[] | 'all'): Promise<string[]> {
  if (ids !== 'all' && ids.length === 0) return [];
  const which = ids === 'all' ? sql`true` : sql`user_id = any(${pgArray(ids, 'uuid')})`;
  const result = await tx.execute<{ user_id: string }>(sql`delete from ${teamMembers} where team_id = ${teamId} and ${which} returning user_id`);
  return result.rows.map((r) => r.user_id);
}

/** Makes the membership exactly `ids`: one delete and one insert. */
export async function setTeamMembers(tx: Transaction, teamId: string, ids: string[]) {
  const keep = ids.length ? sql`not (user_id = any(${pgArray(ids, 'uuid')}))` : sql`true`;
  const removed = await tx.execute<{ user_id: string }>(sql`delete from ${teamMembers} where team_id = ${teamId} and ${keep} returning user_id`);
  const added = await addTeamMembers(tx, teamId, ids);
  return { added, removed: removed.rows.map((r) => r.user_id) };
}

export async function listTeamMembers(db: Executor, orgId: string, teamIds: string[]): Promise<Map<string, GroupMember[]>> {
  const map = new Map<string, GroupMember[]>(teamIds.map((id) => [id, []]));
  if (teamIds.length === 0) return map;
  const rows = await db
    .select({ teamId: teamMembers.teamId, userId: teamMembers.userId, userName: scimUsers.userName, email: users.email })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .leftJoin(scimUsers, and(eq(scimUsers.userId, teamMembers.userId), eq(scimUsers.orgId, orgId)))
    .where(inArray(teamMembers.teamId, teamIds))
    .orderBy(asc(teamMembers.createdAt), asc(teamMembers.userId));
  for (const row of rows) map.get(row.teamId)?.push({ userId: row.userId, display: row.userName ?? row.email });
  return map;
}
