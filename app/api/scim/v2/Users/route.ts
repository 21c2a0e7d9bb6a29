import { scimRoute } from '@/lib/scim/http';
import { readListParams } from '@/lib/scim/list';
import { readProjection } from '@/lib/scim/projection';
import { userResourceType } from '@/lib/scim/schema/user';
import { createScimUser, listScimUsers } from '@/lib/scim/users/store';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = scimRoute(async ({ db, caller, url, baseUrl }) => ({
  status: 200,
  body: await listScimUsers(db, { orgId: caller.orgId, baseUrl }, readListParams(url.searchParams), readProjection(userResourceType, url.searchParams)),
}));

export const POST = scimRoute(async ({ db, caller, body, by, baseUrl }) => {
  const user = await createScimUser(db, { orgId: caller.orgId, baseUrl }, body, by);
  return { status: 201, body: user, headers: { Location: `${baseUrl}/Users/${user.id}` } };
});
