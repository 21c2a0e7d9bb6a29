/**
 * A DNS server for tests: answers TXT queries from an in-memory map on 127.0.0.1, over UDP and
 * TCP on the same port (node's resolver retries over TCP when a UDP answer is truncated).
 * Point the app at it with DNS_SERVERS=<server.address>.
 */
import type { Socket } from 'node:net';
import dns2 from 'dns2';

const { Packet } = dns2;

/** How queries for a name fail: SERVFAIL, REFUSED, or no answer at all. */
export type DnsNameFailure = 'servfail' | 'refused' | 'timeout';

export type TestDnsServer = {
  /** `127.0.0.1:<port>`, the value for DNS_SERVERS. */
  address: string;
  port: number;
  /** Replaces the TXT records of `name`; a record is a string or its character-strings. An empty list answers NODATA. */
  setTxt(name: string, records: (string | string[])[]): void;
  /** Forgets `name` (its records and any failure): queries answer NXDOMAIN. */
  clearName(name: string): void;
  /** Makes every query for `name` fail until clearName. */
  failName(name: string, failure: DnsNameFailure): void;
  /** Forgets every name. */
  clearAll(): void;
  close(): Promise<void>;
};

type Servers = { udp: InstanceType<typeof dns2.UDPServer>; tcp: InstanceType<typeof dns2.TCPServer> };

const FAILURE_RCODE = { servfail: Packet.RCODE.SERVFAIL, refused: Packet.RCODE.REFUSED };

function nameKey(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

function closeServers({ udp, tcp }: Servers, connections: Set<Socket>): Promise<void> {
  // c-ares keeps its TCP connection open; end it so close() does not wait for the idle timeout.
  for (const socket of connections) socket.destroy();
  return Promise.all([
    new Promise<void>((resolve) => udp.close(() => resolve())),
    new Promise<void>((resolve) => (tcp.listening ? tcp.close(() => resolve()) : resolve())),
  ]).then(() => undefined);
}

/** UDP and TCP on one port: port 0 picks a free UDP port, and that TCP port is nearly always free too, else try again. */
async function listenOnOnePort(handle: dns2.DnsHandler, host: string, requested: number | undefined, connections: Set<Socket>): Promise<Servers & { port: number }> {
  for (let attempt = 1; ; attempt++) {
    const servers: Servers = { udp: dns2.createUDPServer(handle), tcp: dns2.createTCPServer(handle) };
    servers.tcp.on('connection', (socket: Socket) => {
      connections.add(socket);
      socket.once('close', () => connections.delete(socket));
    });
    try {
      const port = await new Promise<number>((resolve, reject) => {
        servers.udp.once('error', reject);
        servers.udp.bind(requested ?? 0, host, () => resolve(servers.udp.address().port));
      });
      await new Promise<void>((resolve, reject) => {
        servers.tcp.once('error', reject);
        servers.tcp.listen({ host, port }, () => resolve());
      });
      return { ...servers, port };
    } catch (error) {
      await closeServers(servers, connections);
      if (requested !== undefined || attempt >= 20) throw error;
    }
  }
}

/**
 * Starts the server on `port` (default: a free one). An app started before the test can be
 * given the port in advance (DNS_SERVERS=127.0.0.1:<port>) and the test start the server on it.
 */
export async function startTestDnsServer(options: { port?: number } = {}): Promise<TestDnsServer> {
  const host = '127.0.0.1';
  const records = new Map<string, string[][]>();
  const failures = new Map<string, DnsNameFailure>();

  const handle: dns2.DnsHandler = (request, send) => {
    const [question] = request.questions;
    const name = question ? nameKey(question.name) : '';
    const failure = failures.get(name);
    if (failure === 'timeout') return;
    const response = Packet.createResponseFromRequest(request);
    response.header.aa = 1;
    response.header.ra = 1;
    if (failure) response.header.rcode = FAILURE_RCODE[failure];
    else if (!records.has(name)) response.header.rcode = Packet.RCODE.NXDOMAIN;
    else if (question.type === Packet.TYPE.TXT) {
      for (const data of records.get(name)!) {
        response.answers.push({ name: question.name, type: Packet.TYPE.TXT, class: Packet.CLASS.IN, ttl: 0, data } as dns2.Packet.Resource);
      }
    }
    send(response).catch(() => {});
  };

  const connections = new Set<Socket>();
  const { port, ...servers } = await listenOnOnePort(handle, host, options.port, connections);
  return {
    address: `${host}:${port}`,
    port,
    setTxt: (name, txt) => {
      records.set(nameKey(name), txt.map((record) => (Array.isArray(record) ? record : [record])));
    },
    clearName: (name) => {
      records.delete(nameKey(name));
      failures.delete(nameKey(name));
    },
    failName: (name, failure) => {
      failures.set(nameKey(name), failure);
    },
    clearAll: () => {
      records.clear();
      failures.clear();
    },
    close: () => closeServers(servers, connections),
  };
}
