/**
 * `IpAddress` is an IP address as a number: `family` 4 holds a 32-bit value, `family` 6 a 128-bit value.
 * IPv4-mapped IPv6 addresses (`::ffff:1.2.3.4`, RFC 4291 §2.5.5.2) are returned as IPv4 by
 * {@link parseIpAddress} so that an IPv4 client seen through a dual-stack socket matches IPv4 rules.
 */
export interface IpAddress {
  readonly family: 4 | 6;
  readonly value: bigint;
}

/** `IPV4_BITS` is the width of an IPv4 address (RFC 791 §3.1). */
export const IPV4_BITS = 32;
/** `IPV6_BITS` is the width of an IPv6 address (RFC 4291 §2). */
export const IPV6_BITS = 128;

/** The ::ffff:0:0/96 prefix of IPv4-mapped IPv6 addresses (RFC 4291 §2.5.5.2). */
const MAPPED_PREFIX = 0xffffn << 32n;
const MAPPED_MASK = ((1n << 96n) - 1n) << 32n;

const IPV4_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const HEXTET_PATTERN = /^[0-9a-fA-F]{1,4}$/;

/**
 * `parseIpv4` reads a dotted-quad IPv4 address into a 32-bit value, or returns `undefined`. Octets with
 * leading zeros are refused: some stacks read them as octal, so `010.0.0.1` is ambiguous.
 */
export function parseIpv4(text: string): bigint | undefined {
  const m = IPV4_PATTERN.exec(text);
  if (m === null) {
    return undefined;
  }
  let value = 0n;
  for (const part of m.slice(1)) {
    if (part.length > 1 && part.startsWith('0')) {
      return undefined;
    }
    const octet = Number(part);
    if (octet > 255) {
      return undefined;
    }
    value = (value << 8n) | BigInt(octet);
  }
  return value;
}

/**
 * `parseIpv6` reads an IPv6 address in any RFC 4291 §2.2 text form (`::` compression, a dotted IPv4
 * tail) into a 128-bit value, or returns `undefined`. A zone index (`fe80::1%eth0`) is not accepted here.
 */
export function parseIpv6(text: string): bigint | undefined {
  let head = text;
  let tailV4: bigint | undefined;
  const lastColon = text.lastIndexOf(':');
  if (lastColon >= 0 && text.includes('.', lastColon)) {
    tailV4 = parseIpv4(text.slice(lastColon + 1));
    if (tailV4 === undefined) {
      return undefined;
    }
    // Drop the IPv4 tail, keeping a "::" that ends right before it ("::1.2.3.4").
    head = text[lastColon - 1] === ':' ? text.slice(0, lastColon + 1) : text.slice(0, lastColon);
  }
  const width = tailV4 === undefined ? 8 : 6;
  const halves = head.split('::');
  if (halves.length > 2) {
    return undefined;
  }
  const split = (s: string | undefined): string[] => (s === undefined || s === '' ? [] : s.split(':'));
  const left = split(halves[0]);
  const right = halves.length === 2 ? split(halves[1]) : [];
  const missing = width - left.length - right.length;
  if ((halves.length === 2 && missing < 1) || (halves.length === 1 && missing !== 0)) {
    return undefined;
  }
  const hextets = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
  let value = 0n;
  for (const h of hextets) {
    if (!HEXTET_PATTERN.test(h)) {
      return undefined;
    }
    value = (value << 16n) | BigInt(parseInt(h, 16));
  }
  return tailV4 === undefined ? value : (value << 32n) | tailV4;
}

/**
 * `parseIpAddress` reads an IPv4 or IPv6 address as Node reports it in `socket.remoteAddress`: a zone
 * index is dropped and IPv4-mapped IPv6 addresses become IPv4. Returns `undefined` for anything else.
 */
export function parseIpAddress(text: string): IpAddress | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) {
    return { family: 4, value: v4 };
  }
  const zone = text.indexOf('%');
  const v6 = parseIpv6(zone >= 0 ? text.slice(0, zone) : text);
  if (v6 === undefined) {
    return undefined;
  }
  if ((v6 & MAPPED_MASK) === MAPPED_PREFIX) {
    return { family: 4, value: v6 & 0xffffffffn };
  }
  return { family: 6, value: v6 };
}

/** `isIpv4Mapped` tells whether a 128-bit IPv6 value lies in ::ffff:0:0/96 (RFC 4291 §2.5.5.2). */
export function isIpv4Mapped(value: bigint): boolean {
  return (value & MAPPED_MASK) === MAPPED_PREFIX;
}
