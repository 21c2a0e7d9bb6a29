import { createScimGroup, listScimGroups } from '@/lib/scim/groups/store';
import { scimRoute } from '@/lib/scim/http';
import { readListParams } from '@/lib/scim/list';
import { readProjection } from '@/lib/scim/projection';
import { groupResourceType } from '@/lib/scim/schema/group';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = scimRoute(async ({ db, caller, url, baseUrl }) => ({
  status: 200,
  body: await listScimGroups(db, { orgId: caller.orgId, baseUrl }, readListParams(url.searchParams), readProjection(groupResourceType, url.searchParams)),
}));

export const POST = scimRoute(async ({ db, caller, body, by, baseUrl }) => {
  const group = await createScimGroup(db, { orgId: caller.orgId, baseUrl }, body, by);
  return { status: 201, body: group, headers: { Location: `${baseUrl}/Groups/${group.id}` } };
});
