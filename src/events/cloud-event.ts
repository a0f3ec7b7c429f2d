import type { MediaEvent } from './media-event.js';

/**
 * `CloudEvent` is a `MediaEvent` in the CloudEvents 1.0 JSON format (CloudEvents spec v1.0.2 §3, JSON event
 * format §3): what `EventGridDeserializer.deserializeCloudEvents` accepts and what Event Grid pushes to a
 * subscription with the CloudEvents schema.
 */
export interface CloudEvent<TData = unknown> {
  readonly specversion: '1.0';
  readonly type: string;
  /** The Event Grid `topic`: the media account resource id. */
  readonly source: string;
  readonly subject: string;
  readonly id: string;
  /** RFC 3339 UTC time, the Event Grid `eventTime`. */
  readonly time: string;
  readonly data: TData;
  readonly datacontenttype: 'application/json';
}

/** `toCloudEvent` converts an Event Grid event to CloudEvents 1.0, as Event Grid does for such subscriptions. */
export function toCloudEvent<TData>(event: MediaEvent<TData>): CloudEvent<TData> {
  return {
    specversion: '1.0',
    type: event.eventType,
    source: event.topic,
    subject: event.subject,
    id: event.id,
    time: event.eventTime,
    data: event.data,
    datacontenttype: 'application/json',
  };
}
