import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIpAddress } from './ip-address.js';
import { IpAllowList, IpRangeError, parseIpRange } from './ip-range.js';

/** One table: an allow list and the remote addresses it must allow and refuse. */
const cases: { name: string; entries: unknown[]; allowed: string[]; refused: string[] }[] = [
  {
    name: 'empty list allows nobody',
    entries: [],
    allowed: [],
    refused: ['127.0.0.1', '::1', '::ffff:127.0.0.1', '0.0.0.0'],
  },
  {
    name: '0.0.0.0/0 allows every IPv4 and IPv4-mapped address, no IPv6',
    entries: ['0.0.0.0/0'],
    allowed: ['1.2.3.4', '255.255.255.255', '::ffff:10.1.2.3', '::FFFF:7f00:1'],
    refused: ['::1', '2001:db8::1', 'fe80::1%eth0'],
  },
  {
    name: '::/0 allows every IPv6 address, no IPv4',
    entries: ['::/0'],
    allowed: ['::1', '2001:db8::1', 'fe80::1%eth0', '::'],
    refused: ['1.2.3.4', '::ffff:1.2.3.4'],
  },
  {
    name: 'CIDR /8 and a bare address (/32)',
    entries: ['10.0.0.0/8', '192.168.1.5'],
    allowed: ['10.0.0.0', '10.255.255.255', '192.168.1.5', '::ffff:10.9.8.7', '::ffff:192.168.1.5'],
    refused: ['11.0.0.0', '9.255.255.255', '192.168.1.6', '192.168.1.4'],
  },
  {
    name: 'host bits in a CIDR entry are ignored',
    entries: ['10.1.2.3/16'],
    allowed: ['10.1.0.0', '10.1.255.1'],
    refused: ['10.2.0.0'],
  },
  {
    name: 'IPv6 /32 and a bare IPv6 address (/128)',
    entries: ['2001:db8::/32', '::1'],
    allowed: ['2001:db8::', '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff', '2001:0DB8:0:0:0:0:0:1', '::1'],
    refused: ['2001:db9::', '::2', '127.0.0.1'],
  },
  {
    name: 'ARM shape with subnetPrefixLength',
    entries: [{ name: 'office', address: '172.16.0.0', subnetPrefixLength: 12 }],
    allowed: ['172.16.0.1', '172.31.255.255'],
    refused: ['172.32.0.0', '172.15.255.255'],
  },
  {
    name: 'ARM "AllowAll" example',
    entries: [{ name: 'AllowAll', address: '0.0.0.0', subnetPrefixLength: 0 }],
    allowed: ['8.8.8.8', '::ffff:8.8.8.8'],
    refused: ['2001:db8::1'],
  },
  {
    name: 'ARM shape without prefix length is a single address',
    entries: [{ address: '203.0.113.7' }],
    allowed: ['203.0.113.7'],
    refused: ['203.0.113.8'],
  },
  {
    name: 'IPv4-mapped entry matches the IPv4 client',
    entries: ['::ffff:10.0.0.0/104'],
    allowed: ['10.2.3.4', '::ffff:10.2.3.4'],
    refused: ['11.0.0.1', '::a00:1'],
  },
  {
    name: 'IPv6 with an embedded IPv4 tail',
    entries: ['64:ff9b::192.0.2.0/120'],
    allowed: ['64:ff9b::c000:201', '64:ff9b::192.0.2.255'],
    refused: ['64:ff9b::c000:301', '192.0.2.1'],
  },
  {
    name: 'a single IPv4 /0 and a single IPv6 /0 together allow all',
    entries: ['0.0.0.0/0', '::/0'],
    allowed: ['1.1.1.1', '::1', '::ffff:1.1.1.1'],
    refused: ['not-an-ip', '', 'localhost', '1.2.3'],
  },
];

