import { describe, expect, it } from 'vitest';
import { liveEventEventTypes } from '../../src/events/live-event-event-types.js';
import { createMediaEvent, type MediaEvent } from '../../src/events/media-event.js';
import { sampleEventData } from '../../src/events/test-support/sample-events.js';
import { eventGridProblems } from './event-grid-check.js';

const topic = '/subscriptions/s/resourceGroups/r/providers/Microsoft.Media/mediaservices/a';
const samples: MediaEvent[] = liveEventEventTypes.map((eventType) =>
  createMediaEvent({
    topic,
    eventType,
    liveEventName: 'a',
    data: sampleEventData[eventType],
    epochMs: 0,
    id: `id-${eventType.slice('Microsoft.Media.LiveEvent'.length)}`,
  }),
);

describe('eventGridProblems', () => {
  it('accepts one well-formed event of every type', async () => {
    expect(await eventGridProblems(samples)).toEqual([]);
  });

  it('reports the envelope and data problems of each event, by type and id', async () => {
    const [connected, rejected] = samples;
    const bad: MediaEvent[] = [
      {
        ...connected!,
        eventTime: '2021-05-14T23:50:00.3240000',
        data: { ...sampleEventData['Microsoft.Media.LiveEventEncoderConnected'], encoderPort: 1935 },
      },
      // An envelope Event Grid does not know, as a broken producer might send it.
      { ...rejected!, metadataVersion: '2' as '1' },
      { ...connected!, eventType: 'Microsoft.Media.LiveEventSomethingElse', id: 'x' },
    ];
    expect(await eventGridProblems(bad)).toEqual([
      'Microsoft.Media.LiveEventEncoderConnected id-EncoderConnected: eventTime 2021-05-14T23:50:00.3240000 does not end with Z',
      'Microsoft.Media.LiveEventEncoderConnected id-EncoderConnected: encoderPort is 1935, want int-string',
      'Microsoft.Media.LiveEventConnectionRejected id-ConnectionRejected: rejected by EventGridDeserializer: event is not in the Event Grid schema',
      'Microsoft.Media.LiveEventConnectionRejected id-ConnectionRejected: versions 1.0/2',
      'Microsoft.Media.LiveEventSomethingElse x: unknown event type Microsoft.Media.LiveEventSomethingElse',
    ]);
  });
});
