/** `RTMP_DEFAULT_PORT` is the registered RTMP port. */
export const RTMP_DEFAULT_PORT = 1935;
/**
 * `RTMPS_DEFAULT_PORT` is the RTMPS port of Azure Media Services live events, which Inlet's ingest URLs
 * keep (ffmpeg's own default for `rtmps://` is 443, so URLs should name the port).
 */
export const RTMPS_DEFAULT_PORT = 2935;

/** `RtmpUrl` is a parsed `rtmp://` or `rtmps://` URL. */
export interface RtmpUrl {
  readonly secure: boolean;
  /** Host name or IP address (IPv6 without brackets). */
  readonly host: string;
  readonly port: number;
  /** Application, which may contain `/` (e.g. `live/<token>`). */
  readonly app: string;
  /** Stream name including any `?query`, or undefined when the URL names only the application. */
  readonly streamName: string | undefined;
  /** `tcUrl` for the connect command: scheme, host, port and app. */
  readonly tcUrl: string;
}

/**
 * `parseRtmpUrl` parses an RTMP URL. With `streamInUrl` (default true) the path is split the way ffmpeg
 * does: one path segment is the app; with two or more, the first two segments are the app and the rest
 * is the stream name (`/live/token/stream` → app `live/token`, stream `stream`; `/live/stream` → `live`,
 * `stream`). With `streamInUrl: false` the whole path is the app (a server URL plus a separate stream
 * key, as OBS takes them). The query string stays part of the stream name. Throws `TypeError` for
 * anything else than rtmp/rtmps URLs.
 */
export function parseRtmpUrl(url: string, options: { streamInUrl?: boolean } = {}): RtmpUrl {
  const u = new URL(url);
  const secure = u.protocol === 'rtmps:';
  if (!secure && u.protocol !== 'rtmp:') {
    throw new TypeError(`not an rtmp:// or rtmps:// url: ${url}`);
  }
  const host = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname;
  if (host === '') {
    throw new TypeError(`rtmp url has no host: ${url}`);
  }
  const port = u.port === '' ? (secure ? RTMPS_DEFAULT_PORT : RTMP_DEFAULT_PORT) : Number(u.port);
  const path = decodeURIComponent(u.pathname.replace(/^\//, ''));
  let app = path;
  let streamName: string | undefined;
  if (options.streamInUrl !== false) {
    const first = path.indexOf('/');
    if (first >= 0) {
      const second = path.indexOf('/', first + 1);
      const cut = second >= 0 ? second : first;
      app = path.slice(0, cut);
      streamName = path.slice(cut + 1) + u.search;
    }
  }
  const hostPart = host.includes(':') ? `[${host}]` : host;
  return { secure, host, port, app, streamName, tcUrl: `${u.protocol}//${hostPart}:${port}/${app}` };
}
