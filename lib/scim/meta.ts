import { sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { ScalarTarget } from './filter-sql';

/** RFC 7643 §3.1 meta; the version is a weak ETag from the last change. */
export function resourceMeta(resourceType: 'User' | 'Group', location: string, createdAt: Date, updatedAt: Date) {
  return { resourceType, created: createdAt.toISOString(), lastModified: updatedAt.toISOString(), location, version: `W/"${updatedAt.getTime()}"` };
}

export function scalar(expression: ReturnType<typeof sql>, type: ScalarTarget['type'], caseExact: boolean): ScalarTarget {
  return { kind: 'scalar', sql: expression, type, caseExact };
}

/** id, meta.created and meta.lastModified, which every resource type filters the same way. */
export function commonFilterTarget(path: string, columns: { id: AnyPgColumn; createdAt: AnyPgColumn; updatedAt: AnyPgColumn }): ScalarTarget | undefined {
  switch (path.toLowerCase()) {
    case 'id':
      return scalar(sql`${columns.id}::text`, 'string', true);
    case 'meta.created':
      return scalar(sql`${columns.createdAt}`, 'dateTime', true);
    case 'meta.lastmodified':
      return scalar(sql`${columns.updatedAt}`, 'dateTime', true);
    default:
      return undefined;
  }
}
