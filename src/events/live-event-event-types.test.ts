import { EventGridDeserializer, isSystemEvent, type SystemEventNameToEventData } from '@azure/eventgrid';
import { describe, expect, it } from 'vitest';
import { toCloudEvent } from './cloud-event.js';
import {
  dataFieldJsonType,
  liveEventDataFields,
  liveEventDataProblems,
  type DataFieldSpec,
} from './live-event-data-fields.js';
import {
  liveEventEventTypes,
  type LiveEventEventMap,
  type LiveEventEventType,
} from './live-event-event-types.js';
import { createMediaEvent, formatEventTime, mediaServicesTopic } from './media-event.js';
import { sampleEventData } from './test-support/sample-events.js';

/** Compile-time: each data type is exactly the official SDK's (same keys, same types; readonly aside). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameAsSdk: {
  readonly [K in LiveEventEventType]: Same<LiveEventEventMap[K], SystemEventNameToEventData[K]>;
} = {
  'Microsoft.Media.LiveEventEncoderConnected': true,
  'Microsoft.Media.LiveEventConnectionRejected': true,
  'Microsoft.Media.LiveEventEncoderDisconnected': true,
  'Microsoft.Media.LiveEventIncomingStreamReceived': true,
  'Microsoft.Media.LiveEventIncomingStreamsOutOfSync': true,
  'Microsoft.Media.LiveEventIncomingVideoStreamsOutOfSync': true,
  'Microsoft.Media.LiveEventIncomingDataChunkDropped': true,
  'Microsoft.Media.LiveEventIngestHeartbeat': true,
  'Microsoft.Media.LiveEventTrackDiscontinuityDetected': true,
  'Microsoft.Media.LiveEventChannelArchiveHeartbeat': true,
};

const topic = mediaServicesTopic({
  subscriptionId: 'sub-1',
  resourceGroupName: 'rg-1',
  accountName: 'acct1',
});
const epochMs = Date.UTC(2021, 4, 14, 23, 50, 0, 324);
const deserializer = new EventGridDeserializer();

describe('Microsoft.Media.LiveEvent* events', () => {
  it('lists all ten event types, each typed like the official SDK', () => {
    expect(liveEventEventTypes).toHaveLength(10);
    expect(new Set(liveEventEventTypes)).toEqual(new Set(Object.keys(liveEventDataFields)));
    expect(Object.keys(sameAsSdk).sort()).toEqual([...liveEventEventTypes].sort());
  });

  for (const eventType of liveEventEventTypes) {
    describe(eventType, () => {
      const event = createMediaEvent({
        topic,
        eventType,
        liveEventName: 'mle1',
        data: sampleEventData[eventType],
        epochMs,
      });
      const wire = JSON.stringify([event]);

      it('is accepted by EventGridDeserializer with the AMS envelope', async () => {
        const [parsed] = await deserializer.deserializeEventGridEvents(wire);
        expect(parsed?.eventType).toBe(eventType);
        expect(parsed?.topic).toBe(
          '/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.Media/mediaservices/acct1',
        );
        expect(parsed?.subject).toBe('liveEvent/mle1');
        expect(parsed?.dataVersion).toBe('1.0');
        expect(parsed?.eventTime.getTime()).toBe(epochMs);
        expect(parsed?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(parsed !== undefined && isSystemEvent(eventType, parsed)).toBe(true);
      });

      it('is accepted by deserializeCloudEvents after conversion', async () => {
        const [parsed] = await deserializer.deserializeCloudEvents(JSON.stringify([toCloudEvent(event)]));
        expect(parsed?.type).toBe(eventType);
        expect(parsed?.source).toBe(topic);
        expect(parsed?.subject).toBe('liveEvent/mle1');
        expect(parsed?.time?.getTime()).toBe(epochMs);
        expect(parsed?.data).toEqual(sampleEventData[eventType]);
        expect(parsed?.extensionAttributes).toBeUndefined();
      });

      it('has exactly the §3.2 data fields with their JSON types and kinds', () => {
        const [onWire] = JSON.parse(wire) as { data: Record<string, unknown>; eventTime: string }[];
        const expected: Readonly<Record<string, DataFieldSpec>> = liveEventDataFields[eventType];
        expect(Object.keys(onWire?.data ?? {}).sort()).toEqual(Object.keys(expected).sort());
        for (const [field, { kind }] of Object.entries(expected)) {
          const type = dataFieldJsonType[kind];
          expect({ field, type: typeof onWire?.data[field] }).toEqual({ field, type });
        }
        expect(liveEventDataProblems(eventType, onWire?.data)).toEqual([]);
        expect(onWire?.eventTime).toBe('2021-05-14T23:50:00.3240000Z');
      });
    });
  }

  it('writes eventTime in UTC with 7 fractional digits and Z', () => {
    expect(formatEventTime(0)).toBe('1970-01-01T00:00:00.0000000Z');
    expect(formatEventTime(Date.UTC(2024, 1, 29, 12, 0, 0, 5))).toBe('2024-02-29T12:00:00.0050000Z');
  });
});
