import { SCHEMAS, schemaResource } from '@/lib/scim/discovery';
import { notFound } from '@/lib/scim/errors';
import { scimRoute } from '@/lib/scim/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = scimRoute<{ id: string }>(async ({ baseUrl }, { id }) => {
  const schema = SCHEMAS.find((s) => s.id.toLowerCase() === decodeURIComponent(id).toLowerCase());
  if (!schema) throw notFound(`Schema ${id} not found`);
  return { status: 200, body: schemaResource(schema, baseUrl) };
});
