import { BlockList, isIP } from 'node:net';

/**
 * Where a webhook may deliver (SSRF). On AWS only https, and never to an address inside a network: a
 * webhook URL is typed by a tenant's admin, and a deliverer that follows it to 169.254.169.254 or a VPC
 * address would hand them our network. The host is resolved and every address checked at each delivery,
 * not only at registration: DNS can change between the two (rebinding). Locally loopback is allowed so
 * tests and a developer's receiver on 127.0.0.1 get deliveries; the switch is one setting, and both
 * runtimes run this same code.
 */
export interface DestinationRules {
  /** `false` on AWS: https only. */
  allowHttp: boolean;
  /** `true` only in the local stack: 127.0.0.0/8 and ::1 (still no private or link-local ranges). */
  allowLoopback: boolean;
}

export const awsDestinationRules: DestinationRules = { allowHttp: false, allowLoopback: false };
export const localDestinationRules: DestinationRules = { allowHttp: true, allowLoopback: true };

/** Every address a host name resolves to (dns.lookup with all: true in production). */
export type ResolveHost = (host: string) => Promise<string[]>;

export type DestinationVerdict = { allowed: true; addresses: string[] } | { allowed: false; reason: string };

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** Private, shared, link-local, multicast and reserved ranges (RFC 1918, 6598, 3927, 4193, 4291, 6890). */
const internal = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) internal.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96], // NAT64: embeds an IPv4 address we would otherwise not check
  ['2001:db8::', 32],
] as const) internal.addSubnet(network, prefix, 'ipv6');

/** Why an address may not receive a delivery, or undefined when it may. */
export function addressProblem(address: string, rules: DestinationRules): string | undefined {
  const family = isIP(address);
  if (family === 0) return `${address} is not an IP address`;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  // ::ffff:10.0.0.1 is 10.0.0.1: check the IPv4 address inside an IPv4-mapped IPv6 one.
  const mapped = type === 'ipv6' ? /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] : undefined;
  if (mapped) return addressProblem(mapped, rules);
  if (loopback.check(address, type)) return rules.allowLoopback ? undefined : `${address} is a loopback address`;
  if (internal.check(address, type)) return `${address} is a private, link-local or reserved address`;
  return undefined;
}

/** Checks a URL and every address its host resolves to now. */
export async function checkDestination(url: string, rules: DestinationRules, resolve: ResolveHost): Promise<DestinationVerdict> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { allowed: false, reason: 'is not a URL' };
  }
  if (parsed.protocol !== 'https:' && !(rules.allowHttp && parsed.protocol === 'http:')) return { allowed: false, reason: rules.allowHttp ? 'must be an http or https URL' : 'must be an https URL' };
  if (parsed.username || parsed.password) return { allowed: false, reason: 'must not carry credentials' };
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : await resolve(host);
  } catch (error) {
    return { allowed: false, reason: `host ${host} does not resolve (${(error as Error).message})` };
  }
  if (addresses.length === 0) return { allowed: false, reason: `host ${host} does not resolve` };
  for (const address of addresses) {
    const problem = addressProblem(address, rules);
    if (problem) return { allowed: false, reason: host === address ? problem : `${host} resolves to ${problem.replace(/^\S+ /, `${address} which `)}` };
  }
  return { allowed: true, addresses };
}
