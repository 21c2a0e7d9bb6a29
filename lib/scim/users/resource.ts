import { sql, type SQL } from 'drizzle-orm';
import { scimUsers } from '@/lib/db/schema';
import type { ScimObject } from '../coerce';
import { jsonKey, type FilterResolver, type FilterTarget } from '../filter-sql';
import { commonFilterTarget, resourceMeta, scalar } from '../meta';
import { resolveAttrPath } from '../paths';
import { ENTERPRISE_USER_SCHEMA_ID, USER_SCHEMA_ID, userResourceType } from '../schema/user';
import { findAttribute } from '../schema/types';

export type ScimUserRow = typeof scimUsers.$inferSelect;
export type UserGroupRef = { id: string; name: string };

/** The SCIM representation: the stored attributes plus id, the columns we own, groups and meta. */
export function toScimUser(row: ScimUserRow, groups: UserGroupRef[], baseUrl: string): ScimObject {
  const resource = row.resource;
  return {
    schemas: resource[ENTERPRISE_USER_SCHEMA_ID] ? [USER_SCHEMA_ID, ENTERPRISE_USER_SCHEMA_ID] : [USER_SCHEMA_ID],
    id: row.userId,
    ...resource,
    userName: row.userName,
    active: row.active,
    ...(row.externalId ? { externalId: row.externalId } : {}),
    groups: groups.map((g) => ({ value: g.id, display: g.name, $ref: `${baseUrl}/Groups/${g.id}`, type: 'direct' })),
    meta: resourceMeta('User', `${baseUrl}/Users/${row.userId}`, row.createdAt, row.updatedAt),
  };
}

function jsonArray(base: SQL, name: string): SQL {
  return sql`case when jsonb_typeof(${base}->${jsonKey(name)}) = 'array' then ${base}->${jsonKey(name)} else '[]'::jsonb end`;
}

/** Filters on the columns we keep (userName, externalId, active) and on the stored resource for the rest. */
export const userFilterResolver: FilterResolver = (path): FilterTarget | undefined => {
  const common = commonFilterTarget(path, { id: scimUsers.userId, createdAt: scimUsers.createdAt, updatedAt: scimUsers.updatedAt });
  if (common) return common;
  const ref = resolveAttrPath(userResourceType, path);
  if (!ref) return undefined;
  if (!ref.extension) {
    if (ref.def.name === 'userName') return scalar(sql`${scimUsers.userName}`, 'string', false);
    if (ref.def.name === 'externalId') return scalar(sql`${scimUsers.externalId}`, 'string', true);
    if (ref.def.name === 'active') return scalar(sql`${scimUsers.active}`, 'boolean', true);
    if (ref.def.name === 'groups') return undefined;
  }
  const base = ref.extension ? sql`(${scimUsers.resource}->${jsonKey(ref.schema.id)})` : sql`${scimUsers.resource}`;
  const def = ref.def;
  if (def.multiValued) {
    return {
      kind: 'multi',
      exists: (condition) => sql`exists (select 1 from jsonb_array_elements(${jsonArray(base, def.name)}) as element(item) where ${condition})`,
      element: (subName) => {
        const sub = def.subAttributes && findAttribute(def.subAttributes, subName);
        return sub ? scalar(sql`element.item->>${jsonKey(sub.name)}`, sub.type, sub.caseExact) : undefined;
      },
      sub: ref.sub?.name,
    };
  }
  if (def.type === 'complex') {
    const sub = ref.sub ?? (def.subAttributes && findAttribute(def.subAttributes, 'value'));
    return sub ? scalar(sql`${base}->${jsonKey(def.name)}->>${jsonKey(sub.name)}`, sub.type, sub.caseExact) : undefined;
  }
  return scalar(sql`${base}->>${jsonKey(def.name)}`, def.type, def.caseExact);
};
