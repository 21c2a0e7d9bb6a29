import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { UserFacingError } from '@/lib/errors';
import { addressRefusal, isCloudMetadataHostname } from './address-policy';
import { ALLOW_PRIVATE_FLAG, METADATA_FETCH_TIMEOUT_MS, METADATA_MAX_BYTES, METADATA_MAX_LABEL, METADATA_MAX_REDIRECTS } from './limits';

export type ResolvedAddress = { address: string; family: number };
export type ConnectTarget = { address: string; port: number; hostname: string; tls: boolean };

export type FetchMetadataOptions = {
  /** ALLOW_PRIVATE_METADATA_URLS: private, loopback and link-local addresses allowed (never cloud metadata). */
  allowPrivate: boolean;
  timeoutMs?: number;
  maxBytes?: number;
  /** Resolves a host name to every address it has (default: the system resolver). Tests inject one. */
  resolve?: (hostname: string) => Promise<ResolvedAddress[]>;
  /** Opens the connection to an address already checked (default: net/tls). Tests route it to a local server. */
  connect?: (target: ConnectTarget) => net.Socket;
};

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Every address of the host, IPv4 first: the first (checked like all the others) is the one connected to. */
async function systemResolve(hostname: string): Promise<ResolvedAddress[]> {
  return lookup(hostname, { all: true, verbatim: false });
}

function openSocket(target: ConnectTarget): net.Socket {
  if (!target.tls) return net.connect({ host: target.address, port: target.port });
  // Connect to the checked address, but verify the certificate (and send SNI) for the URL's host name.
  return tls.connect({ host: target.address, port: target.port, servername: net.isIP(target.hostname) ? undefined : target.hostname, ALPNProtocols: ['http/1.1'] });
}

/** "The metadata URL" for the URL given, "The redirect to <url>" for later hops: every message says which hop broke a rule. */
function subjectOf(url: URL, hop: number): string {
  return hop === 0 ? 'The metadata URL' : `The redirect to ${url.href}`;
}

function checkScheme(url: URL, hop: number) {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UserFacingError(`${subjectOf(url, hop)} must use http or https, not ${url.protocol.replace(/:$/, '')}`);
  if (url.username || url.password) throw new UserFacingError(`${subjectOf(url, hop)} must not contain a user name or password`);
}

function refuse(url: URL, hop: number, verb: string, refusal: { description: string; overridable: boolean }): never {
  const advice = refusal.overridable ? `; set ${ALLOW_PRIVATE_FLAG}=1 for an intranet IdP` : '; it is never fetched';
  throw new UserFacingError(`${subjectOf(url, hop)} ${verb} ${refusal.description}${advice}`);
}

/** Rejects when the deadline passes, so a resolver that never answers cannot hold the request. */
function beforeDeadline<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * The one address this hop will connect to, after checking every address the host has: one
 * refused address refuses the host (a resolver can mix answers). The connection then goes to
 * that checked address, never to a second lookup, so DNS rebinding cannot swap it afterwards.
 */
async function checkedAddress(url: URL, hop: number, options: FetchMetadataOptions, signal: AbortSignal): Promise<string> {
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(hostname)) {
    const refusal = addressRefusal(hostname);
    if (refusal && !(refusal.overridable && options.allowPrivate)) refuse(url, hop, 'points at', refusal);
    return hostname;
  }
  if (isCloudMetadataHostname(hostname)) refuse(url, hop, 'points at', { description: `the cloud metadata service ${hostname}`, overridable: false });
  let addresses: ResolvedAddress[];
  try {
    addresses = await beforeDeadline((options.resolve ?? systemResolve)(hostname), signal);
  } catch (error) {
    if (signal.aborted) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTFOUND' || code === 'ENODATA') throw new UserFacingError(`${subjectOf(url, hop)} names a host that does not exist: ${hostname}`);
    throw new UserFacingError(`${subjectOf(url, hop)}: ${hostname} could not be resolved (${code ?? 'DNS error'})`);
  }
  if (addresses.length === 0) throw new UserFacingError(`${subjectOf(url, hop)} names a host that does not exist: ${hostname}`);
  for (const { address } of addresses) {
    const refusal = addressRefusal(address);
    if (refusal && !(refusal.overridable && options.allowPrivate)) refuse(url, hop, `(${hostname}) resolves to`, refusal);
  }
  return addresses[0].address;
}

type HopResult = { kind: 'redirect'; status: number; location: string | undefined } | { kind: 'body'; text: string };

function connectionFailure(url: URL, hop: number, error: NodeJS.ErrnoException): UserFacingError {
  const code = error.code ?? '';
  if (code === 'ECONNREFUSED') return new UserFacingError(`${subjectOf(url, hop)} refused the connection (nothing listens on ${url.host})`);
  if (code.startsWith('ERR_TLS') || /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) return new UserFacingError(`${subjectOf(url, hop)} has a TLS certificate that is not valid for ${url.hostname} (${code})`);
  return new UserFacingError(`${subjectOf(url, hop)} could not be fetched (${code || error.message.split('\n')[0]})`);
}

