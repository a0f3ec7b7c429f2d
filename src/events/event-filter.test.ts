import { describe, expect, it } from 'vitest';
import { EventFilter, resolveEventTypeName } from './event-filter.js';
import { liveEventEventTypes, mediaEventTypePrefix } from './live-event-event-types.js';
import { createMediaEvent } from './media-event.js';
import { heartbeatData, sampleEventData } from './test-support/sample-events.js';

const topic = '/subscriptions/s/resourceGroups/r/providers/Microsoft.Media/mediaservices/a';
const heartbeat = (liveEventName: string) =>
  createMediaEvent({
    topic,
    eventType: 'Microsoft.Media.LiveEventIngestHeartbeat',
    liveEventName,
    data: heartbeatData(1, 'video'),
    epochMs: 0,
  });
const connected = createMediaEvent({
  topic,
  eventType: 'Microsoft.Media.LiveEventEncoderConnected',
  liveEventName: 'a',
  data: sampleEventData['Microsoft.Media.LiveEventEncoderConnected'],
  epochMs: 0,
});

describe('EventFilter', () => {
  const names: { name: string; input: string; value: string | undefined }[] = [
    {
      name: 'full name',
      input: 'Microsoft.Media.LiveEventIngestHeartbeat',
      value: 'Microsoft.Media.LiveEventIngestHeartbeat',
    },
    {
      name: 'short name',
      input: 'LiveEventIngestHeartbeat',
      value: 'Microsoft.Media.LiveEventIngestHeartbeat',
    },
    {
      name: 'other case',
      input: 'microsoft.media.liveeventencoderconnected',
      value: 'Microsoft.Media.LiveEventEncoderConnected',
    },
    {
      name: 'short, other case, spaces',
      input: ' liveEventEncoderDisconnected ',
      value: 'Microsoft.Media.LiveEventEncoderDisconnected',
    },
    { name: 'unknown', input: 'LiveEventSomethingElse', value: undefined },
    { name: 'other namespace', input: 'Microsoft.Storage.BlobCreated', value: undefined },
  ];
  for (const c of names) {
    it(`resolves ${c.name}`, () => {
      expect(resolveEventTypeName(c.input)).toBe(c.value);
    });
  }

  it('resolves every listed event type by its full and its short name, in any case', () => {
    for (const type of liveEventEventTypes) {
      const short = type.slice(mediaEventTypePrefix.length);
      const resolved = [type, short, type.toUpperCase(), short.toLowerCase()].map(resolveEventTypeName);
      expect({ type, resolved }).toEqual({ type, resolved: [type, type, type, type] });
    }
  });

  it('passes everything without lists', () => {
    const filter = new EventFilter({});
    expect(filter.matches(heartbeat('a'))).toBe(true);
    expect(filter.matches(connected)).toBe(true);
  });

  it('selects by event type and live event name (any case)', () => {
    const filter = new EventFilter({
      eventTypes: ['LiveEventIngestHeartbeat'],
      liveEventNames: ['Studio-1'],
    });
    expect(filter.matches(heartbeat('studio-1'))).toBe(true);
    expect(filter.matches(heartbeat('studio-2'))).toBe(false);
    expect(filter.matches(connected)).toBe(false);
  });

  it('rejects an unknown event type naming the valid ones', () => {
    expect(() => new EventFilter({ eventTypes: ['Heartbeat'] })).toThrow(
      /unknown event type 'Heartbeat'.*LiveEventIngestHeartbeat/,
    );
    expect(() => new EventFilter({ eventTypes: ['Heartbeat'] })).toThrow(liveEventEventTypes.join(', '));
  });
});
