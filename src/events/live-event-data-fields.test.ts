import { describe, expect, it } from 'vitest';
import {
  dataFieldJsonType,
  fitsKind,
  liveEventDataFields,
  liveEventDataProblems,
  type DataFieldKind,
} from './live-event-data-fields.js';
import { liveEventEventTypes } from './live-event-event-types.js';
import { heartbeatData, sampleEventData } from './test-support/sample-events.js';

const heartbeat = 'Microsoft.Media.LiveEventIngestHeartbeat';
const dropped = 'Microsoft.Media.LiveEventIncomingDataChunkDropped';

describe('liveEventDataFields', () => {
  it('has a row for every listed event type and no other', () => {
    expect(Object.keys(liveEventDataFields).sort()).toEqual([...liveEventEventTypes].sort());
  });

  it('marks only the droppedCount extension optional', () => {
    const optional = liveEventEventTypes.flatMap((type) =>
      Object.entries(liveEventDataFields[type])
        .filter(([, spec]) => 'optional' in spec)
        .map(([field]) => `${type}.${field}`),
    );
    expect(optional).toEqual([`${dropped}.droppedCount`]);
  });

  it('accepts every sample event', () => {
    for (const type of liveEventEventTypes) {
      expect({ type, problems: liveEventDataProblems(type, sampleEventData[type]) }).toEqual({
        type,
        problems: [],
      });
    }
  });
});

describe('fitsKind', () => {
  const cases: [DataFieldKind, unknown, boolean][] = [
    ['string', '', true],
    ['string', 'rtmp://x/live/a', true],
    ['string', 1, false],
    ['int-string', '0', true],
    ['int-string', '1935', true],
    ['int-string', '-146251', true],
    ['int-string', 1935, false],
    ['int-string', '', false],
    ['int-string', '12.5', false],
    ['int-string', '012', false],
    ['int-string', '1e3', false],
    ['int-string', 'n/a', false],
    ['drift-string', '0', true],
    ['drift-string', '1.3', true],
    ['drift-string', 'n/a', true],
    ['drift-string', 'N/A', false],
    ['drift-string', 0, false],
    ['drift-string', '1.', false],
    ['int64', 2_500_000, true],
    ['int64', 0, true],
    ['int64', 2.5, false],
    ['int64', '2500000', false],
    ['int64', Number.NaN, false],
    ['boolean', false, true],
    ['boolean', 'false', false],
  ];
  for (const [kind, value, fits] of cases) {
    it(`${JSON.stringify(value)} ${fits ? 'is' : 'is not'} ${kind}`, () => {
      expect(fitsKind(kind, value)).toBe(fits);
    });
  }

  it('maps each kind to the JSON type of its values', () => {
    expect(dataFieldJsonType).toEqual({
      string: 'string',
      'int-string': 'string',
      'drift-string': 'string',
      int64: 'number',
      boolean: 'boolean',
    });
  });
});

describe('liveEventDataProblems', () => {
  it('names a number in a string field, a fraction in an int64 field and a non-integer int-string', () => {
    const data = { ...heartbeatData(1, 'video'), lastTimestamp: 1, bitrate: 2.5, timescale: '1000.0' };
    expect(liveEventDataProblems(heartbeat, data)).toEqual([
      'bitrate is 2.5, want int64',
      'lastTimestamp is 1, want int-string',
      'timescale is "1000.0", want int-string',
    ]);
  });

  it('names missing and unexpected fields, and lets the optional extension be absent', () => {
    const { droppedCount: _count, resultCode: _code, ...rest } = sampleEventData[dropped];
    expect(liveEventDataProblems(dropped, rest)).toEqual(['resultCode is missing, want string']);
    expect(liveEventDataProblems(dropped, { ...sampleEventData[dropped], typo: 1 })).toEqual([
      'unexpected field typo',
    ]);
  });

  it('refuses unknown event types and data that is not an object', () => {
    expect(liveEventDataProblems('Microsoft.Media.JobStateChange', {})).toEqual([
      'unknown event type Microsoft.Media.JobStateChange',
    ]);
    expect(liveEventDataProblems(heartbeat, null)).toEqual(['data is null, want an object']);
    expect(liveEventDataProblems(heartbeat, [])).toEqual(['data is [], want an object']);
  });
});
