import ipaddr from 'ipaddr.js';

export type AddressRefusal = {
  /** e.g. "a private address 10.0.0.5" */
  description: string;
  /** False for cloud metadata services: no IdP lives there, and they hand out the server's credentials. */
  overridable: boolean;
};

/**
 * Instance metadata services, refused even with ALLOW_PRIVATE_METADATA_URLS: AWS, Azure, GCP and
 * Oracle use 169.254.169.254 (AWS also fd00:ec2::254 on Nitro), AWS ECS task credentials
 * 169.254.170.2, Alibaba Cloud 100.100.100.200.
 */
const CLOUD_METADATA_ADDRESSES = new Set(['169.254.169.254', 'fd00:ec2::254', '169.254.170.2', '100.100.100.200'].map((a) => ipaddr.parse(a).toString()));

/** Names that resolve to a metadata service inside the cloud's own DNS (GCP). */
const CLOUD_METADATA_HOSTNAMES = new Set(['metadata.google.internal']);

const RANGE_WORDS: Record<string, string> = {
  private: 'a private address',
  uniqueLocal: 'a private (unique local, fc00::/7) address',
  loopback: 'a loopback address',
  linkLocal: 'a link-local address',
  carrierGradeNat: 'a carrier-grade NAT (100.64.0.0/10) address',
  unspecified: 'an unspecified address',
  multicast: 'a multicast address',
  broadcast: 'a broadcast address',
  reserved: 'a reserved address',
};

/** RFC 6052 (64:ff9b::/96, NAT64): the IPv4 address carried in the last 32 bits. */
function embeddedIpv4(address: ipaddr.IPv6): ipaddr.IPv4 {
  return new ipaddr.IPv4(address.toByteArray().slice(12));
}

/**
 * Why a metadata fetch must not connect to this IP address, or null when it is an ordinary public
 * unicast address. Classification is ipaddr.js's table of IANA special-purpose ranges: anything
 * not "unicast" is refused (private, loopback, link-local, CGNAT, multicast, documentation, 6to4, …).
 */
export function addressRefusal(address: string): AddressRefusal | null {
  if (!ipaddr.isValid(address)) return { description: `an invalid address ${address}`, overridable: false };
  // process() turns ::ffff:10.0.0.5 into 10.0.0.5, so a mapped address is judged as the IPv4 it reaches.
  let parsed = ipaddr.process(address);
  if (CLOUD_METADATA_ADDRESSES.has(parsed.toString())) return { description: `the cloud metadata service ${address}`, overridable: false };
  // NAT64 (DNS64 on IPv6-only networks) reaches public IPv4 hosts through 64:ff9b::/96: judge the IPv4 inside.
  if (parsed.kind() === 'ipv6' && parsed.range() === 'rfc6052') parsed = embeddedIpv4(parsed as ipaddr.IPv6);
  if (CLOUD_METADATA_ADDRESSES.has(parsed.toString())) return { description: `the cloud metadata service ${address}`, overridable: false };
  const range = parsed.range();
  if (range === 'unicast') return null;
  return { description: `${RANGE_WORDS[range] ?? `a special-purpose (${range}) address`} ${address}`, overridable: true };
}

export function isCloudMetadataHostname(hostname: string): boolean {
  return CLOUD_METADATA_HOSTNAMES.has(hostname.toLowerCase().replace(/\.$/, ''));
}
