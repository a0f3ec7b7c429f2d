import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzParameters } from '../../lib/bytes/test-support/fuzz-replay.js';
import { hexBytes, hexOf } from '../../lib/bytes/test-support/hex.js';
import { MediaFormatError } from '../../lib/media-format-error.js';
import { ChunkReader, type ChunkReaderOptions } from './chunk-reader.js';
import { ChunkWriter } from './chunk-writer.js';
import { setChunkSizeBody, type RtmpMessage } from './message.js';
import { cat, errorCode, seq } from './test-support/bytes.js';
import { chunkReaderCases, type ExpectedMessage } from './test-support/chunk-reader-cases.js';
import { CHUNK_READER_FUZZ } from './test-support/fuzz-fixtures.js';

const LIMITS = { maxMessageSize: 1 << 20, maxChunkStreams: 64, maxBufferedBytes: 1 << 22 };

function read(
  bytes: Uint8Array,
  split: number[] = [bytes.length],
  limits: Partial<ChunkReaderOptions> = {},
): RtmpMessage[] {
  const out: RtmpMessage[] = [];
  const r = new ChunkReader({ ...LIMITS, ...limits, onMessage: (m) => out.push(m) });
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const n = Math.max(1, split[k % split.length] ?? 1);
    r.feed(bytes.subarray(at, at + n));
    at += n;
  }
  return out;
}

const plain = (m: RtmpMessage | ExpectedMessage): object => ({ ...m, payload: hexOf(m.payload) });

const errors: { name: string; bytes: Uint8Array; code: string; limits?: Partial<ChunkReaderOptions> }[] = [
  { name: 'type 3 on an unknown chunk stream', bytes: hexBytes('c3 00'), code: 'rtmp-missing-header' },
  { name: 'type 2 on an unknown chunk stream', bytes: hexBytes('83 000000'), code: 'rtmp-missing-header' },
  {
    name: 'message larger than maxMessageSize',
    bytes: hexBytes('03 000000 000401 09 01000000'),
    code: 'rtmp-message-too-large',
    limits: { maxMessageSize: 1024 },
  },
  {
    name: 'more chunk streams than maxChunkStreams',
    bytes: hexBytes(
      '03 000000 000001 09 01000000 aa  04 000000 000001 09 01000000 aa  05 000000 000001 09 01000000 aa',
    ),
    code: 'rtmp-too-many-chunk-streams',
    limits: { maxChunkStreams: 2 },
  },
  {
    name: 'partial messages above maxBufferedBytes',
    bytes: cat(
      hexBytes('04 000000 0000c8 09 01000000'),
      seq(128),
      hexBytes('06 000000 0000c8 09 01000000'),
      seq(10),
    ),
    code: 'rtmp-buffer-limit',
    limits: { maxBufferedBytes: 300 },
  },
  {
    name: 'Set Chunk Size 0',
    bytes: hexBytes('02 000000 000004 01 00000000 00000000'),
    code: 'rtmp-bad-chunk-size',
  },
  {
    name: 'Set Chunk Size with the top bit set',
    bytes: hexBytes('02 000000 000004 01 00000000 80000000'),
    code: 'rtmp-bad-chunk-size',
  },
  {
    name: 'Set Chunk Size shorter than 4 bytes',
    bytes: hexBytes('02 000000 000002 01 00000000 0100'),
    code: 'rtmp-bad-control',
  },
  {
    name: 'Abort shorter than 4 bytes',
    bytes: hexBytes('02 000000 000001 02 00000000 04'),
    code: 'rtmp-bad-control',
  },
];

