import { sql, type SQL } from 'drizzle-orm';
import type { Filter } from 'scim2-parse-filter';
import { findControlCharacter } from './control-characters';
import { invalidFilter } from './errors';
import type { AttributeType } from './schema/types';

/** A single value the database can compare: a column or a jsonb text expression. */
export type ScalarTarget = { kind: 'scalar'; sql: SQL; type: AttributeType; caseExact: boolean };
/** A multi-valued attribute: `exists` wraps a condition on one element; `element` resolves its sub-attributes. */
export type MultiTarget = { kind: 'multi'; exists: (condition: SQL) => SQL; element: (sub: string) => ScalarTarget | undefined; sub?: string };
export type FilterTarget = ScalarTarget | MultiTarget;
/** Maps an attribute path of the filter to SQL; undefined for attributes that cannot be filtered. */
export type FilterResolver = (attrPath: string) => FilterTarget | undefined;

type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';

function typed(target: ScalarTarget, value: unknown, op: string, path: string): { left: SQL; right: SQL } {
  switch (target.type) {
    case 'boolean':
      if (typeof value !== 'boolean') throw invalidFilter(`${path} is a boolean; compare it with true or false`);
      return { left: sql`(${target.sql})::boolean`, right: sql`${value}` };
    case 'dateTime':
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw invalidFilter(`${path} is a date-time; compare it with an ISO 8601 string`);
      return { left: sql`(${target.sql})::timestamptz`, right: sql`${new Date(value).toISOString()}::timestamptz` };
    default: {
      if (typeof value !== 'string' && typeof value !== 'number') throw invalidFilter(`${path} ${op}: compare a text attribute with a string`);
      const forbidden = findControlCharacter(String(value), { allowLineBreaks: true });
      if (forbidden) throw invalidFilter(`${path} ${op}: the value contains ${forbidden.description}, which no stored value can contain`);
      // Stored case-insensitive values are NFC (coerce.ts); lower() on both sides follows the database's LC_CTYPE.
      const text = target.caseExact ? String(value) : String(value).normalize('NFC');
      return target.caseExact ? { left: sql`(${target.sql})::text`, right: sql`${text}::text` } : { left: sql`lower((${target.sql})::text)`, right: sql`lower(${text}::text)` };
    }
  }
}

function compareScalar(target: ScalarTarget, op: CompareOp, value: unknown, path: string): SQL {
  if (value === null) {
    if (op === 'eq') return sql`(${target.sql}) is null`;
    if (op === 'ne') return sql`(${target.sql}) is not null`;
    throw invalidFilter(`${path} ${op} null is not a valid comparison`);
  }
  if ((op === 'co' || op === 'sw' || op === 'ew') && target.type !== 'string' && target.type !== 'reference') {
    throw invalidFilter(`${op} only applies to text attributes, not ${path}`);
  }
  if (target.type === 'boolean' && op !== 'eq' && op !== 'ne') throw invalidFilter(`${path} is a boolean; use eq or ne`);
  const { left, right } = typed(target, value, op, path);
  switch (op) {
    case 'eq': return sql`${left} = ${right}`;
    case 'ne': return sql`${left} is distinct from ${right}`;
    case 'co': return sql`strpos(${left}, ${right}) > 0`;
    case 'sw': return sql`left(${left}, char_length(${right})) = ${right}`;
    case 'ew': return sql`right(${left}, char_length(${right})) = ${right}`;
    case 'gt': return sql`${left} > ${right}`;
    case 'ge': return sql`${left} >= ${right}`;
    case 'lt': return sql`${left} < ${right}`;
    case 'le': return sql`${left} <= ${right}`;
  }
}

function present(target: ScalarTarget): SQL {
  return target.type === 'string' ? sql`coalesce((${target.sql})::text, '') <> ''` : sql`(${target.sql}) is not null`;
}

function resolveOrThrow(resolve: FilterResolver, path: string): FilterTarget {
  const target = resolve(path);
  if (!target) throw invalidFilter(`Cannot filter on "${path}"`);
  return target;
}

function elementOrThrow(target: MultiTarget, sub: string, path: string): ScalarTarget {
  const element = target.element(sub);
  if (!element) throw invalidFilter(`Cannot filter on "${path}"`);
  return element;
}

/** Compiles a parsed SCIM filter (RFC 7644 §3.4.2.2) to a SQL condition; unknown attributes are invalidFilter. */
export function compileFilter(filter: Filter, resolve: FilterResolver, depth = 0): SQL {
  if (depth > 32) throw invalidFilter('The filter is nested too deeply');
  switch (filter.op) {
    case 'and':
    case 'or': {
      const parts = filter.filters.map((f) => compileFilter(f, resolve, depth + 1));
      return sql`(${sql.join(parts, filter.op === 'and' ? sql` and ` : sql` or `)})`;
    }
    case 'not':
      return sql`not coalesce(${compileFilter(filter.filter, resolve, depth + 1)}, false)`;
    case '[]': {
      const target = resolveOrThrow(resolve, filter.attrPath);
      if (target.kind !== 'multi') throw invalidFilter(`"${filter.attrPath}" is not multi-valued; value filters need a multi-valued attribute`);
      const inner: FilterResolver = (sub) => target.element(sub);
      return target.exists(compileFilter(filter.valFilter, inner, depth + 1));
    }
    case 'pr': {
      const target = resolveOrThrow(resolve, filter.attrPath);
      if (target.kind === 'scalar') return present(target);
      return target.exists(target.sub ? present(elementOrThrow(target, target.sub, filter.attrPath)) : sql`true`);
    }
    default: {
      const target = resolveOrThrow(resolve, filter.attrPath);
      if (target.kind === 'scalar') return compareScalar(target, filter.op, filter.compValue, filter.attrPath);
      // `emails eq "x"` compares the elements' "value" (RFC 7644 §3.4.2.2).
      const element = elementOrThrow(target, target.sub ?? 'value', filter.attrPath);
      return target.exists(compareScalar(element, filter.op, filter.compValue, filter.attrPath));
    }
  }
}

/** `'name'` as a SQL string literal; only ever called with attribute names from our own schema definitions. */
export function jsonKey(name: string): SQL {
  return sql.raw(`'${name.replace(/'/g, "''")}'`);
}
