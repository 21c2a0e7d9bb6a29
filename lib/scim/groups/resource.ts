import { sql } from 'drizzle-orm';
import { teamMembers, teams } from '@/lib/db/schema';
import type { ScimObject } from '../coerce';
import type { FilterResolver } from '../filter-sql';
import { commonFilterTarget, resourceMeta, scalar } from '../meta';
import { GROUP_SCHEMA_ID } from '../schema/group';

export type TeamRow = typeof teams.$inferSelect;
export type GroupMember = { userId: string; display: string };

export function toScimGroup(team: TeamRow, members: GroupMember[] | undefined, baseUrl: string): ScimObject {
  return {
    schemas: [GROUP_SCHEMA_ID],
    id: team.id,
    displayName: team.name,
    ...(team.externalId ? { externalId: team.externalId } : {}),
    ...(members ? { members: members.map((m) => ({ value: m.userId, display: m.display, $ref: `${baseUrl}/Users/${m.userId}`, type: 'User' })) } : {}),
    meta: resourceMeta('Group', `${baseUrl}/Groups/${team.id}`, team.createdAt, team.updatedAt),
  };
}

export const groupFilterResolver: FilterResolver = (path) => {
  const common = commonFilterTarget(path, { id: teams.id, createdAt: teams.createdAt, updatedAt: teams.updatedAt });
  if (common) return common;
  const lower = path.toLowerCase().replace(/^urn:ietf:params:scim:schemas:core:2\.0:group:/, '');
  if (lower === 'displayname') return scalar(sql`${teams.name}`, 'string', false);
  if (lower === 'externalid') return scalar(sql`${teams.externalId}`, 'string', true);
  if (lower === 'members' || lower === 'members.value') {
    return {
      kind: 'multi',
      exists: (condition) => sql`exists (select 1 from ${teamMembers} as member where member.team_id = ${teams.id} and ${condition})`,
      element: (sub) => (sub.toLowerCase() === 'value' ? scalar(sql`member.user_id::text`, 'string', true) : undefined),
      sub: 'value',
    };
  }
  return undefined;
};
