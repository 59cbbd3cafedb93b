import { BlockList, isIP } from 'node:net';

// Everything an agent endpoint must not reach under AGENT_ENDPOINT_POLICY=public: this host,
// private networks, link-local (cloud metadata at 169.254.169.254), CGNAT, ULA, multicast,
// unspecified, and the reserved or documentation ranges no real agent lives in. IPv6 forms that
// carry an IPv4 address a relay or translator would reach (IPv4-compatible, mapped, NAT64,
// 6to4, Teredo) are refused whole: deciding on the embedded address would trust the relay.
const NOT_PUBLIC = new BlockList();
// Separate: a BlockList also matches IPv4 addresses against IPv6 rules for ::ffff:0:0/96.
const NOT_PUBLIC_V6 = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 96],
  ['::ffff:0:0', 96],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 32],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  NOT_PUBLIC_V6.addSubnet(network, prefix, 'ipv6');
}

/** True when `address` (an IP literal) is public unicast; false for anything else. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !NOT_PUBLIC.check(address, 'ipv4');
  if (family === 6) return !NOT_PUBLIC_V6.check(address, 'ipv6');
  return false;
}
