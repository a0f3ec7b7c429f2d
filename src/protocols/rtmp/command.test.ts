import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzParameters } from '../../lib/bytes/test-support/fuzz-replay.js';
import { hexBytes, hexOf } from '../../lib/bytes/test-support/hex.js';
import { MediaFormatError } from '../../lib/media-format-error.js';
import {
  connectRejected,
  connectResult,
  decodeCommand,
  encodeCommand,
  errorMessage,
  onBWDoneMessage,
  onFCPublishMessage,
  onFCUnpublishMessage,
  onStatusMessage,
  resultMessage,
  type RtmpCommand,
} from './command.js';
import { NetStatusCode, statusInfo } from './net-status.js';
import { cat } from './test-support/bytes.js';
import { COMMAND_FUZZ } from './test-support/fuzz-fixtures.js';

// A few lines of AMF0 (AMF0 specification §2), written independently of the encoder under test.
const str = (s: string): Uint8Array => {
  const b = Buffer.from(s, 'utf8');
  return cat(Uint8Array.of(0x02, b.length >> 8, b.length & 0xff), b);
};
const key = (s: string): Uint8Array => str(s).subarray(1);
const num = (n: number): Uint8Array => {
  const b = Buffer.alloc(9);
  b.writeDoubleBE(n, 1);
  return b;
};
const NULL = hexBytes('05');
const UNDEFINED = hexBytes('06');
const obj = (...kv: [string, Uint8Array][]): Uint8Array =>
  cat(hexBytes('03'), ...kv.flatMap(([k, v]) => [key(k), v]), hexBytes('000009'));

/** Answers Inlet sends, byte-exact (RTMP Specification 1.0, §7.2). */
const encodes: { name: string; bytes: Uint8Array; encode: () => Uint8Array }[] = [
  {
    name: 'connect _result',
    encode: () => connectResult(1, 0),
    bytes: cat(
      str('_result'),
      num(1),
      obj(['fmsVer', str('FMS/3,0,1,123')], ['capabilities', num(31)]),
      obj(
        ['level', str('status')],
        ['code', str('NetConnection.Connect.Success')],
        ['description', str('Connection succeeded.')],
        ['objectEncoding', num(0)],
      ),
    ),
  },
  {
    name: 'connect _error Rejected',
    encode: () => connectRejected(1, 'no such app'),
    bytes: cat(
      str('_error'),
      num(1),
      NULL,
      obj(
        ['level', str('error')],
        ['code', str('NetConnection.Connect.Rejected')],
        ['description', str('no such app')],
      ),
    ),
  },
  {
    name: 'createStream _result',
    encode: () => resultMessage(4, 1),
    bytes: hexBytes('02 0007 5f726573756c74 00 4010000000000000 05 00 3ff0000000000000'),
  },
  {
    name: 'releaseStream _result (undefined)',
    encode: () => resultMessage(2, undefined),
    bytes: cat(str('_result'), num(2), NULL, UNDEFINED),
  },
  {
    name: 'onStatus NetStream.Publish.Start',
    encode: () =>
      onStatusMessage(
        statusInfo('status', NetStatusCode.publishStart, 'key is now published.', { details: 'key' }),
      ),
    bytes: cat(
      str('onStatus'),
      num(0),
      NULL,
      obj(
        ['level', str('status')],
        ['code', str('NetStream.Publish.Start')],
        ['description', str('key is now published.')],
        ['details', str('key')],
      ),
    ),
  },
  {
    name: 'onStatus NetStream.Publish.BadName',
    encode: () => onStatusMessage(statusInfo('error', NetStatusCode.publishBadName, 'unknown stream key')),
    bytes: cat(
      str('onStatus'),
      num(0),
      NULL,
      obj(
        ['level', str('error')],
        ['code', str('NetStream.Publish.BadName')],
        ['description', str('unknown stream key')],
      ),
    ),
  },
  {
    name: 'onStatus NetStream.Unpublish.Success',
    encode: () =>
      onStatusMessage(statusInfo('status', NetStatusCode.unpublishSuccess, 'key is now unpublished.')),
    bytes: cat(
      str('onStatus'),
      num(0),
      NULL,
      obj(
        ['level', str('status')],
        ['code', str('NetStream.Unpublish.Success')],
        ['description', str('key is now unpublished.')],
      ),
    ),
  },
  {
    name: 'onFCPublish',
    encode: () => onFCPublishMessage('key'),
    bytes: cat(
      str('onFCPublish'),
      num(0),
      NULL,
      obj(['code', str('NetStream.Publish.Start')], ['description', str('key')]),
    ),
  },
  {
    name: 'onFCUnpublish',
    encode: () => onFCUnpublishMessage('key'),
    bytes: cat(
      str('onFCUnpublish'),
      num(0),
      NULL,
      obj(['code', str('NetStream.Unpublish.Success')], ['description', str('key')]),
    ),
  },
  {
    name: 'onBWDone',
    encode: () => onBWDoneMessage(),
    bytes: hexBytes('02 0008 6f6e4257446f6e65 00 0000000000000000 05'),
  },
  {
    name: '_error for an unknown call',
    encode: () =>
      errorMessage(7, statusInfo('error', NetStatusCode.callFailed, 'command foo is not supported')),
    bytes: cat(
      str('_error'),
      num(7),
      NULL,
      obj(
        ['level', str('error')],
        ['code', str('NetConnection.Call.Failed')],
        ['description', str('command foo is not supported')],
      ),
    ),
  },
];

