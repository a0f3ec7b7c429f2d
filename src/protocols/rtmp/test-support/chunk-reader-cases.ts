import { hexBytes } from '../../../lib/bytes/test-support/hex.js';
import { cat, seq } from './bytes.js';

/** `ExpectedMessage` is a message as the chunk reader should deliver it. */
export interface ExpectedMessage {
  csid: number;
  typeId: number;
  streamId: number;
  timestamp: number;
  payload: Uint8Array;
}

/** `ChunkReaderCase` is chunk bytes and the messages they carry. */
export interface ChunkReaderCase {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly messages: ExpectedMessage[];
}

/** One table: chunk bytes and the messages they carry (RTMP Specification 1.0, §5.3). */
export const chunkReaderCases: readonly ChunkReaderCase[] = [
  {
    name: 'type 0, 1-byte chunk stream id',
    bytes: hexBytes('03 000064 000005 14 01000000 68656c6c6f'),
    messages: [{ csid: 3, typeId: 20, streamId: 1, timestamp: 100, payload: hexBytes('68656c6c6f') }],
  },
  {
    name: '2-byte chunk stream id 64',
    bytes: hexBytes('00 00 000000 000001 08 00000000 aa'),
    messages: [{ csid: 64, typeId: 8, streamId: 0, timestamp: 0, payload: hexBytes('aa') }],
  },
  {
    name: '2-byte chunk stream id 319',
    bytes: hexBytes('00 ff 000001 000001 08 00000000 aa'),
    messages: [{ csid: 319, typeId: 8, streamId: 0, timestamp: 1, payload: hexBytes('aa') }],
  },
  {
    name: '3-byte chunk stream id 320',
    bytes: hexBytes('01 0001 000002 000001 09 02000000 bb'),
    messages: [{ csid: 320, typeId: 9, streamId: 2, timestamp: 2, payload: hexBytes('bb') }],
  },
  {
    name: '3-byte chunk stream id 65599',
    bytes: hexBytes('01 ffff 000003 000001 09 ffffffff cc'),
    messages: [{ csid: 65599, typeId: 9, streamId: 0xffffffff, timestamp: 3, payload: hexBytes('cc') }],
  },
  {
    name: 'type 1: delta, new length and type, same stream id',
    bytes: hexBytes('04 000010 000002 08 01000000 aabb   44 000005 000003 09 ccddee'),
    messages: [
      { csid: 4, typeId: 8, streamId: 1, timestamp: 0x10, payload: hexBytes('aabb') },
      { csid: 4, typeId: 9, streamId: 1, timestamp: 0x15, payload: hexBytes('ccddee') },
    ],
  },
  {
    name: 'type 2: delta only',
    bytes: hexBytes('04 000010 000001 08 01000000 aa   84 000007 bb'),
    messages: [
      { csid: 4, typeId: 8, streamId: 1, timestamp: 0x10, payload: hexBytes('aa') },
      { csid: 4, typeId: 8, streamId: 1, timestamp: 0x17, payload: hexBytes('bb') },
    ],
  },
  {
    name: 'type 3 starting a message repeats the type-2 delta',
    bytes: hexBytes('04 000010 000001 08 01000000 aa   84 000007 bb   c4 cc   c4 dd'),
    messages: [
      { csid: 4, typeId: 8, streamId: 1, timestamp: 0x10, payload: hexBytes('aa') },
      { csid: 4, typeId: 8, streamId: 1, timestamp: 0x17, payload: hexBytes('bb') },
      { csid: 4, typeId: 8, streamId: 1, timestamp: 0x1e, payload: hexBytes('cc') },
      { csid: 4, typeId: 8, streamId: 1, timestamp: 0x25, payload: hexBytes('dd') },
    ],
  },
  {
    name: 'type 3 after type 0 uses the type-0 timestamp as delta (§5.3.1.2.4)',
    bytes: hexBytes('04 000010 000001 08 01000000 aa   c4 bb'),
    messages: [
      { csid: 4, typeId: 8, streamId: 1, timestamp: 0x10, payload: hexBytes('aa') },
      { csid: 4, typeId: 8, streamId: 1, timestamp: 0x20, payload: hexBytes('bb') },
    ],
  },
  {
    name: 'message of 200 bytes in two chunks of the default size 128',
    bytes: cat(hexBytes('03 000000 0000c8 14 00000000'), seq(128), hexBytes('c3'), seq(72, 128)),
    messages: [{ csid: 3, typeId: 20, streamId: 0, timestamp: 0, payload: seq(200) }],
  },
  {
    name: 'extended timestamp on type 0',
    bytes: hexBytes('03 ffffff 000001 08 01000000 01000000 aa'),
    messages: [{ csid: 3, typeId: 8, streamId: 1, timestamp: 0x01000000, payload: hexBytes('aa') }],
  },
  {
    name: 'extended timestamp 0xffffff exactly',
    bytes: hexBytes('03 ffffff 000001 08 01000000 00ffffff aa'),
    messages: [{ csid: 3, typeId: 8, streamId: 1, timestamp: 0xffffff, payload: hexBytes('aa') }],
  },
  {
    name: 'extended timestamp repeated on the type-3 continuation (Adobe, librtmp)',
    bytes: cat(
      hexBytes('06 ffffff 000082 09 01000000 12345678'),
      seq(128),
      hexBytes('c6 12345678'),
      seq(2, 128),
    ),
    messages: [{ csid: 6, typeId: 9, streamId: 1, timestamp: 0x12345678, payload: seq(130) }],
  },
  {
    name: 'extended timestamp omitted on the type-3 continuation',
    bytes: cat(hexBytes('06 ffffff 00008c 09 01000000 12345678'), seq(128), hexBytes('c6'), seq(12, 128)),
    messages: [{ csid: 6, typeId: 9, streamId: 1, timestamp: 0x12345678, payload: seq(140) }],
  },
  {
    name: 'extended delta on type 1',
    bytes: hexBytes('04 000000 000001 08 01000000 aa   44 ffffff 000001 08 01000000 bb'),
    messages: [
      { csid: 4, typeId: 8, streamId: 1, timestamp: 0, payload: hexBytes('aa') },
      { csid: 4, typeId: 8, streamId: 1, timestamp: 0x01000000, payload: hexBytes('bb') },
    ],
  },
  {
    name: 'type 3 starting a message after an extended type 0 carries the field',
    bytes: hexBytes('03 ffffff 000001 08 01000000 01000000 aa   c3 01000000 bb'),
    messages: [
      { csid: 3, typeId: 8, streamId: 1, timestamp: 0x01000000, payload: hexBytes('aa') },
      { csid: 3, typeId: 8, streamId: 1, timestamp: 0x02000000, payload: hexBytes('bb') },
    ],
  },
  {
    name: 'timestamp wraps at 2^32',
    bytes: hexBytes('04 ffffff 000001 08 01000000 fffffff0 aa   84 000020 bb'),
    messages: [
      { csid: 4, typeId: 8, streamId: 1, timestamp: 0xfffffff0, payload: hexBytes('aa') },
      { csid: 4, typeId: 8, streamId: 1, timestamp: 0x10, payload: hexBytes('bb') },
    ],
  },
  {
    name: 'Set Chunk Size applies to the next chunk',
    bytes: cat(
      hexBytes('02 000000 000004 01 00000000 000000c8'),
      hexBytes('03 000000 0000c8 14 00000000'),
      seq(200),
    ),
    messages: [
      { csid: 2, typeId: 1, streamId: 0, timestamp: 0, payload: hexBytes('000000c8') },
      { csid: 3, typeId: 20, streamId: 0, timestamp: 0, payload: seq(200) },
    ],
  },
  {
    name: 'Abort Message drops the partial message of its chunk stream',
    bytes: cat(
      hexBytes('04 000000 0000c8 09 01000000'),
      seq(128),
      hexBytes('02 000000 000004 02 00000000 00000004'),
      hexBytes('04 000001 000001 09 01000000 aa'),
    ),
    messages: [
      { csid: 2, typeId: 2, streamId: 0, timestamp: 0, payload: hexBytes('00000004') },
      { csid: 4, typeId: 9, streamId: 1, timestamp: 1, payload: hexBytes('aa') },
    ],
  },
  {
    name: 'interleaved chunk streams',
    bytes: cat(
      hexBytes('04 000005 000082 08 01000000'),
      seq(128, 0),
      hexBytes('06 000007 000082 09 01000000'),
      seq(128, 50),
      hexBytes('c4'),
      seq(2, 128),
      hexBytes('c6'),
      seq(2, 178),
    ),
    messages: [
      { csid: 4, typeId: 8, streamId: 1, timestamp: 5, payload: seq(130, 0) },
      { csid: 6, typeId: 9, streamId: 1, timestamp: 7, payload: seq(130, 50) },
    ],
  },
  {
    name: 'zero-length message',
    bytes: hexBytes('03 000000 000000 14 00000000'),
    messages: [{ csid: 3, typeId: 20, streamId: 0, timestamp: 0, payload: new Uint8Array(0) }],
  },
  {
    name: 'type 1 on a new chunk stream is tolerated (stream id 0)',
    bytes: hexBytes('45 000005 000001 08 aa'),
    messages: [{ csid: 5, typeId: 8, streamId: 0, timestamp: 5, payload: hexBytes('aa') }],
  },
];
