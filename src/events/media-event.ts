import { randomUUID } from 'node:crypto';

/**
 * `MediaEvent` is one event in the Event Grid schema (azure-compat §3.1): what a webhook receives in its JSON
 * array and what `@azure/eventgrid`'s `EventGridDeserializer.deserializeEventGridEvents` accepts.
 */
export interface MediaEvent<TData = unknown, TType extends string = string> {
  /** Random UUID, unique per event; receivers use it to drop duplicates of an at-least-once delivery. */
  readonly id: string;
  /** Media account resource id, see `mediaServicesTopic`. */
  readonly topic: string;
  /** `liveEvent/<liveEventName>`. */
  readonly subject: string;
  readonly eventType: TType;
  /** ISO 8601 UTC with 7 fractional digits and `Z`, like AMS (`2021-05-14T23:50:00.3240000Z`). */
  readonly eventTime: string;
  readonly data: TData;
  /** `1.0`, as in the Media Services doc examples. */
  readonly dataVersion: string;
  /** Always `1`: `EventGridDeserializer` rejects anything else as "not in the Event Grid schema". */
  readonly metadataVersion: '1';
}

/** `mediaEventDataVersion` is the `dataVersion` of every event Inlet publishes (doc examples use `1.0`). */
export const mediaEventDataVersion = '1.0';

/** `MediaAccountId` names the Azure media account whose resource id becomes every event's `topic`. */
export interface MediaAccountId {
  readonly subscriptionId: string;
  readonly resourceGroupName: string;
  readonly accountName: string;
}

/**
 * `mediaServicesTopic` is the Event Grid `topic` (and CloudEvents `source`) of a media account:
 * `/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Media/mediaservices/<account>` (azure-compat §3.1).
 */
export function mediaServicesTopic(account: MediaAccountId): string {
  return (
    `/subscriptions/${account.subscriptionId}/resourceGroups/${account.resourceGroupName}` +
    `/providers/Microsoft.Media/mediaservices/${account.accountName}`
  );
}

/** `liveEventSubject` is the Event Grid `subject` of a live event's events: `liveEvent/<name>` (azure-compat §3.1). */
export function liveEventSubject(liveEventName: string): string {
  return `liveEvent/${liveEventName}`;
}

/** `liveEventNameOfSubject` is the live event name in a `liveEvent/<name>` subject, or undefined. */
export function liveEventNameOfSubject(subject: string): string | undefined {
  return subject.startsWith('liveEvent/') ? subject.slice('liveEvent/'.length) : undefined;
}

/**
 * `formatEventTime` writes `epochMs` as ISO 8601 UTC with 7 fractional digits and a `Z`, the AMS format
 * (.NET ticks are 100 ns, hence 7 digits) with the time zone that AMS sometimes omits: a time without a
 * zone is parsed as local time by consumers (azure-compat §0).
 */
export function formatEventTime(epochMs: number): string {
  // toISOString gives `...ss.mmmZ`; pad the milliseconds to 100 ns precision.
  return `${new Date(epochMs).toISOString().slice(0, -1)}0000Z`;
}

/** `CreateMediaEventOptions` are the parts of a `MediaEvent` that vary. */
export interface CreateMediaEventOptions<TData, TType extends string> {
  readonly topic: string;
  readonly eventType: TType;
  readonly liveEventName: string;
  readonly data: TData;
  /** Milliseconds since the epoch; the publisher's clock. */
  readonly epochMs: number;
  /** Event id; a random UUID when omitted. */
  readonly id?: string;
}

/** `createMediaEvent` builds the Event Grid envelope of one live event event. */
export function createMediaEvent<TData, TType extends string>(
  options: CreateMediaEventOptions<TData, TType>,
): MediaEvent<TData, TType> {
  return {
    id: options.id ?? randomUUID(),
    topic: options.topic,
    subject: liveEventSubject(options.liveEventName),
    eventType: options.eventType,
    eventTime: formatEventTime(options.epochMs),
    data: options.data,
    dataVersion: mediaEventDataVersion,
    metadataVersion: '1',
  };
}
