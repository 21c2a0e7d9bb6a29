import { oneOf, timeRangeParam, type QueryParams, type TimeRange } from '@/lib/list-filters';

export const SCIM_LOG_PATH_PREFIX = '/api/scim/v2/';

export const STATUS_CLASSES = ['2xx', '4xx', '5xx'] as const;
export const SCIM_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export const SCIM_RESOURCES = ['Users', 'Groups', 'other'] as const;

export type ScimLogFilter = {
  status?: (typeof STATUS_CLASSES)[number];
  method?: (typeof SCIM_METHODS)[number];
  resource?: (typeof SCIM_RESOURCES)[number];
  range?: TimeRange;
};

/** The request log's filters from the page's query string. */
export function scimLogFilterFrom(params: QueryParams): ScimLogFilter {
  return {
    status: oneOf(params.status, STATUS_CLASSES),
    method: oneOf(params.method, SCIM_METHODS),
    resource: oneOf(params.resource, SCIM_RESOURCES),
    range: timeRangeParam(params.range),
  };
}
