import { SCHEMAS, schemaResource } from '@/lib/scim/discovery';
import { scimRoute } from '@/lib/scim/http';
import { listResponse } from '@/lib/scim/list';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = scimRoute(async ({ baseUrl }) => ({ status: 200, body: listResponse(SCHEMAS.map((s) => schemaResource(s, baseUrl)), SCHEMAS.length, 1) }));
