import { sql, type SQL } from 'drizzle-orm';

type Element = string | boolean | null;

function literal(values: Element[]): string {
  const items = values.map((v) => (v === null ? 'NULL' : typeof v === 'boolean' ? (v ? 't' : 'f') : `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`));
  return `{${items.join(',')}}`;
}

/**
 * One bind parameter holding a whole Postgres array (drizzle would expand a JS array into one
 * parameter per element), so set-based statements over thousands of ids stay a single statement.
 */
export function pgArray(values: Element[], type: 'uuid' | 'text' | 'boolean' | 'role' | 'membership_status'): SQL {
  return sql`${literal(values)}::${sql.raw(type)}[]`;
}
