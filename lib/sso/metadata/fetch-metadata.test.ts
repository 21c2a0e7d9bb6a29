import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createIdpCredentials } from '@/lib/demo-idp/credentials';
import { buildIdpMetadata } from '@/lib/demo-idp/metadata';
import { UserFacingError } from '@/lib/errors';
import { fetchMetadataSafely, type ConnectTarget, type FetchMetadataOptions, type ResolvedAddress } from './fetch-metadata';
import { PRODUCT_ENDPOINTS } from './test-metadata';

const XML = buildIdpMetadata({ ...PRODUCT_ENDPOINTS.okta, certBase64: 'MIIB' });
const MIB = 1024 * 1024;
const hits = new Map<string, number>();
const sockets = new Set<net.Socket>();
let server: http.Server;
let port: number;

/** The IdP's web server: metadata, redirects of every kind, oversize and slow answers. */
function route(req: http.IncomingMessage, res: http.ServerResponse) {
  const path = req.url ?? '/';
  hits.set(path, (hits.get(path) ?? 0) + 1);
  const redirect = (location: string) => res.writeHead(302, { location }).end();
  const chain = /^\/chain\/(\d+)$/.exec(path);
  if (path === '/metadata') return res.writeHead(200, { 'content-type': 'application/samlmetadata+xml' }).end(XML);
  if (chain) return Number(chain[1]) === 0 ? redirect('/metadata') : redirect(`/chain/${Number(chain[1]) - 1}`);
  if (path === '/to-private') return redirect(`http://internal.acme.test:${port}/metadata`);
  if (path === '/to-cloud') return redirect('http://169.254.169.254/latest/meta-data/iam/security-credentials/');
  if (path === '/to-file') return redirect('file:///etc/passwd');
  if (path === '/to-http') return redirect(`http://idp.acme.test:${port}/metadata`);
  if (path === '/big') {
    res.writeHead(200, { 'content-type': 'application/xml' });
    res.write('x'.repeat(MIB));
    return res.end('y');
  }
  if (path === '/big-declared') return res.writeHead(200, { 'content-length': String(MIB + 1) }).end('x'.repeat(MIB + 1));
  if (path === '/exactly-1-mib') return res.writeHead(200).end('x'.repeat(MIB));
  if (path === '/slow') return res.writeHead(200, { 'content-type': 'application/xml' }).write('<md:EntityDescriptor');
  if (path === '/gzip') return res.writeHead(200, { 'content-encoding': 'gzip' }).end('not really gzip');
  res.writeHead(404).end('not found');
}

