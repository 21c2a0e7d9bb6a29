/*
 * Filters of the console's long lists (SCIM request log, audit log) as they travel in a page's
 * query string. Anything unknown is dropped rather than refused: a stale or hand-edited link
 * shows the unfiltered list.
 */

export type QueryParams = Record<string, string | string[] | undefined>;

/** Time ranges offered by the filters, in hours. */
export const TIME_RANGE_HOURS = { '1h': 1, '24h': 24, '7d': 24 * 7, '30d': 24 * 30 } as const;
export type TimeRange = keyof typeof TIME_RANGE_HOURS;
export const TIME_RANGE_LABELS: Record<TimeRange, string> = { '1h': 'Last hour', '24h': 'Last 24 hours', '7d': 'Last 7 days', '30d': 'Last 30 days' };

/** A single query value that is one of `allowed` (a repeated parameter arrives as an array and is ignored). */
export function oneOf<T extends string>(value: string | string[] | undefined, allowed: readonly T[]): T | undefined {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

export function timeRangeParam(value: string | string[] | undefined): TimeRange | undefined {
  return oneOf(value, Object.keys(TIME_RANGE_HOURS) as TimeRange[]);
}

/** A free-text query value, trimmed and cut to `maxLength`; empty is undefined. */
export function textParam(value: string | string[] | undefined, maxLength: number): string | undefined {
  const text = typeof value === 'string' ? value.trim().slice(0, maxLength) : '';
  return text || undefined;
}

/** The query string of filters (and a cursor), without empty values: "" or "?a=1&b=2". */
export function queryString(values: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}
