import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hexBytes } from '../../lib/bytes/test-support/hex.js';
import { MediaFormatError } from '../../lib/media-format-error.js';
import { ClientHandshake, ServerHandshake, answerClientHello } from './handshake.js';
import { GENUINE_FMS_KEY, GENUINE_FP_KEY } from './handshake-digest.js';

// Keys spelled out independently of the implementation (librtmp handshake.h, nginx-rtmp).
const SUFFIX = hexBytes('f0eec24a8068bee82e00d0d1029e7e576eec5d2d29806fab93b8e636cfeb31ae');
const FP_TEXT = Buffer.from('Genuine Adobe Flash Player 001', 'latin1');
const FMS_TEXT = Buffer.from('Genuine Adobe Flash Media Server 001', 'latin1');
const FMS_FULL = Buffer.concat([FMS_TEXT, SUFFIX]);

const hmac = (key: Uint8Array, ...parts: Uint8Array[]): Buffer => {
  const h = createHmac('sha256', key);
  parts.forEach((p) => h.update(p));
  return h.digest();
};

/** Deterministic bytes: a linear congruential sequence from `seed`. */
function pseudoRandom(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

function offsetFor(block: Uint8Array, scheme: 0 | 1): number {
  const base = scheme === 0 ? 8 : 772;
  const sum = block[base]! + block[base + 1]! + block[base + 2]! + block[base + 3]!;
  return (sum % 728) + base + 4;
}

/** A C0+C1 as Flash Player 9+ builds it: version 9.0.124.2, digest signed with the 30-byte FP key. */
function flashC0C1(scheme: 0 | 1, seed: number): Uint8Array {
  const c1 = pseudoRandom(1536, seed);
  c1.set([0, 0, 0, 0, 9, 0, 124, 2], 0);
  const off = offsetFor(c1, scheme);
  c1.set(hmac(FP_TEXT, c1.subarray(0, off), c1.subarray(off + 32)), off);
  return Uint8Array.of(3, ...c1);
}

function plainC0C1(seed: number): Uint8Array {
  const c1 = pseudoRandom(1536, seed);
  c1.set([0, 0, 0, 1, 0, 0, 0, 0], 0);
  return Uint8Array.of(3, ...c1);
}

const fixedRandom = (n: number): Uint8Array => pseudoRandom(n, 7);

const cases: { name: string; c0c1: Uint8Array; mode: 'plain' | 'digest'; scheme: 0 | 1 | undefined }[] = [
  { name: 'plain (zero version field)', c0c1: plainC0C1(1), mode: 'plain', scheme: undefined },
  { name: 'digest scheme 0 (offset from bytes 8..11)', c0c1: flashC0C1(0, 2), mode: 'digest', scheme: 0 },
  { name: 'digest scheme 1 (offset from bytes 772..775)', c0c1: flashC0C1(1, 3), mode: 'digest', scheme: 1 },
  { name: 'digest scheme 0, other random', c0c1: flashC0C1(0, 99), mode: 'digest', scheme: 0 },
  {
    name: 'version set but no valid digest falls back to plain',
    c0c1: (() => {
      const b = flashC0C1(0, 4);
      const at = offsetFor(b.subarray(1), 0) + 1;
      b[at] = (b[at] ?? 0) ^ 0xff;
      return b;
    })(),
    mode: 'plain',
    scheme: undefined,
  },
];

describe('RTMP handshake (server)', () => {
  it('uses the published Genuine Adobe keys', () => {
    expect(Buffer.from(GENUINE_FMS_KEY).equals(FMS_FULL)).toBe(true);
    expect(Buffer.from(GENUINE_FP_KEY).equals(Buffer.concat([FP_TEXT, SUFFIX]))).toBe(true);
  });

  for (const c of cases) {
    it(`answers ${c.name}`, () => {
      const hello = answerClientHello(c.c0c1, { random: fixedRandom, epoch: 1234 });
      expect(hello.mode).toBe(c.mode);
      expect(hello.scheme).toBe(c.scheme);
      const r = hello.response;
      expect(r.byteLength).toBe(1 + 1536 * 2);
      expect(r[0]).toBe(3);
      const s1 = r.subarray(1, 1537);
      const s2 = r.subarray(1537);
      expect(Buffer.from(s1.subarray(0, 4)).readUInt32BE(0)).toBe(1234);
      const c1 = c.c0c1.subarray(1);
      if (c.mode === 'plain') {
        expect([...s1.subarray(4, 8)]).toEqual([0, 0, 0, 0]);
        expect(Buffer.from(s1.subarray(8)).equals(Buffer.from(fixedRandom(1528)))).toBe(true);
        expect(Buffer.from(s2).equals(Buffer.from(c1))).toBe(true);
        return;
      }
      // S1: server version >= 3 (ffmpeg checks it), digest with the 36-byte FMS key in the client's scheme.
      expect(s1[4]).toBeGreaterThanOrEqual(3);
      const off = offsetFor(s1, c.scheme!);
      const expected = hmac(FMS_TEXT, s1.subarray(0, off), s1.subarray(off + 32));
      expect(Buffer.from(s1.subarray(off, off + 32)).equals(expected)).toBe(true);
      // S2: last 32 bytes = HMAC(S2[0..1504], HMAC(clientDigest, full FMS key)).
      const coff = offsetFor(c1, c.scheme!);
      const key = hmac(FMS_FULL, c1.subarray(coff, coff + 32));
      expect(Buffer.from(s2.subarray(1504)).equals(hmac(key, s2.subarray(0, 1504)))).toBe(true);
    });
  }

  const badVersions = [0, 6, 8, 0x47];
  for (const v of badVersions) {
    it(`rejects c0 version ${v} with rtmp-bad-version`, () => {
      const b = plainC0C1(5);
      b[0] = v;
      expect(() => answerClientHello(b)).toThrow(MediaFormatError);
      const hs = new ServerHandshake();
      let code = '';
      try {
        hs.feed(Uint8Array.of(v));
      } catch (e) {
        code = (e as MediaFormatError).code;
      }
      expect(code).toBe('rtmp-bad-version');
    });
  }

  it('rejects a short c0+c1', () => {
    expect(() => answerClientHello(new Uint8Array(100))).toThrow(/need 1537/);
  });

  it('runs incrementally one byte at a time, accepts any c2 and returns the bytes after it', () => {
    const hs = new ServerHandshake({ random: fixedRandom });
    const c2 = pseudoRandom(1536, 42); // garbage c2: not an echo of s1
    const after = Uint8Array.of(0x02, 0, 0, 0);
    const input = Uint8Array.of(...flashC0C1(1, 8), ...c2, ...after);
    const sent: Uint8Array[] = [];
    let rest: Uint8Array[] = [];
    let done = false;
    for (let i = 0; i < input.length; i++) {
      const step = hs.feed(input.subarray(i, i + 1));
      if (step.send) {
        sent.push(step.send);
        expect(i).toBe(1536);
      }
      if (step.done) {
        if (done && step.rest) {
          rest.push(step.rest);
        }
        if (!done) {
          expect(i).toBe(1536 * 2);
          rest = step.rest ? [step.rest] : [];
        }
        done = true;
      }
    }
    expect(sent.length).toBe(1);
    expect(hs.mode).toBe('digest');
    expect(Buffer.concat(rest).equals(Buffer.from(after))).toBe(true);
  });

  it('completes with the plain client in memory, whatever the split (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 2000 }), { minLength: 1, maxLength: 8 }), (sizes) => {
        const server = new ServerHandshake();
        const client = new ClientHandshake();
        const toServer = [client.hello()];
        let serverDone = false;
        let clientDone = false;
        for (let round = 0; round < 10 && !(serverDone && clientDone); round++) {
          const bytes = Buffer.concat(toServer.splice(0));
          const toClient: Uint8Array[] = [];
          for (let at = 0, k = 0; at < bytes.length; k++) {
            const n = sizes[k % sizes.length]!;
            const step = server.feed(bytes.subarray(at, at + n));
            at += n;
            if (step.send) {
              toClient.push(step.send);
            }
            serverDone ||= step.done;
          }
          const back = Buffer.concat(toClient);
          for (let at = 0, k = 0; at < back.length; k++) {
            const n = sizes[(k + 1) % sizes.length]!;
            const step = client.feed(back.subarray(at, at + n));
            at += n;
            if (step.send) {
              toServer.push(step.send);
            }
            clientDone ||= step.done;
          }
        }
        expect(serverDone && clientDone).toBe(true);
      }),
      { numRuns: 50, seed: 7 },
    );
  });

  it('client rejects a server version other than 3', () => {
    const client = new ClientHandshake();
    client.hello();
    expect(() => client.feed(Uint8Array.of(6))).toThrow(/version 6/);
  });
});
