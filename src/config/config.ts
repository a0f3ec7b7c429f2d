import type { LiveEventEventType } from '../events/live-event-event-types.js';
import type { IpRange } from '../lib/net/ip-range.js';

/**
 * `PortList` is the primary port and the optional secondary port of a listener: Azure Media Services
 * gives every live event a primary and a secondary ingest endpoint for redundant encoders. 0 asks the
 * operating system for a free port (tests).
 */
export type PortList = readonly [primary: number, secondary?: number];

/** `AccountConfig` names the media account whose ARM resource id is the Event Grid `topic`. */
export interface AccountConfig {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly name: string;
}

/** `RtmpConfig` is the plain RTMP listener. `host` '' means all interfaces. */
export interface RtmpConfig {
  readonly ports: PortList;
  readonly host: string;
}

/**
 * `RtmpsConfig` is the RTMP-over-TLS listener. `cert`/`key` are absolute paths, both set or both
 * undefined (then the app generates a private CA and certificate in the data directory).
 */
export interface RtmpsConfig {
  readonly ports: PortList;
  readonly host: string;
  readonly cert: string | undefined;
  readonly key: string | undefined;
}

/** `HttpConfig` is the plain HTTP listener (media, API, dashboard). */
export interface HttpConfig {
  readonly port: number;
  readonly host: string;
}

/** `HttpsConfig` is the HTTPS listener; `cert`/`key` default to the RTMPS ones (one certificate). */
export interface HttpsConfig {
  readonly port: number;
  readonly host: string;
  readonly cert: string | undefined;
  readonly key: string | undefined;
}

/** `LimitsConfig` bounds what one connection may cost. Durations in ms, sizes in bytes. */
export interface LimitsConfig {
  readonly maxConnections: number;
  readonly maxMessageSize: number;
  readonly handshakeTimeout: number;
  readonly idleTimeout: number;
}

/** `HealthConfig` tunes the health events. Durations in ms. */
export interface HealthConfig {
  readonly heartbeatInterval: number;
  readonly outOfSyncThreshold: number;
}

/** `WebhookSchema` is the envelope posted to a webhook (azure-compat.md §3.1). */
export type WebhookSchema = 'EventGrid' | 'CloudEvents';

/** `WebhookConfig` is one webhook the events are pushed to. */
export interface WebhookConfig {
  /** Subscription name (`aeg-subscription-name` header); `webhook-<n>` when not given. */
  readonly name: string;
  readonly url: string;
  /** Event types to deliver (full names, as validated); `undefined` = all. */
  readonly eventTypes: readonly LiveEventEventType[] | undefined;
  readonly secret: string | undefined;
  readonly schema: WebhookSchema;
  /** Whether to send a subscription validation handshake before the first delivery. */
  readonly validation: boolean;
}

/** `EventsConfig` is where events go and how long the event log keeps them. Durations in ms. */
export interface EventsConfig {
  readonly webhooks: readonly WebhookConfig[];
  readonly maxAge: number;
  readonly maxBytes: number;
  readonly webhookMaxEventAge: number;
}

/** `PackagerConfig` tunes CMAF packaging. Durations in ms. */
export interface PackagerConfig {
  readonly previewWindow: number;
  readonly partDuration: number;
  readonly segmentsOnDisk: boolean;
  /** Package a preview of every running live event; false = ingest only unless a live output archives. */
  readonly preview: boolean;
}

/** `StreamingConfig` tunes delivery through streaming endpoints and locators. */
export interface StreamingConfig {
  /** State of the `default` streaming endpoint made at the first start. */
  readonly defaultEndpoint: 'Stopped' | 'Running';
  /** CMAF fragments per HLS TS segment when a live output sets none. */
  readonly fragmentsPerTsSegment: number;
}

/** `ApiConfig`: bearer tokens of the management API; empty = the app generates one on first start. */
export interface ApiConfig {
  readonly tokens: readonly string[];
}

/** `LogLevel` is a pino level. */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** `LogConfig` is the logger set-up. */
export interface LogConfig {
  readonly level: LogLevel;
  readonly pretty: boolean;
}

/** `StreamOption` is an AMS `StreamOptionsFlag` (azure-compat.md §1.3). */
export type StreamOption = 'Default' | 'LowLatency' | 'LowLatencyV2';

/** `LiveEventDeclaration` is a live event declared in the config file, created at start if missing. */
export interface LiveEventDeclaration {
  readonly name: string;
  /** The GUID in the ingest URL; `undefined` = generated when the live event is created. */
  readonly accessToken: string | undefined;
  /** Ingest IP allow list in ARM shape; allow-all (`0.0.0.0/0` and `::/0`) when not given. */
  readonly allow: readonly IpRange[];
  readonly autoStart: boolean;
  /** Key frame interval in ms (ISO 8601 in the file); `undefined` = not set (AMS default 2 s). */
  readonly keyFrameIntervalDuration: number | undefined;
  readonly streamOptions: readonly StreamOption[];
  readonly description: string | undefined;
}

/**
 * `Config` is Inlet's whole configuration: defaults, overridden by the JSON config file, overridden by
 * the environment, validated by `loadConfig`. Durations are milliseconds, sizes bytes, paths absolute.
 * The object is deeply frozen. Components receive only their section.
 */
export interface Config {
  /** The config file that was read, if any. */
  readonly configFile: string | undefined;
  readonly dataDir: string;
  readonly publicHostname: string;
  /** Media worker processes; 0: live events run in the main process. */
  readonly workers: number;
  readonly account: AccountConfig;
  readonly rtmp: RtmpConfig;
  readonly rtmps: RtmpsConfig;
  readonly http: HttpConfig;
  readonly https: HttpsConfig;
  readonly limits: LimitsConfig;
  readonly health: HealthConfig;
  readonly events: EventsConfig;
  readonly packager: PackagerConfig;
  readonly streaming: StreamingConfig;
  readonly api: ApiConfig;
  readonly log: LogConfig;
  readonly liveEvents: readonly LiveEventDeclaration[];
}
