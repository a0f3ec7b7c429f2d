/**
 * Ingest URL parsing. The AMS RTMP ingest URL is `rtmp[s]://host:port/live/<accessToken>/<streamName>`
 * (`live-event-outputs-concept.md`). Encoders split it into the RTMP `app` (connect) and the stream
 * name (publish) differently, so all of these are accepted:
 *
 * | app                          | publish name            | who does this                         |
 * |------------------------------|-------------------------|---------------------------------------|
 * | `live/<token>`               | `<stream>`              | OBS (token in "Server"), ffmpeg       |
 * | `live`                       | `<token>/<stream>`      | token in the OBS "Stream key"         |
 * | `live/<token>/<stream>`      | `` (empty)              | whole URL in the app                  |
 *
 * Either part may carry a query string (`?videodatarate=2500&audiodatarate=128`, kbps); both are
 * merged, the publish name's values winning.
 */

/** `IngestUrl` is a parsed ingest address. */
export interface IngestUrl {
  /** The access token as written by the encoder (GUID, with or without dashes). */
  readonly accessToken: string;
  /** The token normalised for comparison: 32 lowercase hex digits, or the raw text when not a GUID. */
  readonly normalizedToken: string;
  readonly streamName: string;
  /** Query parameters from the app and the publish name. */
  readonly query: ReadonlyMap<string, string>;
  /** Declared video bitrate from the query (`videodatarate`, kbps) in bits per second. */
  readonly videoBitrate: number | undefined;
  /** Declared audio bitrate from the query (`audiodatarate`, kbps) in bits per second. */
  readonly audioBitrate: number | undefined;
}

/** `IngestUrlError` says why an ingest URL is malformed (result code `MPE_BAD_URL_SYNTAX`). */
export class IngestUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IngestUrlError';
  }
}

/** Stream names become path segments of preview URLs: keep them to URL-safe characters. */
const STREAM_NAME = /^[A-Za-z0-9._~-]{1,128}$/;
const GUID = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;
/** The application name of every AMS RTMP ingest URL. */
const APP_NAME = 'live';

/** `normalizeAccessToken` turns a GUID token into 32 lowercase hex digits (AMS URLs drop the dashes). */
export function normalizeAccessToken(token: string): string {
  return GUID.test(token) ? token.replaceAll('-', '').toLowerCase() : token;
}

function splitQuery(s: string, into: Map<string, string>): string {
  const q = s.indexOf('?');
  if (q < 0) {
    return s;
  }
  for (const [k, v] of new URLSearchParams(s.slice(q + 1))) {
    into.set(k.toLowerCase(), v);
  }
  return s.slice(0, q);
}

function kbpsParam(query: ReadonlyMap<string, string>, key: string): number | undefined {
  const raw = query.get(key);
  if (raw === undefined) {
    return undefined;
  }
  const kbps = Number(raw);
  if (!Number.isFinite(kbps) || kbps <= 0 || kbps > 1_000_000) {
    throw new IngestUrlError(`query parameter ${key}=${raw} must be a positive bitrate in kbps`);
  }
  return Math.round(kbps * 1000);
}

/**
 * `parseIngestUrl` parses the RTMP `app` and publish name into token and stream name; it throws
 * `IngestUrlError` saying what is wrong and what the URL should look like.
 */
export function parseIngestUrl(app: string, publishName: string): IngestUrl {
  const query = new Map<string, string>();
  const appPath = splitQuery(app, query);
  const namePath = splitQuery(publishName, query);
  const segments = [...appPath.split('/'), ...namePath.split('/')].filter((s) => s.length > 0);
  const expected = `expected rtmp://<host>:<port>/${APP_NAME}/<accessToken>/<streamName>`;
  if (segments[0] !== APP_NAME) {
    throw new IngestUrlError(
      `ingest URL must start with /${APP_NAME}/, got app "${app}" and stream "${publishName}"; ${expected}`,
    );
  }
  if (segments.length < 3) {
    throw new IngestUrlError(
      `ingest URL is missing the ${segments.length < 2 ? 'access token and ' : ''}stream name ` +
        `(app "${app}", stream "${publishName}"); ${expected}`,
    );
  }
  if (segments.length > 3) {
    throw new IngestUrlError(
      `ingest URL has too many path segments (app "${app}", stream "${publishName}"); ${expected}`,
    );
  }
  const [, accessToken = '', streamName = ''] = segments;
  if (!STREAM_NAME.test(streamName)) {
    throw new IngestUrlError(
      `stream name "${streamName}" must be 1-128 characters of A-Z a-z 0-9 . _ ~ -; ${expected}`,
    );
  }
  return {
    accessToken,
    normalizedToken: normalizeAccessToken(accessToken),
    streamName,
    query,
    videoBitrate: kbpsParam(query, 'videodatarate'),
    audioBitrate: kbpsParam(query, 'audiodatarate'),
  };
}

/**
 * `accessTokenOfApp` is the access token an RTMP `app` carries (`live/<accessToken>`), or `undefined`
 * when it carries none (the encoder put the token in the stream name: `live` + `<accessToken>/<stream>`).
 */
export function accessTokenOfApp(app: string): string | undefined {
  const segments = splitQuery(app, new Map())
    .split('/')
    .filter((s) => s.length > 0);
  return segments[0] === APP_NAME && segments[1] !== undefined ? segments[1] : undefined;
}

/** `accessTokenOf` is the access token of a publish (`app` and stream name), `undefined` when malformed. */
export function accessTokenOf(app: string, publishName: string): string | undefined {
  try {
    return parseIngestUrl(app, publishName).accessToken;
  } catch (e) {
    if (e instanceof IngestUrlError) {
      return undefined;
    }
    throw e;
  }
}