/** Commands encoders send, as bytes, and what they decode to. */
const decodes: { name: string; typeId: number; bytes: Uint8Array; value: RtmpCommand }[] = [
  {
    name: 'connect (ffmpeg)',
    typeId: 20,
    bytes: cat(
      str('connect'),
      num(1),
      obj(
        ['app', str('live/token')],
        ['type', str('nonprivate')],
        ['flashVer', str('FMLE/3.0 (compatible; Lavf58.24.100)')],
        ['tcUrl', str('rtmp://127.0.0.1:1935/live/token')],
      ),
    ),
    value: {
      name: 'connect',
      transactionId: 1,
      object: {
        app: 'live/token',
        type: 'nonprivate',
        flashVer: 'FMLE/3.0 (compatible; Lavf58.24.100)',
        tcUrl: 'rtmp://127.0.0.1:1935/live/token',
      },
      args: [],
    },
  },
  {
    name: 'releaseStream',
    typeId: 20,
    bytes: cat(str('releaseStream'), num(2), NULL, str('stream')),
    value: { name: 'releaseStream', transactionId: 2, object: null, args: ['stream'] },
  },
  {
    name: 'publish',
    typeId: 20,
    bytes: cat(str('publish'), num(5), NULL, str('stream?k=v'), str('live')),
    value: { name: 'publish', transactionId: 5, object: null, args: ['stream?k=v', 'live'] },
  },
  {
    name: 'deleteStream',
    typeId: 20,
    bytes: cat(str('deleteStream'), num(0), NULL, num(1)),
    value: { name: 'deleteStream', transactionId: 0, object: null, args: [1] },
  },
  {
    name: 'AMF3 command (type 17) with its leading 0 byte',
    typeId: 17,
    bytes: cat(hexBytes('00'), str('createStream'), num(4), NULL),
    value: { name: 'createStream', transactionId: 4, object: null, args: [] },
  },
  {
    name: 'name only (no transaction id)',
    typeId: 20,
    bytes: str('FCUnpublish'),
    value: { name: 'FCUnpublish', transactionId: 0, object: null, args: [] },
  },
];

describe('RTMP commands', () => {
  for (const c of encodes) {
    it(`encodes ${c.name} byte-exact`, () => {
      expect(hexOf(c.encode())).toBe(hexOf(c.bytes));
    });
  }
  for (const c of decodes) {
    it(`decodes ${c.name}`, () => {
      expect(decodeCommand(c.typeId, c.bytes)).toEqual(c.value);
    });
  }

  it('encodes a command that decodes back', () => {
    const bytes = encodeCommand('publish', 5, null, 'name', 'live');
    expect(decodeCommand(20, bytes)).toEqual({
      name: 'publish',
      transactionId: 5,
      object: null,
      args: ['name', 'live'],
    });
  });

  const bad: { name: string; bytes: Uint8Array; code: string }[] = [
    { name: 'a number instead of the name', bytes: num(1), code: 'rtmp-bad-command' },
    { name: 'an empty payload', bytes: new Uint8Array(0), code: 'rtmp-bad-command' },
    { name: 'truncated AMF', bytes: hexBytes('02 0010 61'), code: 'truncated' },
    { name: 'an unknown AMF marker', bytes: cat(str('connect'), hexBytes('42')), code: 'amf0-bad-marker' },
  ];
  for (const c of bad) {
    it(`rejects ${c.name} with ${c.code}`, () => {
      let code: string | undefined;
      try {
        decodeCommand(20, c.bytes);
      } catch (e) {
        code = (e as MediaFormatError).code;
      }
      expect(code).toBe(c.code);
    });
  }

  it('never throws anything but MediaFormatError on mutated commands (fuzz)', () => {
    const seeds = decodes.map((c) => c.bytes);
    const mutate = (seed: Uint8Array, flips: readonly [number, number][]): Uint8Array => {
      const b = Uint8Array.from(seed);
      for (const [i, v] of flips) {
        b[i % b.length] = v;
      }
      return b;
    };
    fc.assert(
      fc.property(
        fc.constantFrom(...seeds),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
        fc.constantFrom(17, 20),
        (seed, flips, typeId) => {
          const b = mutate(seed, flips);
          try {
            decodeCommand(typeId, b);
          } catch (e) {
            if (!(e instanceof MediaFormatError)) {
              throw e;
            }
          }
        },
      ),
      fuzzParameters(
        { numRuns: 2000, seed: 3 },
        {
          set: COMMAND_FUZZ,
          // A saved body is already mutated: it is replayed with no flips.
          args: (f): [Uint8Array, [number, number][], 17 | 20] => [hexBytes(f.hex), [], f.typeId],
          fields: ([seed, flips, typeId]) => ({ hex: hexOf(mutate(seed, flips)), typeId }),
        },
      ),
    );
  });
});
