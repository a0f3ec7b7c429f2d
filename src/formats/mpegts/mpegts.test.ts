import { describe, expect, it } from 'vitest';
import { hexBytes, hexOf, hexText } from '../../lib/bytes/test-support/hex.js';
import { MediaFormatError } from '../../lib/media-format-error.js';
import { countingBytes, tsCases } from './test-support/ts-cases.js';
import { TS_PACKET_SIZE } from './ts-constants.js';
import { readTsSegment, type TsSegmentInfo } from './ts-segment-reader.js';
import { type TsPes, type TsProgram, writeTsSegment } from './ts-segment-writer.js';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (e) {
    if (e instanceof MediaFormatError) {
      return e.code;
    }
    throw e;
  }
  return undefined;
}

/** The reader's view of a segment, in the shape of the writer's input. */
function asWritten(info: TsSegmentInfo): { program: TsProgram; pes: TsPes[] } {
  const streamId = (pid: number): number => info.pes.find((p) => p.pid === pid)?.streamId ?? -1;
  return {
    program: {
      programNumber: info.pmt.programNumber,
      pmtPid: info.pat.programs[0]?.pid ?? -1,
      pcrPid: info.pmt.pcrPid,
      streams: info.pmt.streams.map((s) => ({ ...s, streamId: streamId(s.pid) })),
    },
    pes: info.pes.map((p) => ({
      pid: p.pid,
      pts: p.pts ?? -1,
      ...(p.dts === undefined ? {} : { dts: p.dts }),
      randomAccess: p.randomAccess,
      payload: [p.data],
    })),
  };
}

const joined = (chunks: readonly Uint8Array[]): Uint8Array => Uint8Array.from(Buffer.concat(chunks));

describe('MPEG-TS segments, byte-exact', () => {
  for (const c of tsCases) {
    const bytes = hexText(...c.packets);
    it(`writes ${c.name}`, () => {
      for (const p of c.packets) {
        expect(p.length).toBe(2 * TS_PACKET_SIZE);
      }
      expect(hexOf(writeTsSegment(c.program, c.pes))).toBe(bytes);
    });
    it(`reads ${c.name}`, () => {
      const info = readTsSegment(hexBytes(bytes));
      expect(info.pat).toEqual({
        transportStreamId: 1,
        programs: [{ programNumber: 1, pid: c.program.pmtPid }],
      });
      expect(info.packetCount).toBe(c.packets.length);
      expect(asWritten(info)).toEqual({
        program: { ...c.program, streams: c.program.streams.map((s) => ({ ...s })) },
        pes: c.pes.map((p) => ({
          pid: p.pid,
          pts: p.pts,
          ...(p.dts === undefined ? {} : { dts: p.dts }),
          randomAccess: p.randomAccess ?? false,
          payload: [joined(p.payload)],
        })),
      });
      expect(info.pes.map((p) => p.pcr)).toEqual(
        c.pes.map((p) => (p.pid === c.program.pcrPid ? (p.dts ?? p.pts) : undefined)),
      );
    });
  }
});

/** A valid two-stream segment to break in the error table. */
const valid = writeTsSegment(
  {
    programNumber: 1,
    pmtPid: 0x1000,
    pcrPid: 0x100,
    streams: [
      { pid: 0x100, streamType: 0x1b, streamId: 0xe0 },
      { pid: 0x101, streamType: 0x0f, streamId: 0xc0 },
    ],
  },
  [
    { pid: 0x100, pts: 3000, dts: 0, randomAccess: true, payload: [countingBytes(0, 400)] },
    { pid: 0x101, pts: 10, payload: [countingBytes(0, 20)] },
  ],
);
// Packets: 0 PAT, 1 PMT, 2..4 video PES (400 + 19 bytes), 5 audio PES.

function mutated(edit: (b: Uint8Array) => void): Uint8Array {
  const b = Uint8Array.from(valid);
  edit(b);
  return b;
}
/** `edited` is `valid` with the byte at `at` replaced by `f` of it. */
function edited(at: number, f: (v: number) => number): Uint8Array {
  return mutated((b) => {
    b[at] = f(b[at] ?? 0);
  });
}
const packet = (n: number): number => n * TS_PACKET_SIZE;
/** Where the audio PES starts: after the packet header and 150 bytes of adaptation-field stuffing. */
const audioPes = packet(5) + 4 + 150;

