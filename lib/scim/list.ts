import type { Filter } from 'scim2-parse-filter';
import { invalidValue } from './errors';
import { parseFilter } from './paths';

export const LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export type ListParams = { filter?: Filter; startIndex: number; count: number };

function integerParam(params: URLSearchParams, name: string): number | undefined {
  const raw = params.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  if (!/^-?\d+$/.test(raw.trim())) throw invalidValue(`${name} must be an integer, got "${raw}"`);
  // Beyond this no page exists anyway; keeps the offset inside Postgres' bigint.
  return Math.max(-1, Math.min(Number(raw), 1_000_000_000));
}

/** RFC 7644 §3.4.2.4: startIndex below 1 means 1, a negative count means 0; we cap count at MAX_PAGE_SIZE. */
export function readListParams(params: URLSearchParams): ListParams {
  const filterText = params.get('filter');
  const startIndex = Math.max(1, integerParam(params, 'startIndex') ?? 1);
  const count = Math.min(MAX_PAGE_SIZE, Math.max(0, integerParam(params, 'count') ?? DEFAULT_PAGE_SIZE));
  return { filter: filterText && filterText.trim() ? parseFilter(filterText.trim()) : undefined, startIndex, count };
}

export function listResponse(resources: unknown[], totalResults: number, startIndex: number) {
  return { schemas: [LIST_RESPONSE_SCHEMA], totalResults, startIndex, itemsPerPage: resources.length, Resources: resources };
}
