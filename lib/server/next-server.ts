/**
 * Our HTTP server in front of Next.js (Next's custom-server API), for `npm run dev`, `npm start`
 * and the tests. It exists for one thing Next.js cannot do: see the socket. Per request it works
 * out the client address (socket peer, or X-Forwarded-For behind TRUST_PROXY_HOPS proxies) and
 * stamps it in a header the app trusts only with this process's secret (lib/http/client-address.ts).
 *
 * Usage: node --import tsx lib/server/next-server.ts dev|start   (port from PORT, default 3000)
 */
import http, { type IncomingMessage } from 'node:http';
import { pathToFileURL } from 'node:url';
import { getEnv } from '@/lib/env';
import { CLIENT_ADDRESS_HEADER, CLIENT_ADDRESS_PROOF_HEADER, clientAddressFrom, issueClientAddressProof } from '@/lib/http/client-address';

/** Forwarding headers only a proxy may write: with none configured, whatever arrives in them came from the client. */
const PROXY_HEADERS = ['x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port', 'forwarded', 'x-real-ip'];

/** Replaces the client-address headers (and, when no proxy is trusted, client-written forwarding headers) before Next.js sees the request. */
export function stampClientAddress(req: IncomingMessage, trustedProxies: number, proof: string): void {
  const socketAddress = req.socket.remoteAddress;
  const address = clientAddressFrom({ socketAddress, forwardedFor: req.headers['x-forwarded-for'], trustedProxies });
  req.headers[CLIENT_ADDRESS_HEADER] = address ?? '';
  req.headers[CLIENT_ADDRESS_PROOF_HEADER] = proof;
  // What a proxy chain would hand on: our own hop appended, or only the peer when nobody is trusted.
  const forwarded = trustedProxies > 0 ? [req.headers['x-forwarded-for'], socketAddress].flat().filter(Boolean).join(', ') : socketAddress;
  if (forwarded) req.headers['x-forwarded-for'] = forwarded;
  else delete req.headers['x-forwarded-for'];
  // Next.js then fills X-Forwarded-Host/Proto/Port from the request itself.
  if (trustedProxies === 0) for (const name of PROXY_HEADERS) delete req.headers[name];
}

export async function startNextServer(options: { dev: boolean; port: number; hostname?: string }): Promise<{ server: http.Server; close: () => Promise<void> }> {
  const trustedProxies = getEnv().TRUST_PROXY_HOPS;
  const proof = issueClientAddressProof();
  const hostname = options.hostname ?? 'localhost';
  const httpServer = http.createServer();
  // Imported here, after the caller settled NODE_ENV: React and Next.js pick their builds on load.
  const { default: next } = await import('next');
  const app = next({ dev: options.dev, dir: process.cwd(), hostname, port: options.port, httpServer });
  await app.prepare();
  const handle = app.getRequestHandler();
  httpServer.on('request', (req, res) => {
    stampClientAddress(req, trustedProxies, proof);
    handle(req, res).catch((error: unknown) => {
      console.error('[server] request failed:', error);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
  // Next.js adds its own upgrade listener (HMR in dev) on the first request; ours runs first.
  httpServer.prependListener('upgrade', (req: IncomingMessage) => stampClientAddress(req, trustedProxies, proof));
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, () => resolve());
  });
  const close = async () => {
    await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    await app.close();
  };
  return { server: httpServer, close };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const mode = process.argv[2];
  if (mode !== 'dev' && mode !== 'start') {
    console.error('usage: node --import tsx lib/server/next-server.ts dev|start');
    process.exit(2);
  }
  (process.env as Record<string, string>).NODE_ENV ??= mode === 'dev' ? 'development' : 'production';
  const port = Number(process.env.PORT ?? 3000);
  const running = await startNextServer({ dev: mode === 'dev', port }).catch((error: Error) => {
    console.error(`[server] could not start: ${error.message}`);
    process.exit(1);
  });
  console.log(`[server] ${mode === 'dev' ? 'development' : 'production'} server on http://localhost:${port} (client address: ${getEnv().TRUST_PROXY_HOPS === 0 ? 'socket peer, X-Forwarded-For ignored' : `X-Forwarded-For behind ${getEnv().TRUST_PROXY_HOPS} proxies`})`);
  // Ctrl-C reaches us twice (from the terminal, and forwarded by lib/server/boot.ts): stop once.
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      setTimeout(() => process.exit(0), 5_000).unref();
      void running.close().finally(() => process.exit(0));
    });
  }
}
