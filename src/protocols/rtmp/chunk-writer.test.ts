import { describe, expect, it } from 'vitest';
import { hexBytes, hexOf } from '../../lib/bytes/test-support/hex.js';
import { ChunkReader } from './chunk-reader.js';
import { ChunkWriter } from './chunk-writer.js';
import type { RtmpMessage } from './message.js';
import { cat, seq } from './test-support/bytes.js';

const m = (
  csid: number,
  typeId: number,
  streamId: number,
  timestamp: number,
  payload: Uint8Array,
): RtmpMessage => ({
  csid,
  typeId,
  streamId,
  timestamp,
  payload,
});

/** One table: messages written in order with a chunk size, and the exact bytes (RTMP Specification 1.0, §5.3). */
const cases: { name: string; chunkSize: number; messages: RtmpMessage[]; bytes: Uint8Array }[] = [
  {
    name: 'first message on a chunk stream: type 0',
    chunkSize: 128,
    messages: [m(3, 20, 0, 0, hexBytes('0500'))],
    bytes: hexBytes('03 000000 000002 14 00000000 0500'),
  },
  {
    name: 'same stream, new length: type 1 with the delta',
    chunkSize: 128,
    messages: [m(4, 8, 1, 100, hexBytes('aa')), m(4, 8, 1, 123, hexBytes('bbcc'))],
    bytes: hexBytes('04 000064 000001 08 01000000 aa   44 000017 000002 08 bbcc'),
  },
  {
    name: 'same length and type: type 2, then type 3 for the same delta',
    chunkSize: 128,
    messages: [
      m(4, 8, 1, 0, hexBytes('aa')),
      m(4, 8, 1, 23, hexBytes('bb')),
      m(4, 8, 1, 46, hexBytes('cc')),
      m(4, 8, 1, 70, hexBytes('dd')),
    ],
    bytes: hexBytes('04 000000 000001 08 01000000 aa   84 000017 bb   c4 cc   84 000018 dd'),
  },
  {
    name: 'no type 3 for a new message right after type 0 (implementations disagree on its delta)',
    chunkSize: 128,
    messages: [m(4, 8, 1, 10, hexBytes('aa')), m(4, 8, 1, 20, hexBytes('bb'))],
    bytes: hexBytes('04 00000a 000001 08 01000000 aa   84 00000a bb'),
  },
  {
    name: 'timestamp going backwards: type 0',
    chunkSize: 128,
    messages: [m(4, 8, 1, 100, hexBytes('aa')), m(4, 8, 1, 50, hexBytes('bb'))],
    bytes: hexBytes('04 000064 000001 08 01000000 aa   04 000032 000001 08 01000000 bb'),
  },
  {
    name: 'new message stream id: type 0',
    chunkSize: 128,
    messages: [m(4, 8, 1, 0, hexBytes('aa')), m(4, 8, 2, 0, hexBytes('bb'))],
    bytes: hexBytes('04 000000 000001 08 01000000 aa   04 000000 000001 08 02000000 bb'),
  },
  {
    name: 'split into chunks with type-3 continuations',
    chunkSize: 4,
    messages: [m(6, 9, 1, 0, seq(10))],
    bytes: cat(
      hexBytes('06 000000 00000a 09 01000000'),
      seq(4),
      hexBytes('c6'),
      seq(4, 4),
      hexBytes('c6'),
      seq(2, 8),
    ),
  },
  {
    name: 'payload of exactly the chunk size has no empty trailing chunk',
    chunkSize: 4,
    messages: [m(6, 9, 1, 0, seq(8))],
    bytes: cat(hexBytes('06 000000 000008 09 01000000'), seq(4), hexBytes('c6'), seq(4, 4)),
  },
  {
    name: 'extended timestamp, repeated on every continuation',
    chunkSize: 4,
    messages: [m(6, 9, 1, 0x01020304, seq(6))],
    bytes: cat(hexBytes('06 ffffff 000006 09 01000000 01020304'), seq(4), hexBytes('c6 01020304'), seq(2, 4)),
  },
  {
    name: 'timestamp 0xffffff exactly uses the extended field',
    chunkSize: 128,
    messages: [m(4, 8, 1, 0xffffff, hexBytes('aa'))],
    bytes: hexBytes('04 ffffff 000001 08 01000000 00ffffff aa'),
  },
  {
    name: 'small delta from an extended timestamp: type 2 without extended field',
    chunkSize: 128,
    messages: [m(4, 8, 1, 0x01000000, hexBytes('aa')), m(4, 8, 1, 0x01000014, hexBytes('bb'))],
    bytes: hexBytes('04 ffffff 000001 08 01000000 01000000 aa   84 000014 bb'),
  },
  {
    name: 'delta across the 2^32 wrap: type 2',
    chunkSize: 128,
    messages: [m(4, 8, 1, 0xfffffff0, hexBytes('aa')), m(4, 8, 1, 0x10, hexBytes('bb'))],
    bytes: hexBytes('04 ffffff 000001 08 01000000 fffffff0 aa   84 000020 bb'),
  },
  {
    name: 'delta of 0xffffff or more: type 0',
    chunkSize: 128,
    messages: [m(4, 8, 1, 0, hexBytes('aa')), m(4, 8, 1, 0x01000000, hexBytes('bb'))],
    bytes: hexBytes('04 000000 000001 08 01000000 aa   04 ffffff 000001 08 01000000 01000000 bb'),
  },
  {
    name: '2-byte chunk stream id on every chunk',
    chunkSize: 2,
    messages: [m(100, 9, 1, 0, seq(3))],
    bytes: cat(hexBytes('00 24 000000 000003 09 01000000'), seq(2), hexBytes('c0 24'), seq(1, 2)),
  },
  {
    name: '3-byte chunk stream id 65599',
    chunkSize: 128,
    messages: [m(65599, 9, 1, 0, hexBytes('aa'))],
    bytes: hexBytes('01 ffff 000000 000001 09 01000000 aa'),
  },
  {
    name: 'empty payload',
    chunkSize: 128,
    messages: [m(3, 20, 0, 0, new Uint8Array(0))],
    bytes: hexBytes('03 000000 000000 14 00000000'),
  },
];

