import { RESOURCE_TYPES, resourceTypeResource } from '@/lib/scim/discovery';
import { scimRoute } from '@/lib/scim/http';
import { listResponse } from '@/lib/scim/list';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = scimRoute(async ({ baseUrl }) => ({ status: 200, body: listResponse(RESOURCE_TYPES.map((rt) => resourceTypeResource(rt, baseUrl)), RESOURCE_TYPES.length, 1) }));
