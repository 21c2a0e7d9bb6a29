import { deleteScimGroup, getScimGroup, patchScimGroup, replaceScimGroup } from '@/lib/scim/groups/store';
import { scimRoute } from '@/lib/scim/http';
import { parsePatchRequest } from '@/lib/scim/patch';
import { readProjection } from '@/lib/scim/projection';
import { groupResourceType } from '@/lib/scim/schema/group';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Params = { id: string };

export const GET = scimRoute<Params>(async ({ db, caller, url, baseUrl }, { id }) => ({
  status: 200,
  body: await getScimGroup(db, { orgId: caller.orgId, baseUrl }, id, readProjection(groupResourceType, url.searchParams)),
}));

export const PUT = scimRoute<Params>(async ({ db, caller, body, by, baseUrl }, { id }) => ({
  status: 200,
  body: await replaceScimGroup(db, { orgId: caller.orgId, baseUrl }, id, body, by),
}));

/** 204 as Okta and Entra expect for groups; a 1,000-member group is not echoed back. */
export const PATCH = scimRoute<Params>(async ({ db, caller, body, by, baseUrl }, { id }) => {
  await patchScimGroup(db, { orgId: caller.orgId, baseUrl }, id, parsePatchRequest(body), by);
  return { status: 204 };
});

export const DELETE = scimRoute<Params>(async ({ db, caller, by, baseUrl }, { id }) => {
  await deleteScimGroup(db, { orgId: caller.orgId, baseUrl }, id, by);
  return { status: 204 };
});