describe('ChunkWriter', () => {
  for (const c of cases) {
    it(`writes ${c.name} byte-exact`, () => {
      const w = new ChunkWriter({ chunkSize: c.chunkSize });
      expect(hexOf(cat(...c.messages.map((x) => w.encode(x))))).toBe(hexOf(c.bytes));
    });
    it(`reads back ${c.name}`, () => {
      const out: RtmpMessage[] = [];
      const r = new ChunkReader({
        maxMessageSize: 1 << 20,
        maxChunkStreams: 64,
        maxBufferedBytes: 1 << 22,
        onMessage: (x) => out.push(x),
      });
      if (c.chunkSize !== 128) {
        r.feed(cat(hexBytes('02 000000 000004 01 00000000'), Uint8Array.of(0, 0, 0, c.chunkSize)));
        out.length = 0;
      }
      r.feed(c.bytes);
      expect(out.map((x) => ({ ...x, payload: hexOf(x.payload) }))).toEqual(
        c.messages.map((x) => ({ ...x, payload: hexOf(x.payload) })),
      );
    });
  }

  it('rejects chunk sizes and chunk stream ids outside the protocol ranges', () => {
    const w = new ChunkWriter();
    expect(() => w.setChunkSize(0)).toThrow(RangeError);
    expect(() => w.setChunkSize(0x1000000)).toThrow(RangeError);
    expect(() => w.encode(m(1, 8, 0, 0, hexBytes('aa')))).toThrow(RangeError);
    expect(() => w.encode(m(65600, 8, 0, 0, hexBytes('aa')))).toThrow(RangeError);
  });

  it('copies the payload, so the caller may reuse its buffer after encode', () => {
    const w = new ChunkWriter();
    const payload = seq(10);
    const out = w.encode(m(4, 8, 1, 0, payload));
    payload.fill(0);
    expect(hexOf(out.subarray(12))).toBe(hexOf(seq(10)));
  });
});

