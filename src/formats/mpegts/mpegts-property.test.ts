import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesReplay, fuzzParameters } from '../../lib/bytes/test-support/fuzz-replay.js';
import { hexBytes, hexOf } from '../../lib/bytes/test-support/hex.js';
import { MediaFormatError } from '../../lib/media-format-error.js';
import { TS_READER_FUZZ } from '../test-support/fuzz-fixtures.js';
import { tsCases } from './test-support/ts-cases.js';
import { TS_PACKET_SIZE, TS_SYNC_BYTE } from './ts-constants.js';
import { readTsSegment } from './ts-segment-reader.js';
import { type TsPes, type TsProgram, writeTsSegment } from './ts-segment-writer.js';

const VIDEO = { pid: 0x100, streamType: 0x1b, streamId: 0xe0 };
const AUDIO = { pid: 0x101, streamType: 0x0f, streamId: 0xc0 };
const TIMESTAMP_LIMIT = 2 ** 33;

/** A random program (video, audio or both) and a PES sequence on it, payloads split into random chunks. */
const segmentArbitrary = fc
  .constantFrom<readonly (typeof VIDEO)[]>([VIDEO, AUDIO], [VIDEO], [AUDIO])
  .chain((streams) => {
    const program: TsProgram = { programNumber: 1, pmtPid: 0x1000, pcrPid: streams[0]?.pid ?? 0, streams };
    const pes = fc.record({
      pid: fc.constantFrom(...streams.map((s) => s.pid)),
      pts: fc.nat({ max: TIMESTAMP_LIMIT - 1 }),
      dts: fc.option(fc.nat({ max: TIMESTAMP_LIMIT - 1 }), { nil: undefined }),
      randomAccess: fc.boolean(),
      payload: fc.array(fc.uint8Array({ maxLength: 400 }), { maxLength: 4 }),
    });
    return fc.tuple(fc.constant(program), fc.array(pes, { maxLength: 12 }));
  })
  .map(([program, pes]) => ({
    program,
    pes: pes.map(({ dts, ...p }): TsPes => (dts === undefined ? p : { ...p, dts })),
  }));

describe('MPEG-TS write → read (property)', () => {
  it('gives back every PES with its PID, times, flags and bytes, and the PCR on the PCR PID', () => {
    fc.assert(
      fc.property(segmentArbitrary, ({ program, pes }) => {
        const bytes = writeTsSegment(program, pes);
        expect(bytes.byteLength % TS_PACKET_SIZE).toBe(0);
        const info = readTsSegment(bytes);
        expect(info.pmt).toEqual({
          programNumber: 1,
          pcrPid: program.pcrPid,
          streams: program.streams.map((s) => ({ streamType: s.streamType, pid: s.pid })),
        });
        expect(
          info.pes.map((p) => ({
            pid: p.pid,
            streamId: p.streamId,
            pts: p.pts,
            dts: p.dts,
            randomAccess: p.randomAccess,
            pcr: p.pcr,
            data: hexOf(p.data),
          })),
        ).toEqual(
          pes.map((p) => {
            const dts = p.dts !== undefined && p.dts !== p.pts ? p.dts : undefined;
            return {
              pid: p.pid,
              streamId: p.pid === VIDEO.pid ? 0xe0 : 0xc0,
              pts: p.pts,
              dts,
              randomAccess: p.randomAccess === true,
              pcr: p.pid === program.pcrPid ? (dts ?? p.pts) : undefined,
              data: hexOf(Buffer.concat(p.payload)),
            };
          }),
        );
      }),
      { numRuns: 400, seed: 138181 },
    );
  });

  it('writes unbounded video PES past 65535 bytes and rejects audio PES that large', () => {
    const big = new Uint8Array(70_000).fill(7);
    const program = { programNumber: 1, pmtPid: 0x1000, pcrPid: 0x100, streams: [VIDEO, AUDIO] };
    const info = readTsSegment(writeTsSegment(program, [{ pid: 0x100, pts: 1, payload: [big] }]));
    expect(info.pes.map((p) => [p.packetLength, p.data.byteLength])).toEqual([[0, 70_000]]);
    expect(() => writeTsSegment(program, [{ pid: 0x101, pts: 1, payload: [big] }])).toThrow(RangeError);
  });

  it('rejects programs it cannot write', () => {
    const write =
      (program: TsProgram, pes: TsPes[] = []) =>
      () =>
        writeTsSegment(program, pes);
    const base = { programNumber: 1, pmtPid: 0x1000, pcrPid: 0x100, streams: [VIDEO] };
    expect(write({ ...base, pcrPid: 0x101 })).toThrow(/pcr pid/);
    expect(write({ ...base, pmtPid: 0x0001 })).toThrow(/range/);
    expect(write({ ...base, streams: [VIDEO, VIDEO] })).toThrow(/twice/);
    expect(write(base, [{ pid: 0x101, pts: 0, payload: [] }])).toThrow(/not one of/);
    expect(write(base, [{ pid: 0x100, pts: Number.NaN, payload: [] }])).toThrow(/non-finite/);
  });

  it('wraps timestamps past 2^33 and negative ones to the 33-bit clock', () => {
    const program = { programNumber: 1, pmtPid: 0x1000, pcrPid: 0x100, streams: [VIDEO] };
    const info = readTsSegment(
      writeTsSegment(program, [{ pid: 0x100, pts: TIMESTAMP_LIMIT + 5, dts: -1, payload: [] }]),
    );
    expect(info.pes.map((p) => [p.pts, p.dts, p.pcr])).toEqual([
      [5, TIMESTAMP_LIMIT - 1, TIMESTAMP_LIMIT - 1],
    ]);
  });
});

