import { IPV4_BITS, IPV6_BITS, isIpv4Mapped, parseIpAddress, parseIpv4, parseIpv6 } from './ip-address.js';

/**
 * `IpRange` is one entry of an IP allow list in the ARM `IPRange` shape of Azure Media Services v3
 * (`{name, address, subnetPrefixLength}`, streamingservice.json 2022-11-01). `address` is written as
 * given (without any `/n` suffix); `subnetPrefixLength` is always resolved.
 */
export interface IpRange {
  readonly name: string;
  readonly address: string;
  readonly subnetPrefixLength: number;
}

/**
 * `IpRangeInput` is what an allow list entry may look like: a bare address (`10.0.0.1` = /32,
 * `2001:db8::1` = /128), CIDR text (`10.0.0.0/8`, `2001:db8::/32`) or the ARM shape, where
 * `subnetPrefixLength` may be left out when `address` is a bare address or carries its own `/n`.
 */
export type IpRangeInput =
  string | { readonly name?: string; readonly address: string; readonly subnetPrefixLength?: number };

/** `IpRangeError` is thrown for an invalid allow list entry; the message names the entry as written. */
export class IpRangeError extends Error {
  /** The entry as text (`address/prefix` for the ARM shape). */
  readonly entry: string;

  constructor(entry: string, reason: string) {
    super(`ip allow list entry ${JSON.stringify(entry)}: ${reason}`);
    this.name = 'IpRangeError';
    this.entry = entry;
  }
}

/** A range ready for matching: the network value with host bits cleared, and its mask. */
interface CompiledRange {
  readonly family: 4 | 6;
  readonly network: bigint;
  readonly mask: bigint;
}

function describeEntry(entry: unknown): string {
  if (typeof entry === 'string') {
    return entry;
  }
  if (typeof entry === 'object' && entry !== null && 'address' in entry) {
    const e = entry as { address: unknown; subnetPrefixLength?: unknown };
    return e.subnetPrefixLength === undefined
      ? String(e.address)
      : `${String(e.address)}/${String(e.subnetPrefixLength)}`;
  }
  return JSON.stringify(entry) ?? String(entry);
}

/** Splits `entry` into address text, prefix text (if any) and name. */
function splitEntry(entry: unknown, shown: string): { address: string; prefix: unknown; name: string } {
  if (typeof entry === 'string') {
    const text = entry.trim();
    const slash = text.indexOf('/');
    return slash < 0
      ? { address: text, prefix: undefined, name: text }
      : { address: text.slice(0, slash), prefix: text.slice(slash + 1), name: text };
  }
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw new IpRangeError(shown, 'expected "address/prefix" text or {name, address, subnetPrefixLength}');
  }
  const { name, address, subnetPrefixLength } = entry as Record<string, unknown>;
  if (typeof address !== 'string') {
    throw new IpRangeError(shown, 'address must be a string');
  }
  if (name !== undefined && typeof name !== 'string') {
    throw new IpRangeError(shown, 'name must be a string');
  }
  const slash = address.indexOf('/');
  if (slash >= 0 && subnetPrefixLength !== undefined) {
    throw new IpRangeError(
      shown,
      'give the prefix length either in address or in subnetPrefixLength, not both',
    );
  }
  return slash < 0
    ? { address: address.trim(), prefix: subnetPrefixLength, name: name ?? address.trim() }
    : {
        address: address.slice(0, slash).trim(),
        prefix: address.slice(slash + 1),
        name: name ?? address.trim(),
      };
}

function readPrefix(prefix: unknown, bits: number, shown: string): number {
  if (prefix === undefined) {
    return bits;
  }
  const n = typeof prefix === 'string' && /^\d{1,3}$/.test(prefix.trim()) ? Number(prefix) : prefix;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > bits) {
    throw new IpRangeError(shown, `prefix length must be 0..${bits}`);
  }
  return n;
}

function maskOf(prefix: number, bits: number): bigint {
  const all = (1n << BigInt(bits)) - 1n;
  return (all << BigInt(bits - prefix)) & all;
}

function compile(entry: unknown): { range: IpRange; compiled: CompiledRange } {
  const shown = describeEntry(entry);
  const { address, prefix, name } = splitEntry(entry, shown);
  const v4 = parseIpv4(address);
  if (v4 !== undefined) {
    const p = readPrefix(prefix, IPV4_BITS, shown);
    const mask = maskOf(p, IPV4_BITS);
    return {
      range: { name, address, subnetPrefixLength: p },
      compiled: { family: 4, network: v4 & mask, mask },
    };
  }
  const v6 = parseIpv6(address);
  if (v6 === undefined) {
    throw new IpRangeError(shown, `${JSON.stringify(address)} is not an IPv4 or IPv6 address`);
  }
  const p = readPrefix(prefix, IPV6_BITS, shown);
  const range = { name, address, subnetPrefixLength: p };
  // A range inside ::ffff:0:0/96 is an IPv4 range written in IPv6 form (RFC 4291 §2.5.5.2).
  const v4Bits = IPV6_BITS - IPV4_BITS;
  if (p >= v4Bits && isIpv4Mapped(v6)) {
    const mask = maskOf(p - v4Bits, IPV4_BITS);
    return { range, compiled: { family: 4, network: v6 & 0xffffffffn & mask, mask } };
  }
  const mask = maskOf(p, IPV6_BITS);
  return { range, compiled: { family: 6, network: v6 & mask, mask } };
}

/**
 * `parseIpRange` validates one allow list entry (see {@link IpRangeInput}) and returns it in the ARM
 * shape. Throws {@link IpRangeError} naming the entry, e.g.
 * `ip allow list entry "10.0.0.0/33": prefix length must be 0..32`.
 */
export function parseIpRange(entry: unknown): IpRange {
  return compile(entry).range;
}

/** `IpAllowListOptions` are the entries of an {@link IpAllowList}. */
export interface IpAllowListOptions {
  /** Allow list entries; an empty list allows nobody (AMS: "no rule means no IP is allowed"). */
  readonly entries: readonly unknown[];
}

/**
 * `IpAllowList` decides whether a remote address may connect. An empty list allows nobody;
 * `0.0.0.0/0` allows every IPv4 client (including IPv4-mapped IPv6 addresses such as
 * `::ffff:10.1.2.3`, which are matched as IPv4); `::/0` allows every IPv6 client. The constructor
 * throws {@link IpRangeError} for the first invalid entry.
 */
export class IpAllowList {
  /** The entries in ARM shape, in the order given. */
  readonly ranges: readonly IpRange[];
  #compiled: readonly CompiledRange[];

  constructor(options: IpAllowListOptions) {
    const parsed = options.entries.map(compile);
    this.ranges = parsed.map((p) => p.range);
    this.#compiled = parsed.map((p) => p.compiled);
  }

  /** `IpAllowList.from` is shorthand for `new IpAllowList({ entries })`. */
  static from(entries: readonly unknown[]): IpAllowList {
    return new IpAllowList({ entries });
  }

  /**
   * `allows` tells whether `remoteAddress` (as in `socket.remoteAddress`) is inside any range. An
   * address that cannot be read (undefined, a hostname, garbage) is never allowed.
   */
  allows(remoteAddress: string | undefined): boolean {
    if (remoteAddress === undefined) {
      return false;
    }
    const ip = parseIpAddress(remoteAddress);
    if (ip === undefined) {
      return false;
    }
    for (const r of this.#compiled) {
      if (r.family === ip.family && (ip.value & r.mask) === r.network) {
        return true;
      }
    }
    return false;
  }
}