describe('ChunkWriter.write (ffmpeg header rule and write pattern)', () => {
  function pieces(w: ChunkWriter, msgs: RtmpMessage[]): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (const x of msgs) {
      w.write(x, (b) => {
        out.push(Uint8Array.from(b));
        return true;
      });
    }
    return out;
  }
  function readBack(bytes: Uint8Array, chunkSize: number): RtmpMessage[] {
    const out: RtmpMessage[] = [];
    const r = new ChunkReader({
      maxMessageSize: 1 << 20,
      maxChunkStreams: 64,
      maxBufferedBytes: 1 << 22,
      onMessage: (x) => out.push({ ...x, payload: Uint8Array.from(x.payload) }),
    });
    if (chunkSize !== 128) {
      r.feed(
        cat(hexBytes('02 000000 000004 01 00000000'), Uint8Array.of(0, 0, chunkSize >> 8, chunkSize & 0xff)),
      );
      out.length = 0;
    }
    r.feed(bytes);
    return out;
  }

  it('writes the header, then every chunk and every continuation marker in a call of its own', () => {
    const w = new ChunkWriter({ chunkSize: 4, headers: 'ffmpeg' });
    const got = pieces(w, [m(6, 9, 1, 40, seq(10))]);
    expect(got.map(hexOf)).toEqual([
      hexOf(hexBytes('06 000028 00000a 09 01000000')),
      hexOf(seq(10).subarray(0, 4)),
      'c6',
      hexOf(seq(10).subarray(4, 8)),
      'c6',
      hexOf(seq(10).subarray(8)),
    ]);
  });

  it('picks the headers ffmpeg picks: full for data and for media at 0, type 3 on a repeated field', () => {
    const w = new ChunkWriter({ chunkSize: 128, headers: 'ffmpeg' });
    const msgs = [
      m(4, 18, 1, 0, seq(3)), // data: type 0
      m(4, 8, 1, 0, seq(2)), // audio at 0: type 0 although the stream is known
      m(4, 8, 1, 23, seq(2)), // same length and type, field 23: type 2
      m(4, 8, 1, 46, seq(2)), // same delta: type 3
      m(4, 8, 1, 70, seq(5)), // new length: type 1
      m(4, 8, 1, 60, seq(5)), // backwards: type 0
    ];
    const firstBytes = pieces(w, msgs).map((b) => b[0]! >> 6);
    expect(firstBytes.filter((_, i) => i % 2 === 0)).toEqual([0, 0, 2, 3, 1, 0]);
  });

  it('writes what ChunkReader reads back as the same messages, extended timestamps included', () => {
    for (const headers of ['ffmpeg', 'compact'] as const) {
      const w = new ChunkWriter({ chunkSize: 5, headers });
      const msgs = [
        m(6, 9, 1, 0, seq(12)),
        m(6, 9, 1, 33, seq(12)),
        m(6, 9, 1, 66, seq(12)),
        m(4, 8, 1, 70, seq(3)),
        m(6, 9, 1, 0x1000000, seq(11)),
        m(6, 9, 1, 0x1000021, seq(11)),
        m(6, 9, 1, 0x2000021, seq(7)),
      ];
      const back = readBack(cat(...pieces(w, msgs)), 5);
      expect(
        back.map((x) => [x.csid, x.typeId, x.timestamp, hexOf(x.payload)]),
        headers,
      ).toEqual(msgs.map((x) => [x.csid, x.typeId, x.timestamp, hexOf(x.payload)]));
    }
  });

  it('writes the same bytes as encode under the same rule', () => {
    const msgs = [
      m(4, 8, 1, 0, seq(300)),
      m(4, 8, 1, 21, seq(300)),
      m(4, 8, 1, 42, seq(300)),
      m(70, 9, 1, 5, seq(9)),
    ];
    const a = new ChunkWriter({ chunkSize: 128 });
    const b = new ChunkWriter({ chunkSize: 128 });
    expect(hexOf(cat(...pieces(a, msgs)))).toBe(hexOf(cat(...msgs.map((x) => b.encode(x)))));
  });
});