/** One GET to the checked address: a redirect's Location, or the body within the size limit. */
function requestHop(url: URL, target: ConnectTarget, options: FetchMetadataOptions, signal: AbortSignal, hop: number): Promise<HopResult> {
  const maxBytes = options.maxBytes ?? METADATA_MAX_BYTES;
  const tooLarge = () => new UserFacingError(`${subjectOf(url, hop)} returned more than ${maxBytes === METADATA_MAX_BYTES ? METADATA_MAX_LABEL : `${maxBytes} bytes`}; that is not IdP metadata`);
  return new Promise<HopResult>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
    };
    const fail = (error: unknown) => settle(() => reject(signal.aborted ? signal.reason : error instanceof UserFacingError ? error : connectionFailure(url, hop, error as NodeJS.ErrnoException)));
    const request = (target.tls ? https : http).request({
      protocol: url.protocol,
      hostname: target.hostname,
      port: target.port,
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers: { accept: 'application/samlmetadata+xml, application/xml, text/xml;q=0.9, */*;q=0.1', 'accept-encoding': 'identity', 'user-agent': 'llm-gateway-sso-console (SAML metadata)' },
      createConnection: () => (options.connect ?? openSocket)(target),
      signal,
    });
    request.on('error', fail);
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      if (REDIRECTS.has(status)) {
        response.destroy();
        return settle(() => resolve({ kind: 'redirect', status, location: response.headers.location }));
      }
      if (status !== 200) {
        response.destroy();
        return fail(new UserFacingError(`${subjectOf(url, hop)} answered HTTP ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}, not the metadata`));
      }
      const encoding = response.headers['content-encoding'];
      if (encoding && encoding !== 'identity') {
        response.destroy();
        return fail(new UserFacingError(`${subjectOf(url, hop)} answered with ${encoding} encoding, which was not asked for`));
      }
      if (Number(response.headers['content-length'] ?? 0) > maxBytes) {
        response.destroy();
        return fail(tooLarge());
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          response.destroy();
          fail(tooLarge());
        } else chunks.push(chunk);
      });
      response.on('end', () => settle(() => resolve({ kind: 'body', text: Buffer.concat(chunks).toString('utf8') })));
      response.on('error', fail);
      response.on('close', () => fail(new UserFacingError(`${subjectOf(url, hop)} closed the connection before the metadata was complete`)));
    });
    request.end();
  });
}

function nextUrl(current: URL, hop: number, result: { status: number; location: string | undefined }): URL {
  if (!result.location) throw new UserFacingError(`${subjectOf(current, hop)} answered HTTP ${result.status} without a Location`);
  if (!URL.canParse(result.location, current)) throw new UserFacingError(`${subjectOf(current, hop)} redirected to an invalid URL`);
  const next = new URL(result.location, current);
  // A downgrade would let anyone on the path replace the certificates we are about to trust.
  if (current.protocol === 'https:' && next.protocol === 'http:') throw new UserFacingError(`${subjectOf(current, hop)} redirected from https to http (${next.href}); metadata must not leave https`);
  return next;
}

/**
 * Fetches IdP metadata from an admin-supplied URL without letting that URL reach inside our
 * network (SSRF): http(s) only, every address of every hop checked (loopback, private, link-local,
 * CGNAT, … refused unless `allowPrivate`; cloud metadata services always), the connection made to
 * the checked address, at most 3 redirects each checked again, a size limit and one time limit
 * for the whole fetch. Every refusal is a UserFacingError naming the rule.
 */
export async function fetchMetadataSafely(rawUrl: string, options: FetchMetadataOptions): Promise<string> {
  if (!URL.canParse(rawUrl.trim())) throw new UserFacingError('The metadata URL is not a valid URL (it starts with https://)');
  let url = new URL(rawUrl.trim());
  const timeoutMs = options.timeoutMs ?? METADATA_FETCH_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new UserFacingError(`The metadata URL did not answer within ${timeoutMs / 1000} seconds`)), timeoutMs);
  try {
    for (let hop = 0; ; hop++) {
      checkScheme(url, hop);
      const address = await checkedAddress(url, hop, options, controller.signal);
      const tlsHop = url.protocol === 'https:';
      const target = { address, port: Number(url.port) || (tlsHop ? 443 : 80), hostname: url.hostname.replace(/^\[|\]$/g, ''), tls: tlsHop };
      const result = await requestHop(url, target, options, controller.signal, hop);
      if (result.kind === 'body') return result.text;
      if (hop === METADATA_MAX_REDIRECTS) throw new UserFacingError(`The metadata URL redirected more than ${METADATA_MAX_REDIRECTS} times`);
      url = nextUrl(url, hop, result);
    }
  } finally {
    clearTimeout(timer);
  }
}
