import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Filter } from 'scim2-parse-filter';
import { describe, expect, it } from 'vitest';
import { ScimError } from './errors';
import { compileFilter, type FilterResolver } from './filter-sql';
import { scalar } from './meta';

const resolve: FilterResolver = (path) => (path === 'userName' ? scalar(sql`user_name`, 'string', false) : path === 'externalId' ? scalar(sql`external_id`, 'string', true) : undefined);
const params = (filter: Filter) => new PgDialect().sqlToQuery(compileFilter(filter, resolve)).params;

function refusal(filter: Filter) {
  try {
    compileFilter(filter, resolve);
  } catch (error) {
    return error instanceof ScimError ? { scimType: error.scimType, detail: error.message } : error;
  }
  return 'compiled';
}

describe('compileFilter on text values', () => {
  it('compares case-insensitive attributes in NFC and case-exact ones byte for byte', () => {
    const decomposed = 'zoe\u0308@example.com';
    expect(params({ op: 'eq', attrPath: 'userName', compValue: decomposed })).toEqual(['zo\u00eb@example.com']);
    expect(params({ op: 'eq', attrPath: 'externalId', compValue: decomposed })).toEqual([decomposed]);
  });

  it('refuses a value with a control character other than a line break, whichever parser produced it', () => {
    expect(refusal({ op: 'eq', attrPath: 'userName', compValue: 'a\u0000b' })).toEqual({ scimType: 'invalidFilter', detail: expect.stringMatching(/^userName eq: .*control character \(U\+0000\)/) });
    expect(refusal({ op: 'co', attrPath: 'externalId', compValue: '\u001b[0m' })).toMatchObject({ scimType: 'invalidFilter' });
    expect(refusal({ op: 'eq', attrPath: 'userName', compValue: '1 Main St\nSpringfield' }), 'addresses may hold line breaks').toBe('compiled');
  });
});