describe('ChunkReader', () => {
  for (const c of chunkReaderCases) {
    it(`reads ${c.name} (whole, then one byte at a time)`, () => {
      expect(read(c.bytes).map(plain)).toEqual(c.messages.map(plain));
      expect(read(c.bytes, [1]).map(plain)).toEqual(c.messages.map(plain));
    });
  }

  it('reads every case whatever the split (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...chunkReaderCases),
        fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 10 }),
        (c, split) => {
          expect(read(c.bytes, split).map(plain)).toEqual(c.messages.map(plain));
        },
      ),
      { numRuns: 400, seed: 11 },
    );
  });

  for (const c of errors) {
    it(`rejects ${c.name} with ${c.code}`, () => {
      expect(errorCode(() => read(c.bytes, undefined, c.limits))).toBe(c.code);
      expect(errorCode(() => read(c.bytes, [1], c.limits))).toBe(c.code);
    });
  }

  it('stays failed after an error', () => {
    const r = new ChunkReader({ ...LIMITS, onMessage: () => undefined });
    expect(errorCode(() => r.feed(hexBytes('c3')))).toBe('rtmp-missing-header');
    expect(errorCode(() => r.feed(hexBytes('03 000000 000000 14 00000000')))).toBe('rtmp-missing-header');
  });

  it('clamps Set Chunk Size above 0xFFFFFF (all larger sizes are equivalent, §5.4.1)', () => {
    const r = new ChunkReader({ ...LIMITS, onMessage: () => undefined });
    r.feed(hexBytes('02 000000 000004 01 00000000 7fffffff'));
    expect(r.chunkSize).toBe(0xffffff);
  });

  it('releases the buffered bytes of an aborted message', () => {
    const r = new ChunkReader({ ...LIMITS, onMessage: () => undefined });
    r.feed(cat(hexBytes('04 000000 0000c8 09 01000000'), seq(128)));
    expect(r.bufferedBytes).toBe(200);
    r.feed(hexBytes('02 000000 000004 02 00000000 00000004'));
    expect(r.bufferedBytes).toBe(0);
    expect(r.discardedMessages).toBe(1);
  });

  it('delivers a message inside one slice as a view, and reassembled messages in disjoint ranges', () => {
    const input = cat(
      hexBytes('04 000000 000003 09 01000000 010203'),
      hexBytes('06 000000 000082 09 01000000'),
      seq(128, 0),
      hexBytes('c6 8081'),
      hexBytes('06 000001 000082 09 01000000'),
      seq(128, 7),
      hexBytes('c6 0909'),
    );
    const out: RtmpMessage[] = [];
    const r = new ChunkReader({ ...LIMITS, onMessage: (m) => out.push(m) });
    r.feed(input);
    expect(out.length).toBe(3);
    expect(out[0]?.payload.buffer).toBe(input.buffer);
    const [a, b] = [out[1]!.payload, out[2]!.payload];
    expect(a.buffer).not.toBe(input.buffer);
    // Reassembled bodies share a slab: they must not overlap, and neither is ever written again.
    expect(a.buffer !== b.buffer || a.byteOffset + a.byteLength <= b.byteOffset).toBe(true);
    r.feed(cat(hexBytes('06 000002 000082 09 01000000'), seq(128, 50), hexBytes('c6 0a0b')));
    expect(hexOf(out[1]!.payload)).toBe(hexOf(cat(seq(128, 0), hexBytes('8081'))));
    expect(hexOf(out[2]!.payload)).toBe(hexOf(cat(seq(128, 7), hexBytes('0909'))));
  });

  it('copies a small message out of a large slice so that keeping it does not keep the slice', () => {
    // A Node Buffer, as sockets deliver: its `slice()` is a view, so the copy must not rely on it.
    const large = Buffer.alloc(64 * 1024);
    const message = hexBytes('04 000000 000003 09 01000000 0a0b0c');
    large.set(message, 0);
    const out: RtmpMessage[] = [];
    const r = new ChunkReader({ ...LIMITS, onMessage: (m) => out.push(m) });
    r.feed(large.subarray(0, message.byteLength));
    expect(hexOf(out[0]!.payload)).toBe('0a0b0c');
    expect(out[0]?.payload.buffer).not.toBe(large.buffer);
  });

  it('with transientInput copies every message out of the input, which the caller then reuses', () => {
    const out: RtmpMessage[] = [];
    const r = new ChunkReader({ ...LIMITS, transientInput: true, onMessage: (m) => out.push(m) });
    const input = hexBytes('04 000000 000003 09 01000000 0a0b0c');
    r.feed(input);
    input.fill(0);
    expect(out.length).toBe(1);
    expect(out[0]?.payload.buffer).not.toBe(input.buffer);
    expect(hexOf(out[0]!.payload)).toBe('0a0b0c');
  });

  it('reads back what ChunkWriter wrote, with any chunk size, csid, timestamp and split (property)', () => {
    const message = fc.record({
      csid: fc.oneof(fc.integer({ min: 3, max: 63 }), fc.integer({ min: 64, max: 65599 })),
      typeId: fc.constantFrom(8, 9, 18, 20),
      streamId: fc.constantFrom(0, 1, 2),
      timestamp: fc.oneof(
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0xfffff0, max: 0x1000010 }),
        fc.integer({ min: 0xffffff00, max: 0xffffffff }),
      ),
      length: fc.integer({ min: 0, max: 700 }),
    });
    fc.assert(
      fc.property(
        fc.array(message, { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 300 }),
        fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 1, maxLength: 6 }),
        (msgs, chunkSize, split) => {
          const w = new ChunkWriter();
          const parts: Uint8Array[] = [
            w.encode({ csid: 2, typeId: 1, streamId: 0, timestamp: 0, payload: setChunkSizeBody(chunkSize) }),
          ];
          w.setChunkSize(chunkSize);
          const want = msgs.map((m, i) => ({
            csid: m.csid,
            typeId: m.typeId,
            streamId: m.streamId,
            timestamp: m.timestamp,
            payload: seq(m.length, i),
          }));
          for (const m of want) {
            parts.push(w.encode(m));
          }
          const got = read(cat(...parts), split).slice(1);
          expect(got.map(plain)).toEqual(want.map(plain));
        },
      ),
      { numRuns: 300, seed: 5 },
    );
  });

  it('never throws anything but MediaFormatError and stays within maxBufferedBytes on random or mutated input (fuzz)', () => {
    const seeds = chunkReaderCases.map((c) => c.bytes);
    const mutated = fc
      .tuple(
        fc.constantFrom(...seeds),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
      )
      .map(([seed, flips]) => {
        const b = Uint8Array.from(seed);
        for (const [i, v] of flips) {
          b[i % b.length] = v;
        }
        return b;
      });
    const random = fc.uint8Array({ maxLength: 600 });
    const limit = 4096;
    fc.assert(
      fc.property(
        fc.oneof(mutated, random),
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 5 }),
        (bytes, split) => {
          const r = new ChunkReader({
            maxMessageSize: 2048,
            maxChunkStreams: 8,
            maxBufferedBytes: limit,
            onMessage: () => undefined,
          });
          try {
            for (let at = 0, k = 0; at < bytes.length; k++) {
              const n = split[k % split.length]!;
              r.feed(bytes.subarray(at, at + n));
              at += n;
              expect(r.bufferedBytes).toBeLessThanOrEqual(limit);
            }
          } catch (e) {
            if (!(e instanceof MediaFormatError)) {
              throw e;
            }
          }
        },
      ),
      fuzzParameters(
        { numRuns: 3000, seed: 42 },
        {
          set: CHUNK_READER_FUZZ,
          args: (f): [Uint8Array, number[]] => [hexBytes(f.hex), [...f.split]],
          fields: ([bytes, split]) => ({ hex: hexOf(bytes), split }),
        },
      ),
    );
  });
});