/** Invalid entries and the exact message each must produce. */
const invalid: { entry: unknown; message: string }[] = [
  { entry: '10.0.0.0/33', message: 'ip allow list entry "10.0.0.0/33": prefix length must be 0..32' },
  { entry: '::/129', message: 'ip allow list entry "::/129": prefix length must be 0..128' },
  { entry: '10.0.0.0/', message: 'ip allow list entry "10.0.0.0/": prefix length must be 0..32' },
  { entry: '10.0.0.0/x', message: 'ip allow list entry "10.0.0.0/x": prefix length must be 0..32' },
  { entry: '10.0.0.0/-1', message: 'ip allow list entry "10.0.0.0/-1": prefix length must be 0..32' },
  {
    entry: '256.0.0.1',
    message: 'ip allow list entry "256.0.0.1": "256.0.0.1" is not an IPv4 or IPv6 address',
  },
  {
    entry: '010.0.0.1',
    message: 'ip allow list entry "010.0.0.1": "010.0.0.1" is not an IPv4 or IPv6 address',
  },
  {
    entry: 'example.com',
    message: 'ip allow list entry "example.com": "example.com" is not an IPv4 or IPv6 address',
  },
  { entry: '1::2::3', message: 'ip allow list entry "1::2::3": "1::2::3" is not an IPv4 or IPv6 address' },
  {
    entry: { name: 'x', address: '10.0.0.0', subnetPrefixLength: 40 },
    message: 'ip allow list entry "10.0.0.0/40": prefix length must be 0..32',
  },
  {
    entry: { address: '10.0.0.0/8', subnetPrefixLength: 8 },
    message:
      'ip allow list entry "10.0.0.0/8/8": give the prefix length either in address or in subnetPrefixLength, not both',
  },
  { entry: { address: 7 }, message: 'ip allow list entry "7": address must be a string' },
  {
    entry: 42,
    message:
      'ip allow list entry "42": expected "address/prefix" text or {name, address, subnetPrefixLength}',
  },
];

describe('IpAllowList', () => {
  for (const c of cases) {
    it(c.name, () => {
      const list = IpAllowList.from(c.entries);
      for (const a of c.allowed) {
        expect(list.allows(a), `${a} should be allowed`).toBe(true);
      }
      for (const a of c.refused) {
        expect(list.allows(a), `${a} should be refused`).toBe(false);
      }
    });
  }

  it('refuses an undefined remote address (destroyed socket)', () => {
    expect(IpAllowList.from(['0.0.0.0/0', '::/0']).allows(undefined)).toBe(false);
  });

  it('keeps the entries in ARM shape, names defaulting to the entry text', () => {
    const list = new IpAllowList({
      entries: ['10.0.0.0/8', '::1', { name: 'lab', address: '192.0.2.0', subnetPrefixLength: 24 }],
    });
    expect(list.ranges).toEqual([
      { name: '10.0.0.0/8', address: '10.0.0.0', subnetPrefixLength: 8 },
      { name: '::1', address: '::1', subnetPrefixLength: 128 },
      { name: 'lab', address: '192.0.2.0', subnetPrefixLength: 24 },
    ]);
  });

  for (const c of invalid) {
    it(`rejects ${JSON.stringify(c.entry)}`, () => {
      expect(() => parseIpRange(c.entry)).toThrow(IpRangeError);
      expect(() => parseIpRange(c.entry)).toThrow(c.message);
      expect(() => IpAllowList.from(['0.0.0.0/0', c.entry])).toThrow(c.message);
    });
  }

  it('matches every IPv4 address exactly as the prefix arithmetic says (property)', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.ipV4(), fc.integer({ min: 0, max: 32 }), (net, addr, prefix) => {
        const list = IpAllowList.from([`${net}/${prefix}`]);
        const toInt = (s: string): number => s.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
        const shift = 2 ** (32 - prefix);
        const expected = Math.floor(toInt(net) / shift) === Math.floor(toInt(addr) / shift);
        expect(list.allows(addr)).toBe(expected);
        expect(list.allows(`::ffff:${addr}`)).toBe(expected);
      }),
      { numRuns: 2000, seed: 20240601 },
    );
  });

  it('reads every IPv6 text form fast-check produces the same as its expanded form (property)', () => {
    fc.assert(
      fc.property(fc.ipV6(), (addr) => {
        const ip = parseIpAddress(addr);
        expect(ip).toBeDefined();
        const expanded = ip?.family === 6 ? ip.value.toString(16).padStart(32, '0') : undefined;
        if (expanded !== undefined) {
          const full = expanded.match(/.{4}/g)?.join(':') ?? '';
          expect(parseIpAddress(full)).toEqual(ip);
          expect(IpAllowList.from([`${addr}/128`]).allows(full)).toBe(true);
        }
      }),
      { numRuns: 1000, seed: 7 },
    );
  });
});
