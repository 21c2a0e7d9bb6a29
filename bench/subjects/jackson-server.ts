/**
 * SAML Jackson's own directory sync (SCIM 2.0), served over HTTP the way Jackson's Next.js route
 * `pages/api/scim/v2.0/[...directory].ts` serves it: `/api/scim/v2.0/<directoryId>/<Users|Groups>[/<id>]`,
 * the bearer token passed to Jackson as the directory's API secret, the JSON body and the
 * count/startIndex/filter query handed to `directorySyncController.requests.handle`.
 *
 * Run as its own process by `npm run bench` (so it does not share an event loop with the load
 * generator); prints one JSON line `{ "port", "directoryId", "secret" }` once it listens.
 * Env: JACKSON_DATABASE_URL, PORT.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

type DirectorySync = {
  directories: { create: (params: { tenant: string; product: string; name?: string; type?: string }) => Promise<{ data: { id: string; scim: { secret: string } } | null; error: unknown }> };
  requests: {
    handle: (request: {
      method: string;
      body: unknown;
      directoryId: string;
      resourceType: string;
      resourceId: string | undefined;
      apiSecret: string | null;
      query: { count?: number; startIndex?: number; filter?: string };
    }) => Promise<{ status: number; data: unknown }>;
  };
};

async function readJson(request: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

const mod = await import('@boxyhq/saml-jackson');
const factory = ((mod.default as unknown as { default?: unknown }).default ?? mod.default) as (opts: object) => Promise<{ directorySyncController: DirectorySync }>;
const { directorySyncController: directorySync } = await factory({
  externalUrl: 'http://127.0.0.1',
  samlPath: '/api/oauth/saml',
  samlAudience: 'https://saml.boxyhq.com',
  noAnalytics: true,
  db: { engine: 'sql', type: 'postgres', url: process.env.JACKSON_DATABASE_URL },
  logger: { info: () => {}, warn: () => {}, error: (message: string) => console.error(`[jackson] ${message}`) },
});

const created = await directorySync.directories.create({ tenant: 'bench', product: 'bench', name: 'bench', type: 'okta-scim-v2' });
if (!created.data) throw new Error(`Jackson refused the directory: ${JSON.stringify(created.error)}`);
const directory = created.data;

const server = http.createServer(async (request, response) => {
  try {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const match = /^\/api\/scim\/v2\.0\/([^/]+)\/(Users|Groups)(?:\/([^/]+))?$/.exec(url.pathname);
    if (!match) {
      response.writeHead(404).end();
      return;
    }
    const [, directoryId, resourceType, resourceId] = match;
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? null;
    const number = (name: string) => (url.searchParams.has(name) ? Number.parseInt(url.searchParams.get(name)!, 10) : undefined);
    const { status, data } = await directorySync.requests.handle({
      method: request.method ?? 'GET',
      body: await readJson(request),
      directoryId,
      resourceType,
      resourceId,
      apiSecret: bearer,
      query: { count: number('count'), startIndex: number('startIndex'), filter: url.searchParams.get('filter') ?? undefined },
    });
    response.writeHead(status, { 'Content-Type': 'application/scim+json' }).end(JSON.stringify(data));
  } catch (error) {
    console.error('[jackson-server]', error);
    response.writeHead(500).end();
  }
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(JSON.stringify({ port, directoryId: directory.id, secret: directory.scim.secret }));
});
