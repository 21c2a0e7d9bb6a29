import * as groupRoute from '@/app/api/scim/v2/Groups/[id]/route';
import * as groupsRoute from '@/app/api/scim/v2/Groups/route';
import * as resourceTypeRoute from '@/app/api/scim/v2/ResourceTypes/[id]/route';
import * as resourceTypesRoute from '@/app/api/scim/v2/ResourceTypes/route';
import * as schemaRoute from '@/app/api/scim/v2/Schemas/[id]/route';
import * as schemasRoute from '@/app/api/scim/v2/Schemas/route';
import * as spcRoute from '@/app/api/scim/v2/ServiceProviderConfig/route';
import * as userRoute from '@/app/api/scim/v2/Users/[id]/route';
import * as usersRoute from '@/app/api/scim/v2/Users/route';
import * as restRoute from '@/app/api/scim/v2/[...rest]/route';
import { getDb } from '@/lib/db/client';
import { createScimToken } from '@/lib/scim/tokens';
import { makeOrg, systemActor } from './fixtures';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type RouteHandler = (request: Request, context: { params: Promise<Record<string, unknown>> }) => Promise<Response>;
type RouteModule = Partial<Record<Method, RouteHandler>>;

/** Which route file Next would pick for a path under /api/scim/v2, and its params. */
function route(path: string): { module: RouteModule; params: Record<string, unknown> } {
  const [, first, id, ...more] = path.split('?')[0].split('/');
  const withId = (single: unknown, collection: unknown) =>
    more.length ? { module: restRoute as unknown as RouteModule, params: { rest: [first, id, ...more] } } : id ? { module: single as unknown as RouteModule, params: { id } } : { module: collection as unknown as RouteModule, params: {} };
  switch (first) {
    case 'Users': return withId(userRoute, usersRoute);
    case 'Groups': return withId(groupRoute, groupsRoute);
    case 'Schemas': return withId(schemaRoute, schemasRoute);
    case 'ResourceTypes': return withId(resourceTypeRoute, resourceTypesRoute);
    case 'ServiceProviderConfig': return id ? { module: restRoute as unknown as RouteModule, params: { rest: [first, id] } } : { module: spcRoute as unknown as RouteModule, params: {} };
    default: return { module: restRoute as unknown as RouteModule, params: { rest: [first, id, ...more].filter(Boolean) } };
  }
}

export type ScimReply = { status: number; headers: Headers; body: any };

/**
 * Calls the real SCIM route handlers in-process (same code Next runs), so integration tests
 * exercise auth, parsing, errors, the database and the request log without a server.
 */
export function scimClient(token: string | null) {
  return async function call(method: Method, path: string, body?: unknown, options: { contentType?: string; rawBody?: string } = {}): Promise<ScimReply> {
    const { module, params } = route(path);
    const handler = module[method];
    if (!handler) throw new Error(`No ${method} handler for ${path}`);
    const headers = new Headers();
    if (token) headers.set('authorization', `Bearer ${token}`);
    const payload = options.rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
    if (payload !== undefined) headers.set('content-type', options.contentType ?? 'application/scim+json');
    const request = new Request(`http://localhost:3000/api/scim/v2${path}`, { method, headers, body: payload });
    const response = await handler(request, { params: Promise.resolve(params) });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  };
}

/** A fresh enterprise org with a SCIM token, and a client bound to that token. */
export async function makeScimOrg(name = 'Okta') {
  const org = await makeOrg();
  const token = await createScimToken(getDb(), { orgId: org.id, name }, systemActor);
  return { org, token, scim: scimClient(token.token) };
}
