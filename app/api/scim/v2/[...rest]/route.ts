import { notFound } from '@/lib/scim/errors';
import { scimRoute } from '@/lib/scim/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Anything else under the SCIM base answers in SCIM's error format, after the token check. */
const unknownEndpoint = scimRoute<{ rest: string[] }>(async (_request, { rest }) => {
  throw notFound(`There is no SCIM endpoint /${rest.join('/')}; see /ServiceProviderConfig, /ResourceTypes, /Schemas, /Users and /Groups`);
});

export { unknownEndpoint as GET, unknownEndpoint as POST, unknownEndpoint as PUT, unknownEndpoint as PATCH, unknownEndpoint as DELETE };
