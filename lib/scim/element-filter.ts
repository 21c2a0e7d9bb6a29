import type { Filter } from 'scim2-parse-filter';
import { invalidFilter } from './errors';
import { findAttribute, type AttributeDef } from './schema/types';

function compareText(def: AttributeDef | undefined, actual: unknown, expected: unknown): [string, string] | null {
  if (typeof actual !== 'string' || typeof expected !== 'string') return null;
  return def?.caseExact ? [actual, expected] : [actual.toLowerCase(), expected.toLowerCase()];
}

/**
 * Whether one element of a multi-valued attribute (an email, a member) matches a value filter
 * such as `type eq "work"`. String comparisons follow the sub-attribute's caseExact (RFC 7643 §2.5).
 */
export function matchesElement(parent: AttributeDef, filter: Filter, element: Record<string, unknown>): boolean {
  switch (filter.op) {
    case 'and':
      return filter.filters.every((f) => matchesElement(parent, f, element));
    case 'or':
      return filter.filters.some((f) => matchesElement(parent, f, element));
    case 'not':
      return !matchesElement(parent, filter.filter, element);
    case '[]':
      throw invalidFilter('Nested value filters are not supported');
    default: {
      const def = parent.subAttributes && findAttribute(parent.subAttributes, filter.attrPath);
      if (!def) throw invalidFilter(`"${filter.attrPath}" is not a sub-attribute of ${parent.name}`);
      const actual = element[def.name];
      if (filter.op === 'pr') return actual !== undefined && actual !== null && actual !== '';
      const expected = filter.compValue;
      if (filter.op === 'eq' || filter.op === 'ne') {
        const texts = compareText(def, actual, expected);
        const equal = texts ? texts[0] === texts[1] : actual === expected || (actual === undefined && expected === null);
        return filter.op === 'eq' ? equal : !equal;
      }
      const texts = compareText(def, actual, expected);
      if (!texts) return false;
      const [a, e] = texts;
      switch (filter.op) {
        case 'co': return a.includes(e);
        case 'sw': return a.startsWith(e);
        case 'ew': return a.endsWith(e);
        case 'gt': return a > e;
        case 'ge': return a >= e;
        case 'lt': return a < e;
        case 'le': return a <= e;
      }
      return false;
    }
  }
}

/** `type eq "work" and primary eq true` → { type: 'work', primary: true }: what a new element must hold to match. */
export function equalityTemplate(parent: AttributeDef, filter: Filter): Record<string, unknown> | null {
  if (filter.op === 'eq') {
    const def = parent.subAttributes && findAttribute(parent.subAttributes, filter.attrPath);
    return def ? { [def.name]: filter.compValue } : null;
  }
  if (filter.op === 'and') {
    const parts = filter.filters.map((f) => equalityTemplate(parent, f));
    return parts.every(Boolean) ? Object.assign({}, ...parts) : null;
  }
  return null;
}