beforeAll(async () => {
  server = http.createServer(route);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => hits.clear());

/**
 * A world with DNS: names resolve as given (no real resolver), and every connection, whatever
 * checked address it is for, reaches the local server, as if the IdP lived at that address.
 */
function world(names: Record<string, string[]>) {
  const lookups: string[] = [];
  const connections: ConnectTarget[] = [];
  const options = {
    resolve: async (hostname: string): Promise<ResolvedAddress[]> => {
      lookups.push(hostname);
      const addresses = names[hostname];
      if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
      return addresses.map((address) => ({ address, family: net.isIP(address) }));
    },
    connect: (target: ConnectTarget) => {
      connections.push(target);
      return net.connect({ host: '127.0.0.1', port });
    },
  } satisfies Partial<FetchMetadataOptions>;
  return { options, lookups, connections };
}

async function refusal(url: string, options: FetchMetadataOptions): Promise<string> {
  const error = await fetchMetadataSafely(url, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'the fetch was allowed').toBeInstanceOf(UserFacingError);
  return (error as Error).message;
}

describe('fetchMetadataSafely: addresses', () => {
  it('refuses a loopback URL without the flag, and fetches it with the flag', async () => {
    expect(await refusal(`http://127.0.0.1:${port}/metadata`, { allowPrivate: false })).toBe(
      'The metadata URL points at a loopback address 127.0.0.1; set ALLOW_PRIVATE_METADATA_URLS=1 for an intranet IdP',
    );
    expect(await refusal(`http://[::ffff:127.0.0.1]:${port}/metadata`, { allowPrivate: false })).toMatch(/points at a loopback address ::ffff:7f00:1/);
    expect(await refusal(`http://2130706433:${port}/metadata`, { allowPrivate: false })).toMatch(/points at a loopback address 127\.0\.0\.1/);
    expect(await refusal(`http://localhost:${port}/metadata`, { allowPrivate: false })).toMatch(/^The metadata URL \(localhost\) resolves to a loopback address (127\.0\.0\.1|::1); set ALLOW_PRIVATE_METADATA_URLS=1/);
    expect(hits.get('/metadata')).toBeUndefined();

    expect(await fetchMetadataSafely(`http://127.0.0.1:${port}/metadata`, { allowPrivate: true })).toBe(XML);
    expect(await fetchMetadataSafely(`http://localhost:${port}/metadata`, { allowPrivate: true })).toBe(XML);
  });

  it('refuses a host name that resolves to a private address, before connecting', async () => {
    const { options, connections } = world({ 'intranet.acme.test': ['10.0.0.5'], 'mixed.acme.test': ['93.184.216.34', '192.168.0.7'] });
    expect(await refusal(`https://intranet.acme.test/metadata`, { ...options, allowPrivate: false })).toBe(
      'The metadata URL (intranet.acme.test) resolves to a private address 10.0.0.5; set ALLOW_PRIVATE_METADATA_URLS=1 for an intranet IdP',
    );
    // One private answer among public ones is enough: the resolver's choice cannot be trusted.
    expect(await refusal(`http://mixed.acme.test/metadata`, { ...options, allowPrivate: false })).toMatch(/\(mixed\.acme\.test\) resolves to a private address 192\.168\.0\.7/);
    expect(connections).toEqual([]);

    expect(await fetchMetadataSafely(`http://intranet.acme.test:${port}/metadata`, { ...options, allowPrivate: true })).toBe(XML);
    expect(connections).toEqual([{ address: '10.0.0.5', port, hostname: 'intranet.acme.test', tls: false }]);
  });

  it('connects to the address it checked, resolving once (no DNS rebinding)', async () => {
    let calls = 0;
    const { options, connections } = world({});
    const rebinding = async (): Promise<ResolvedAddress[]> => (calls++ === 0 ? [{ address: '93.184.216.34', family: 4 }] : [{ address: '127.0.0.1', family: 4 }]);
    expect(await fetchMetadataSafely(`http://idp.acme.test:${port}/metadata`, { ...options, resolve: rebinding, allowPrivate: false })).toBe(XML);
    expect(calls).toBe(1);
    expect(connections.map((c) => c.address)).toEqual(['93.184.216.34']);
  });

  it('refuses cloud metadata services even with the flag', async () => {
    const { options } = world({ 'metadata.google.internal': ['169.254.169.254'], 'imds.acme.test': ['fd00:ec2::254'] });
    expect(await refusal('http://169.254.169.254/latest/meta-data/', { ...options, allowPrivate: true })).toBe('The metadata URL points at the cloud metadata service 169.254.169.254; it is never fetched');
    expect(await refusal('http://metadata.google.internal/computeMetadata/v1/', { ...options, allowPrivate: true })).toMatch(/points at the cloud metadata service metadata\.google\.internal; it is never fetched/);
    expect(await refusal('http://imds.acme.test/', { ...options, allowPrivate: true })).toMatch(/\(imds\.acme\.test\) resolves to the cloud metadata service fd00:ec2::254; it is never fetched/);
  });

  it('says when a host does not exist', async () => {
    const { options } = world({});
    expect(await refusal('https://nowhere.acme.test/metadata', { ...options, allowPrivate: false })).toBe('The metadata URL names a host that does not exist: nowhere.acme.test');
  });
});

describe('fetchMetadataSafely: URLs and redirects', () => {
  it('refuses anything but http(s), and URLs with credentials', async () => {
    expect(await refusal('ftp://idp.acme.test/metadata.xml', { allowPrivate: true })).toBe('The metadata URL must use http or https, not ftp');
    expect(await refusal('file:///etc/passwd', { allowPrivate: true })).toBe('The metadata URL must use http or https, not file');
    expect(await refusal('idp.acme.test/metadata', { allowPrivate: true })).toMatch(/not a valid URL/);
    expect(await refusal(`http://admin:secret@127.0.0.1:${port}/metadata`, { allowPrivate: true })).toMatch(/must not contain a user name or password/);
    expect(await refusal(`http://127.0.0.1:${port}/to-file`, { allowPrivate: true })).toBe('The redirect to file:///etc/passwd must use http or https, not file');
  });

  it('follows a redirect from an allowed host, checking the next hop again, and refuses one to a private address', async () => {
    const { options, connections, lookups } = world({ 'idp.acme.test': ['93.184.216.34'], 'internal.acme.test': ['10.0.0.5'] });
    expect(await fetchMetadataSafely(`http://idp.acme.test:${port}/chain/0`, { ...options, allowPrivate: false })).toBe(XML);
    expect(connections.map((c) => c.address)).toEqual(['93.184.216.34', '93.184.216.34']);

    expect(await refusal(`http://idp.acme.test:${port}/to-private`, { ...options, allowPrivate: false })).toBe(
      `The redirect to http://internal.acme.test:${port}/metadata (internal.acme.test) resolves to a private address 10.0.0.5; set ALLOW_PRIVATE_METADATA_URLS=1 for an intranet IdP`,
    );
    expect(lookups.at(-1)).toBe('internal.acme.test');
    expect(hits.get('/to-private')).toBe(1);
    expect(hits.get('/metadata')).toBe(1); // only the first, allowed, fetch
  });

  it('refuses a redirect to a cloud metadata service even with the flag', async () => {
    expect(await refusal(`http://127.0.0.1:${port}/to-cloud`, { allowPrivate: true })).toBe(
      'The redirect to http://169.254.169.254/latest/meta-data/iam/security-credentials/ points at the cloud metadata service 169.254.169.254; it is never fetched',
    );
  });

  it('follows 3 redirects and refuses a 4th', async () => {
    expect(await fetchMetadataSafely(`http://127.0.0.1:${port}/chain/2`, { allowPrivate: true })).toBe(XML);
    expect(await refusal(`http://127.0.0.1:${port}/chain/3`, { allowPrivate: true })).toBe('The metadata URL redirected more than 3 times');
    expect(hits.get('/metadata')).toBe(1);
  });

  it('refuses a redirect from https down to http', async () => {
    // The seam hands the "https" hop a plain socket: the local server stands in for the IdP's TLS endpoint.
    const { options } = world({ 'idp.acme.test': ['93.184.216.34'] });
    expect(await refusal(`https://idp.acme.test:${port}/to-http`, { ...options, allowPrivate: false })).toBe(
      `The metadata URL redirected from https to http (http://idp.acme.test:${port}/metadata); metadata must not leave https`,
    );
  });

  it('checks the TLS certificate of an https URL, and says when nothing listens', async () => {
    const tlsCredentials = await createIdpCredentials('localhost');
    const tlsServer = https.createServer({ key: tlsCredentials.privateKey, cert: tlsCredentials.certPem }, route);
    await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
    const tlsPort = (tlsServer.address() as AddressInfo).port;
    try {
      expect(await refusal(`https://localhost:${tlsPort}/metadata`, { allowPrivate: true })).toBe(
        'The metadata URL has a TLS certificate that is not valid for localhost (DEPTH_ZERO_SELF_SIGNED_CERT)',
      );
    } finally {
      tlsServer.closeAllConnections();
      await new Promise((resolve) => tlsServer.close(resolve));
    }
    expect(await refusal(`http://127.0.0.1:${tlsPort}/metadata`, { allowPrivate: true })).toBe(`The metadata URL refused the connection (nothing listens on 127.0.0.1:${tlsPort})`);
  });

  it('reports an HTTP error status and an unexpected encoding', async () => {
    expect(await refusal(`http://127.0.0.1:${port}/nope`, { allowPrivate: true })).toBe('The metadata URL answered HTTP 404 Not Found, not the metadata');
    expect(await refusal(`http://127.0.0.1:${port}/gzip`, { allowPrivate: true })).toMatch(/answered with gzip encoding/);
  });
});

describe('fetchMetadataSafely: size and time limits', () => {
  it('refuses more than 1 MiB, streamed or declared, and accepts 1 MiB', async () => {
    expect(await refusal(`http://127.0.0.1:${port}/big`, { allowPrivate: true })).toBe('The metadata URL returned more than 1 MiB; that is not IdP metadata');
    expect(await refusal(`http://127.0.0.1:${port}/big-declared`, { allowPrivate: true })).toBe('The metadata URL returned more than 1 MiB; that is not IdP metadata');
    expect((await fetchMetadataSafely(`http://127.0.0.1:${port}/exactly-1-mib`, { allowPrivate: true })).length).toBe(MIB);
  });

  it('gives up on a server that never finishes, and on DNS that never answers', async () => {
    const started = Date.now();
    expect(await refusal(`http://127.0.0.1:${port}/slow`, { allowPrivate: true, timeoutMs: 500 })).toBe('The metadata URL did not answer within 0.5 seconds');
    const hanging = { resolve: () => new Promise<ResolvedAddress[]>(() => {}), allowPrivate: false, timeoutMs: 500 };
    expect(await refusal('https://idp.acme.test/metadata', hanging)).toBe('The metadata URL did not answer within 0.5 seconds');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