describe('readTsSegment on random or mutated input (fuzz)', () => {
  const seeds = [
    ...tsCases.map((c) => hexBytes(...c.packets)),
    writeTsSegment({ programNumber: 1, pmtPid: 0x1000, pcrPid: 0x100, streams: [VIDEO, AUDIO] }, [
      { pid: 0x100, pts: 9000, dts: 6000, randomAccess: true, payload: [new Uint8Array(1000).fill(0x11)] },
      { pid: 0x101, pts: 6000, payload: [new Uint8Array(300).fill(0x22)] },
      { pid: 0x100, pts: 12000, payload: [new Uint8Array(5).fill(0x33)] },
    ]),
  ];
  /** Random packets that at least start with the sync byte, so the reader gets past the first check. */
  const syncedNoise = fc.uint8Array({ minLength: TS_PACKET_SIZE, maxLength: 4 * TS_PACKET_SIZE }).map((b) => {
    const out = b.subarray(0, b.byteLength - (b.byteLength % TS_PACKET_SIZE));
    for (let at = 0; at < out.byteLength; at += TS_PACKET_SIZE) {
      out[at] = TS_SYNC_BYTE;
    }
    return out;
  });
  const mutated = fc
    .tuple(
      fc.constantFrom(...seeds),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
      fc.nat(),
      fc.boolean(),
    )
    .map(([seed, flips, cut, doCut]) => {
      const b = Uint8Array.from(seed);
      for (const [i, v] of flips) {
        b[i % b.length] = v;
      }
      return doCut ? b.subarray(0, cut % (b.length + 1)) : b;
    });
  /** Whole packets of a seed, shuffled: reordered and dropped packets. */
  const shuffled = fc
    .tuple(fc.constantFrom(...seeds), fc.array(fc.nat(), { maxLength: 8 }))
    .map(([seed, order]) => {
      const count = seed.byteLength / TS_PACKET_SIZE;
      return Uint8Array.from(
        Buffer.concat(
          order.map((i) => seed.subarray((i % count) * TS_PACKET_SIZE, ((i % count) + 1) * TS_PACKET_SIZE)),
        ),
      );
    });

  it('either reads the input or throws MediaFormatError, and never reads more PES bytes than it was given', () => {
    fc.assert(
      fc.property(fc.oneof(mutated, syncedNoise, shuffled, fc.uint8Array({ maxLength: 400 })), (bytes) => {
        try {
          const info = readTsSegment(bytes);
          const total = info.pes.reduce((sum, p) => sum + p.data.byteLength, 0);
          expect(total).toBeLessThanOrEqual(bytes.byteLength);
        } catch (e) {
          if (!(e instanceof MediaFormatError)) {
            throw e;
          }
        }
      }),
      fuzzParameters({ numRuns: 5000, seed: 2188 }, bytesReplay(TS_READER_FUZZ)),
    );
  });
});
