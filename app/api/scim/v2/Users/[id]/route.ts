import { scimRoute } from '@/lib/scim/http';
import { parsePatchRequest } from '@/lib/scim/patch';
import { readProjection } from '@/lib/scim/projection';
import { userResourceType } from '@/lib/scim/schema/user';
import { deleteScimUser, getScimUser, patchScimUser, replaceScimUser } from '@/lib/scim/users/store';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Params = { id: string };

export const GET = scimRoute<Params>(async ({ db, caller, url, baseUrl }, { id }) => ({
  status: 200,
  body: await getScimUser(db, { orgId: caller.orgId, baseUrl }, id, readProjection(userResourceType, url.searchParams)),
}));

export const PUT = scimRoute<Params>(async ({ db, caller, body, by, baseUrl }, { id }) => ({
  status: 200,
  body: await replaceScimUser(db, { orgId: caller.orgId, baseUrl }, id, body, by),
}));

export const PATCH = scimRoute<Params>(async ({ db, caller, body, by, baseUrl }, { id }) => ({
  status: 200,
  body: await patchScimUser(db, { orgId: caller.orgId, baseUrl }, id, parsePatchRequest(body), by),
}));

export const DELETE = scimRoute<Params>(async ({ db, caller, by, baseUrl }, { id }) => {
  await deleteScimUser(db, { orgId: caller.orgId, baseUrl }, id, by);
  return { status: 204 };
});
