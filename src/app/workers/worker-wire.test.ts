import { describe, expect, it } from 'vitest';
import { encodeRelayHeader, readRelayHeader } from './rtmp-relay.js';
import { readFrontMessage, readWorkerMessage } from './worker-messages.js';

const endpoint = { id: 'rtmps-primary', protocol: 'rtmps', role: 'primary', port: 2935 } as const;
const remote = { address: '203.0.113.7', port: 50123 };

describe('worker IPC messages', () => {
  it('accepts well-formed messages both ways', () => {
    const rtmp = {
      t: 'rtmp',
      endpoint,
      remote,
      bytesReceived: 3100,
      data: new Uint8Array([1, 2]),
      answeredBytes: 0,
    };
    expect(readFrontMessage(rtmp)).toBe(rtmp);
    expect(readFrontMessage({ t: 'shutdown' })).toEqual({ t: 'shutdown' });
    expect(readFrontMessage({ t: 'call', id: 4, call: { op: 'start', event: { name: 'a' } } })).toBeDefined();
    expect(readWorkerMessage({ t: 'ready', httpPort: 4001, relayPath: '/tmp/x.sock' })).toBeDefined();
    expect(readWorkerMessage({ t: 'reply', id: 4, error: undefined })).toBeDefined();
    expect(
      readWorkerMessage({ t: 'event', event: { id: 'e1', eventType: 'Microsoft.Media.X' } }),
    ).toBeDefined();
  });

  it('accepts archive reads and their answers', () => {
    for (const read of [
      { kind: 'window', since: -1 },
      { kind: 'init', rendition: 'cam-video', version: 0 },
      { kind: 'segment', rendition: 'cam-audio', sequence: 41 },
    ]) {
      expect(readFrontMessage({ t: 'archive', id: 2, assetName: 'show', read })).toBeDefined();
    }
    const recording = {
      recording: true,
      manifestName: 'show',
      fragmentsPerTsSegment: null,
      publishTime: 1_700_000_000_000,
    };
    for (const archive of [
      { recording: false },
      recording,
      {
        ...recording,
        window: { renditions: [], availabilityStartTime: 0, lowLatency: false, publishTime: 1 },
      },
      { ...recording, data: [new Uint8Array([1]), new Uint8Array([2, 3])] },
      { ...recording, data: undefined },
    ]) {
      expect(readWorkerMessage({ t: 'reply', id: 2, error: undefined, archive })).toBeDefined();
    }
  });

  it.each([
    ['not an object', 7],
    ['an unknown tag', { t: 'reboot' }],
    ['a call with an unknown operation', { t: 'call', id: 1, call: { op: 'format', event: {} } }],
    ['a call with a negative id', { t: 'call', id: -1, call: { op: 'start', event: {} } }],
    [
      'a hand-over without bytes',
      { t: 'rtmp', endpoint, remote, bytesReceived: 1, answeredBytes: 0, data: 'x' },
    ],
    [
      'a hand-over without a remote port',
      {
        t: 'rtmp',
        endpoint,
        remote: { address: 'a' },
        bytesReceived: 1,
        answeredBytes: 0,
        data: new Uint8Array(),
      },
    ],
    ['an archive read of an unknown kind', { t: 'archive', id: 1, assetName: 'a', read: { kind: 'all' } }],
    [
      'an archive read without a sequence',
      { t: 'archive', id: 1, assetName: 'a', read: { kind: 'segment', rendition: 'v' } },
    ],
    ['an archive read without an asset', { t: 'archive', id: 1, read: { kind: 'window', since: 0 } }],
  ])('drops %s sent to a worker', (_what, message) => {
    expect(readFrontMessage(message)).toBeUndefined();
  });

  it.each([
    ['a ready without a port', { t: 'ready', relayPath: '/x' }],
    ['a reply with a numeric error', { t: 'reply', id: 1, error: 5 }],
    ['an event without an id', { t: 'event', event: { eventType: 'x' } }],
    ['a status without totals', { t: 'status', sessions: [] }],
    [
      'an archive answer without its manifest name',
      { t: 'reply', id: 1, error: undefined, archive: { recording: true, publishTime: 0 } },
    ],
    [
      'an archive answer with bytes that are not bytes',
      {
        t: 'reply',
        id: 1,
        error: undefined,
        archive: {
          recording: true,
          manifestName: 'm',
          fragmentsPerTsSegment: null,
          publishTime: 0,
          data: ['AAEC'],
        },
      },
    ],
  ])('drops %s sent to the main process', (_what, message) => {
    expect(readWorkerMessage(message)).toBeUndefined();
  });
});

describe('RTMPS relay header', () => {
  const header = { endpoint, remote, bytesReceived: 3300, answeredBytes: 512 };
  const door = new Uint8Array([9, 8, 7, 6]);

  it('round-trips, keeping the bytes that follow in the same read', () => {
    const wire = Buffer.concat([encodeRelayHeader(header, door), Buffer.from([5, 4])]);
    const read = readRelayHeader(wire);
    expect(read?.header).toEqual({ ...header, dataLength: 4 });
    expect([...(read?.data ?? [])]).toEqual([9, 8, 7, 6, 5, 4]);
  });

  it('waits for a header cut anywhere', () => {
    const wire = encodeRelayHeader(header, door);
    for (let cut = 0; cut < wire.byteLength; cut++) {
      expect(readRelayHeader(wire.subarray(0, cut))).toBeUndefined();
    }
    expect(readRelayHeader(wire)).toBeDefined();
  });

  it('refuses a header of the wrong size or shape', () => {
    const zero = Buffer.alloc(8);
    expect(() => readRelayHeader(zero)).toThrow(RangeError);
    const huge = Buffer.alloc(8);
    huge.writeUInt32BE(1 << 20, 0);
    expect(() => readRelayHeader(huge)).toThrow(/at most/);
    const json = Buffer.from(JSON.stringify({ hello: 1 }));
    const length = Buffer.alloc(4);
    length.writeUInt32BE(json.byteLength, 0);
    expect(() => readRelayHeader(Buffer.concat([length, json]))).toThrow(/not a relay header/);
  });
});
