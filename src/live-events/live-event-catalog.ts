import { IpAllowList } from '../lib/net/ip-range.js';
import { normalizeAccessToken } from '../resources/guid.js';
import { keyFrameIntervalMs } from './live-event-builder.js';
import type {
  LiveEvent,
  LiveEventEncodingType,
  LiveEventResourceState,
  LiveOutputRecord,
  StreamOption,
} from './live-event-record.js';

/**
 * `LiveEventSnapshot` is an immutable view of one live event with what ingest admission needs
 * (token, parsed allow list, state, key frame interval, stream options). A new snapshot is made on
 * every change; the old one stays valid for whoever holds it.
 */
export interface LiveEventSnapshot {
  readonly name: string;
  /** The token as stored (GUID, with or without hyphens). */
  readonly accessToken: string;
  /** The token as compared: 32 lower-case hex digits (see `normalizeAccessToken`). */
  readonly accessTokenKey: string;
  /** Who may push (input access control). */
  readonly allow: IpAllowList;
  /** Who may watch the preview (preview access control). */
  readonly previewAllow: IpAllowList;
  readonly resourceState: LiveEventResourceState;
  readonly keyFrameIntervalMs: number;
  readonly streamOptions: readonly StreamOption[];
  readonly encodingType: LiveEventEncodingType;
  readonly liveOutputs: readonly LiveOutputRecord[];
  /** The full read view, with ingest and preview URLs. */
  readonly event: LiveEvent;
}

/** `LiveEventChange` tells a listener what happened to one live event. */
export interface LiveEventChange {
  readonly kind: 'created' | 'updated' | 'deleted';
  readonly name: string;
  /** The event after the change; `undefined` when deleted. */
  readonly snapshot: LiveEventSnapshot | undefined;
  /** The event before the change; `undefined` when created. */
  readonly previous: LiveEventSnapshot | undefined;
}

/** `LiveEventChangeListener` receives changes synchronously; exceptions are logged, never propagated. */
export type LiveEventChangeListener = (change: LiveEventChange) => void;

/**
 * `LiveEventCatalog` is the read side ingest admission uses: every live event as a snapshot, lookup
 * by name (case-insensitive) or by access token, and change notifications.
 */
export interface LiveEventCatalog {
  list(): readonly LiveEventSnapshot[];
  get(name: string): LiveEventSnapshot | undefined;
  /** Lookup by token as an encoder wrote it in its URL (with or without hyphens, any case). */
  findByAccessToken(token: string): LiveEventSnapshot | undefined;
  /** Adds a listener; returns the function that removes it. */
  onChange(listener: LiveEventChangeListener): () => void;
}

/** `createSnapshot` builds the snapshot of a live event view and its outputs. */
export function createSnapshot(event: LiveEvent, outputs: readonly LiveOutputRecord[]): LiveEventSnapshot {
  return Object.freeze({
    name: event.name,
    accessToken: event.input.accessToken,
    accessTokenKey: normalizeAccessToken(event.input.accessToken) ?? event.input.accessToken,
    allow: IpAllowList.from(event.input.accessControl.allow),
    previewAllow: IpAllowList.from(event.preview.accessControl.allow),
    resourceState: event.resourceState,
    keyFrameIntervalMs: keyFrameIntervalMs(event),
    streamOptions: event.streamOptions,
    encodingType: event.encoding.encodingType,
    liveOutputs: Object.freeze([...outputs]),
    event,
  });
}
