import { isIP } from 'node:net';
import type { LiveEventEndpoint, LiveEventRecord } from './live-event-record.js';

/** `LiveEventEndpointOptions` say where encoders and players reach this server. */
export interface LiveEventEndpointOptions {
  /** Host name (or IP address) encoders and players use to reach this server, e.g. `ingest.example.com`. */
  readonly publicHostname: string;
  /** RTMP listener ports, primary first (AMS: 1935 and 1936). Empty: no plain RTMP endpoints. */
  readonly rtmpPorts: readonly number[];
  /** RTMPS listener ports, primary first (AMS: 2935 and 2936). Empty: no RTMPS endpoints. */
  readonly rtmpsPorts: readonly number[];
  /** HTTPS port serving the preview playlists (default HTTPS port 443 is left out of the URLs). */
  readonly httpsPort: number;
}

/** The default HTTPS port, which URLs leave out (RFC 9110 §4.2.2). */
const HTTPS_DEFAULT_PORT = 443;

/**
 * `endpointHost` is the host of a live event's URLs: `<hostnamePrefix>.<publicHostname>` when the event
 * uses a static hostname with a prefix (AMS "static hostname prefix"; needs a wildcard DNS record),
 * otherwise `publicHostname`. A prefix cannot be put before an IP address, so then it is ignored.
 * IPv6 literals are bracketed (RFC 3986 §3.2.2).
 */
export function endpointHost(record: LiveEventRecord, publicHostname: string): string {
  const ipVersion = isIP(publicHostname);
  if (ipVersion === 6) {
    return `[${publicHostname}]`;
  }
  if (ipVersion === 0 && record.useStaticHostname && record.hostnamePrefix !== null) {
    return `${record.hostnamePrefix}.${publicHostname}`;
  }
  return publicHostname;
}

/**
 * `ingestEndpoints` lists the RTMP and RTMPS URLs of a live event: `rtmp[s]://<host>:<port>/live/<accessToken>`
 * for every configured port. As in AMS the encoder appends the stream name (OBS: "Server" is this URL,
 * "Stream Key" is the stream name), and the protocol is `"RTMP"` for rtmps URLs as well.
 */
export function ingestEndpoints(
  record: LiveEventRecord,
  options: LiveEventEndpointOptions,
): LiveEventEndpoint[] {
  const host = endpointHost(record, options.publicHostname);
  const path = `/live/${encodeURIComponent(record.input.accessToken)}`;
  return [
    ...options.rtmpPorts.map((port) => ({ protocol: 'RTMP', url: `rtmp://${host}:${port}${path}` })),
    ...options.rtmpsPorts.map((port) => ({ protocol: 'RTMP', url: `rtmps://${host}:${port}${path}` })),
  ];
}

/**
 * `previewEndpoints` lists what a player needs to watch the live event, under
 * `https://<host>:<httpsPort>/preview/<name>/`: first, as AMS, the server manifest
 * `preview.ism/manifest` (`"FragmentedMP4"`: Smooth Streaming as it is, every other format with a
 * `(format=…)` suffix), then the HLS playlist (`"Hls"`) and the DASH manifest (`"Dash"`). Only HTTPS
 * is listed: the server always serves the preview over TLS.
 */
export function previewEndpoints(
  record: LiveEventRecord,
  options: LiveEventEndpointOptions,
): LiveEventEndpoint[] {
  const host = endpointHost(record, options.publicHostname);
  const port = options.httpsPort === HTTPS_DEFAULT_PORT ? '' : `:${options.httpsPort}`;
  const base = `https://${host}${port}/preview/${encodeURIComponent(record.name)}`;
  return [
    { protocol: 'FragmentedMP4', url: `${base}/preview.ism/manifest` },
    { protocol: 'Hls', url: `${base}/index.m3u8` },
    { protocol: 'Dash', url: `${base}/index.mpd` },
  ];
}
