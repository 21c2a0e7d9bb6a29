import { RESOURCE_TYPES, resourceTypeResource } from '@/lib/scim/discovery';
import { notFound } from '@/lib/scim/errors';
import { scimRoute } from '@/lib/scim/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = scimRoute<{ id: string }>(async ({ baseUrl }, { id }) => {
  const rt = RESOURCE_TYPES.find((r) => r.name === decodeURIComponent(id));
  if (!rt) throw notFound(`Resource type ${id} not found`);
  return { status: 200, body: resourceTypeResource(rt, baseUrl) };
});