describe('readTsSegment errors', () => {
  it('reads the unbroken segment', () => {
    const info = readTsSegment(valid);
    expect(info.pes.map((p) => [p.pid, p.pts, p.dts, p.data.byteLength])).toEqual([
      [0x100, 3000, 0, 400],
      [0x101, 10, undefined, 20],
    ]);
  });

  it.each<[string, () => Uint8Array, string]>([
    ['a length that is not whole packets', () => valid.subarray(0, valid.byteLength - 1), 'ts-bad-length'],
    ['no input at all', () => new Uint8Array(0), 'ts-missing-psi'],
    ['a wrong sync byte', () => mutated((b) => (b[packet(3)] = 0x46)), 'ts-bad-sync'],
    ['transport_error_indicator', () => edited(packet(2) + 1, (v) => v | 0x80), 'ts-transport-error'],
    ['scrambled payload', () => edited(packet(5) + 3, (v) => v | 0x80), 'ts-scrambled'],
    ['adaptation_field_control 00', () => edited(packet(5) + 3, (v) => v & 0xcf), 'ts-bad-adaptation-field'],
    [
      'an adaptation field of 183 bytes before payload',
      () => mutated((b) => (b[packet(5) + 4] = 183)),
      'ts-bad-adaptation-field',
    ],
    [
      'a PCR that does not fit its adaptation field',
      () =>
        mutated((b) => {
          b.set(hexBytes('0110'), packet(5) + 4); // length 1, PCR_flag, then the rest as payload
        }),
      'ts-bad-adaptation-field',
    ],
    ['a PAT with a broken CRC_32', () => edited(packet(0) + 20, (v) => v ^ 1), 'ts-bad-crc'],
    ['a PMT with a broken CRC_32', () => edited(packet(1) + 8, (v) => v ^ 0x10), 'ts-bad-crc'],
    ['a section_length past 1021', () => mutated((b) => (b[packet(0) + 6] = 0xb4)), 'ts-bad-section'],
    ['a pointer_field past the payload', () => mutated((b) => (b[packet(0) + 4] = 184)), 'ts-bad-section'],
    ['no PMT (its table_id changed)', () => mutated((b) => (b[packet(1) + 5] = 0x03)), 'ts-missing-psi'],
    ['a skipped continuity_counter', () => edited(packet(3) + 3, (v) => v + 1), 'ts-continuity'],
    ['a PES without its start code', () => mutated((b) => (b[audioPes] = 2)), 'ts-bad-pes-start'],
    ['a PES_packet_length one byte short', () => mutated((b) => (b[audioPes + 5] = 27)), 'ts-bad-pes-length'],
    ['a PES_packet_length one byte long', () => mutated((b) => (b[audioPes + 5] = 29)), 'ts-bad-pes-length'],
    ['a PTS marker bit of 0', () => edited(audioPes + 11, (v) => v & 0xfe), 'ts-bad-timestamp'],
    ['PTS_DTS_flags 01', () => mutated((b) => (b[audioPes + 7] = 0x40)), 'ts-bad-pes-header'],
    [
      'a PES header longer than its packet',
      () => mutated((b) => (b[audioPes + 8] = 40)),
      'ts-bad-pes-header',
    ],
    [
      'a PAT section cut off at the end',
      () => mutated((b) => (b[packet(0) + 7] = 0xff)), // section_length 255: runs past the packet
      'truncated',
    ],
  ])('rejects %s', (_name, input, code) => {
    expect(codeOf(() => readTsSegment(input()))).toBe(code);
  });

  it('skips one exact duplicate of a packet, and rejects a second one', () => {
    const dup = (copies: number): Uint8Array => {
      const p2 = valid.subarray(packet(2), packet(3));
      return Uint8Array.from(
        Buffer.concat([
          valid.subarray(0, packet(3)),
          ...Array.from({ length: copies }, () => p2),
          valid.subarray(packet(3)),
        ]),
      );
    };
    expect(readTsSegment(dup(1)).pes.map((p) => p.data.byteLength)).toEqual([400, 20]);
    expect(codeOf(() => readTsSegment(dup(2)))).toBe('ts-continuity');
  });

  it('accepts a counter jump where discontinuity_indicator is set', () => {
    // The audio packet has an adaptation field (stuffing): set its discontinuity_indicator, move its counter.
    const b = mutated((x) => {
      x[packet(5) + 3] = 0x30 | 9;
      x[packet(5) + 5] = 0x80;
    });
    expect(readTsSegment(b).pes.length).toBe(2);
  });

  it('ignores packets of unknown PIDs and elementary packets before the PMT', () => {
    const stray = mutated((b) => (b[packet(5) + 2] = 0x77)); // audio packet moved to PID 0x177
    const info = readTsSegment(stray);
    expect(info.pes.map((p) => p.pid)).toEqual([0x100]);
    expect(info.ignoredPackets).toBe(1);
    // An audio packet before the PAT (counter 15, so the segment's counter 0 follows on): ignored.
    const before = Uint8Array.from(valid.subarray(packet(5)));
    before[3] = 0x30 | 15;
    before[TS_PACKET_SIZE - 1] = 0x55;
    const early = Uint8Array.from(Buffer.concat([before, valid]));
    expect(readTsSegment(early).pes.map((p) => p.pid)).toEqual([0x100, 0x101]);
  });
});
