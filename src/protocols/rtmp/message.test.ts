import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesReplay, fuzzParameters } from '../../lib/bytes/test-support/fuzz-replay.js';
import { hexBytes, hexOf } from '../../lib/bytes/test-support/hex.js';
import { MediaFormatError } from '../../lib/media-format-error.js';
import { splitAggregate } from './aggregate.js';
import {
  PeerBandwidthLimit,
  abortBody,
  acknowledgementBody,
  decodeUserControl,
  readControlU32,
  setChunkSizeBody,
  setPeerBandwidthBody,
  userControlBody,
  windowAckSizeBody,
  type RtmpMessage,
} from './message.js';
import { UserControlEvent } from './message-type.js';
import { cat } from './test-support/bytes.js';
import { AGGREGATE_FUZZ } from './test-support/fuzz-fixtures.js';

/** Protocol control and user control payloads (RTMP Specification 1.0, §5.4, §7.1.7). */
const controls: { name: string; bytes: Uint8Array; encode: () => Uint8Array }[] = [
  { name: 'Set Chunk Size 4096', bytes: hexBytes('00001000'), encode: () => setChunkSizeBody(4096) },
  {
    name: 'Set Chunk Size keeps the top bit clear',
    bytes: hexBytes('7fffffff'),
    encode: () => setChunkSizeBody(0xffffffff),
  },
  { name: 'Abort chunk stream 4', bytes: hexBytes('00000004'), encode: () => abortBody(4) },
  {
    name: 'Acknowledgement (wraps)',
    bytes: hexBytes('00000005'),
    encode: () => acknowledgementBody(2 ** 32 + 5),
  },
  { name: 'Window Ack Size 2.5 MB', bytes: hexBytes('002625a0'), encode: () => windowAckSizeBody(2_500_000) },
  {
    name: 'Set Peer Bandwidth dynamic',
    bytes: hexBytes('002625a0 02'),
    encode: () => setPeerBandwidthBody(2_500_000, PeerBandwidthLimit.dynamic),
  },
  {
    name: 'StreamBegin 1',
    bytes: hexBytes('0000 00000001'),
    encode: () => userControlBody(UserControlEvent.streamBegin, 1),
  },
  {
    name: 'PingResponse',
    bytes: hexBytes('0007 01020304'),
    encode: () => userControlBody(UserControlEvent.pingResponse, 0x01020304),
  },
  {
    name: 'SetBufferLength',
    bytes: hexBytes('0003 00000001 00000bb8'),
    encode: () => userControlBody(UserControlEvent.setBufferLength, 1, 3000),
  },
];

const tag = (type: number, ts: number, body: Uint8Array, streamId = 0): Uint8Array => {
  const h = Buffer.alloc(11);
  h[0] = type;
  h.writeUIntBE(body.length, 1, 3);
  h.writeUIntBE(ts & 0xffffff, 4, 3);
  h[7] = ts >>> 24;
  h.writeUIntBE(streamId, 8, 3);
  const back = Buffer.alloc(4);
  back.writeUInt32BE(11 + body.length);
  return cat(h, body, back);
};

const agg = (timestamp: number, payload: Uint8Array): RtmpMessage => ({
  csid: 4,
  typeId: 22,
  streamId: 1,
  timestamp,
  payload,
});

/** Aggregate messages (§7.1.6) and the sub-messages they split into. */
const aggregates: {
  name: string;
  msg: RtmpMessage;
  subs: { typeId: number; timestamp: number; payload: string }[];
}[] = [
  {
    name: 'audio and video renormalised to the aggregate timestamp',
    msg: agg(
      1000,
      cat(tag(8, 500, hexBytes('af01aa')), tag(9, 520, hexBytes('1701bb')), tag(8, 523, hexBytes('af01cc'))),
    ),
    subs: [
      { typeId: 8, timestamp: 1000, payload: 'af01aa' },
      { typeId: 9, timestamp: 1020, payload: '1701bb' },
      { typeId: 8, timestamp: 1023, payload: 'af01cc' },
    ],
  },
  {
    name: 'tag timestamps with the extended byte',
    msg: agg(0, cat(tag(9, 0x01000000, hexBytes('aa')), tag(9, 0x01000010, hexBytes('bb')))),
    subs: [
      { typeId: 9, timestamp: 0, payload: 'aa' },
      { typeId: 9, timestamp: 0x10, payload: 'bb' },
    ],
  },
  {
    name: 'wrap at 2^32',
    msg: agg(0xfffffff0, cat(tag(8, 0, hexBytes('aa')), tag(8, 0x20, hexBytes('bb')))),
    subs: [
      { typeId: 8, timestamp: 0xfffffff0, payload: 'aa' },
      { typeId: 8, timestamp: 0x10, payload: 'bb' },
    ],
  },
  {
    name: 'last back pointer missing, other tag types skipped',
    msg: agg(5, cat(tag(22, 0, hexBytes('00')), tag(18, 0, hexBytes('0502')).subarray(0, 13))),
    subs: [{ typeId: 18, timestamp: 5, payload: '0502' }],
  },
];

describe('RTMP control messages', () => {
  for (const c of controls) {
    it(`encodes ${c.name} byte-exact`, () => {
      expect(hexOf(c.encode())).toBe(hexOf(c.bytes));
    });
  }

  it('decodes user control and 32-bit control payloads', () => {
    expect(decodeUserControl(hexBytes('0006 0000abcd'))).toEqual({ event: 6, value: 0xabcd });
    expect(decodeUserControl(hexBytes('0001'))).toEqual({ event: 1, value: undefined });
    expect(readControlU32(hexBytes('002625a0 02'), 'x')).toBe(2_500_000);
    expect(() => readControlU32(hexBytes('0026'), 'window acknowledgement size')).toThrow(
      /window acknowledgement size/,
    );
    expect(() => decodeUserControl(hexBytes('00'))).toThrow(MediaFormatError);
  });
});

describe('splitAggregate', () => {
  for (const c of aggregates) {
    it(`splits ${c.name}`, () => {
      const out: RtmpMessage[] = [];
      splitAggregate(c.msg, (m) => out.push(m));
      expect(
        out.map((m) => ({ typeId: m.typeId, timestamp: m.timestamp, payload: hexOf(m.payload) })),
      ).toEqual(c.subs);
      expect(out.every((m) => m.streamId === 1 && m.payload.buffer === c.msg.payload.buffer)).toBe(true);
    });
  }

  it('emits the complete tags before a truncated one, then throws rtmp-bad-aggregate', () => {
    const out: RtmpMessage[] = [];
    const bytes = cat(tag(8, 0, hexBytes('aa')), tag(9, 0, hexBytes('bbccdd')).subarray(0, 13));
    expect(() => splitAggregate(agg(0, bytes), (m) => out.push(m))).toThrow(/runs past the end/);
    expect(out.length).toBe(1);
  });

  it('never throws anything but MediaFormatError on random bodies (fuzz)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        try {
          splitAggregate(agg(0, b), () => undefined);
        } catch (e) {
          if (!(e instanceof MediaFormatError)) {
            throw e;
          }
        }
      }),
      fuzzParameters({ numRuns: 2000, seed: 9 }, bytesReplay(AGGREGATE_FUZZ)),
    );
  });
});
