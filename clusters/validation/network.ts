import type { Fail } from './fail.ts';

/** RFC 1918 blocks: where a database or a VPC may live. */
const PRIVATE_BLOCKS: ReadonlyArray<readonly [number, number]> = [
  [ipv4('10.0.0.0')!, 8],
  [ipv4('172.16.0.0')!, 12],
  [ipv4('192.168.0.0')!, 16],
];

/** The address as an unsigned 32-bit number, or undefined when it is not dotted IPv4. */
export function ipv4(value: string): number | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(value ?? '');
  if (!match) return undefined;
  const octets = match.slice(1).map(Number);
  if (octets.some((octet) => octet > 255)) return undefined;
  return octets.reduce((sum, octet) => sum * 256 + octet, 0);
}

interface Cidr {
  readonly base: number;
  readonly bits: number;
}

function parseCidr(value: string): Cidr | undefined {
  const [address = '', bits = '', ...rest] = String(value ?? '').split('/');
  const base = ipv4(address);
  if (base === undefined || rest.length > 0 || !/^\d{1,2}$/.test(bits) || Number(bits) > 32) {
    return undefined;
  }
  return { base, bits: Number(bits) };
}

function contains(block: Cidr, address: number): boolean {
  const size = 2 ** (32 - block.bits);
  return Math.floor(address / size) === Math.floor(block.base / size);
}

/**
 * A network policy ipBlock that admits only a private network: an aligned IPv4 CIDR inside
 * RFC 1918. `0.0.0.0/0` or a public block would open the port to the internet.
 */
export function checkPrivateCidr(value: string, field: string, fail: Fail): void {
  const cidr = parseCidr(value);
  if (!cidr) fail(field, `(${value}) is not an IPv4 CIDR`);
  if (cidr.base % 2 ** (32 - cidr.bits) !== 0) {
    fail(field, `(${value}) has host bits set; write its network address`);
  }
  const inside = PRIVATE_BLOCKS.some(([base, bits]) =>
    cidr.bits >= bits && contains({ base, bits }, cidr.base));
  if (!inside) {
    fail(field, `(${value}) is not inside a private range (10/8, 172.16/12, 192.168/16)`);
  }
}

/** True when `address` (dotted IPv4) lies in the CIDR `block`. */
export function cidrContains(block: string, address: string): boolean {
  const cidr = parseCidr(block);
  const ip = ipv4(address);
  return cidr !== undefined && ip !== undefined && contains(cidr, ip);
}

export function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/**
 * A URL written into plain env or a manifest: no credentials (they would sit in Git and in
 * `kubectl describe`), no query or fragment (services append paths to it).
 */
export function checkPlainUrl(url: URL, raw: string, field: string, fail: Fail): void {
  if (url.username || url.password) {
    fail(field, `(${redact(url)}) must not carry credentials; they belong in a Secret`);
  }
  if (url.search || url.hash || raw.includes('?') || raw.includes('#')) {
    fail(field, `(${raw}) must not have a query or fragment`);
  }
}

// A password in a config error would end up in CI logs.
function redact(url: URL): string {
  const copy = new URL(url.href);
  if (copy.username) copy.username = '***';
  if (copy.password) copy.password = '***';
  return copy.href;
}
