import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';

/** `ContentType` of everything the HTTP layer serves. */
export const ContentType = {
  hlsPlaylist: 'application/vnd.apple.mpegurl',
  dashManifest: 'application/dash+xml',
  smoothManifest: 'text/xml; charset=utf-8',
  mpegTs: 'video/mp2t',
  xml: 'application/xml; charset=utf-8',
  mp4Segment: 'video/mp4',
  audioMp4: 'audio/mp4',
  json: 'application/json; charset=utf-8',
  text: 'text/plain; charset=utf-8',
  html: 'text/html; charset=utf-8',
  javascript: 'text/javascript; charset=utf-8',
} as const;

/** `corsHeaders` lets players on other origins fetch manifests and segments (preview is public-read). */
export function setCorsHeaders(res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', 'Range, Content-Type, Authorization');
  res.setHeader('Access-Control-Expose-Headers', 'Content-Length, Content-Range, Date, Age, ETag');
}

/** Text bodies below this are sent as they are: gzip would save less than a packet. */
const GZIP_MIN_BYTES = 1024;
/** Content types worth compressing (manifests and page text; media is already compressed). */
const COMPRESSIBLE = /^(application\/(vnd\.apple\.mpegurl|dash\+xml|json|xml)|text\/)/;

/** `acceptsGzip` tells whether the request's `Accept-Encoding` allows gzip (RFC 9110 §12.5.3). */
function acceptsGzip(req: IncomingMessage): boolean {
  const header = req.headers['accept-encoding'];
  if (typeof header !== 'string') {
    return false;
  }
  return header.split(',').some((part) => {
    const [coding = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return (coding === 'gzip' || coding === '*') && (q === undefined || Number(q.slice(2)) > 0);
  });
}

/**
 * `notModified` answers 304 when the request's `If-None-Match` names `etag` (weak comparison, RFC 9110
 * §13.1.2, which GET and HEAD allow) and returns true; otherwise it sets `ETag` and returns false.
 */
export function notModified(req: IncomingMessage, res: ServerResponse, etag: string): boolean {
  res.setHeader('ETag', etag);
  const header = req.headers['if-none-match'];
  if (typeof header !== 'string') {
    return false;
  }
  const opaque = (tag: string): string => tag.trim().replace(/^W\//, '');
  const match = header.trim() === '*' || header.split(',').some((t) => opaque(t) === opaque(etag));
  if (match) {
    res.statusCode = 304;
    res.removeHeader('Content-Type');
    res.end();
  }
  return match;
}

/**
 * `sendText` answers with a text body (HEAD gets the headers only). A cacheable 200 carries a strong
 * `ETag` (a hash of the body) and answers a matching `If-None-Match` with 304; manifests and other text
 * over 1 KiB are gzip-compressed for clients that accept it.
 */
export function sendText(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: string,
  contentType: string = ContentType.text,
  cacheControl = 'no-cache',
): void {
  let bytes: Uint8Array = Buffer.from(body, 'utf8');
  res.statusCode = status;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Cache-Control', cacheControl);
  if (status === 200 && cacheControl !== 'no-store') {
    const etag = `"${createHash('sha1').update(bytes).digest('base64url').slice(0, 22)}"`;
    if (notModified(req, res, etag)) {
      return;
    }
  }
  if (bytes.byteLength >= GZIP_MIN_BYTES && COMPRESSIBLE.test(contentType)) {
    res.setHeader('Vary', 'Accept-Encoding');
    if (acceptsGzip(req)) {
      bytes = gzipSync(bytes, { level: 6 });
      res.setHeader('Content-Encoding', 'gzip');
    }
  }
  res.setHeader('Content-Length', bytes.byteLength);
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

/**
 * `mediaEtag` is a weak validator of a media body that costs no pass over it: its size and a hash of its
 * first and last 512 bytes (a CMAF or TS segment starts with its sequence number and decode time, so
 * two different segments of one URL never share them).
 */
export function mediaEtag(chunks: readonly Uint8Array[]): string {
  const hash = createHash('sha1');
  let size = 0;
  for (const c of chunks) {
    size += c.byteLength;
  }
  const first = chunks[0];
  const last = chunks.at(-1);
  if (first !== undefined) {
    hash.update(first.subarray(0, 512));
  }
  if (last !== undefined) {
    hash.update(last.subarray(Math.max(0, last.byteLength - 512)));
  }
  return `W/"${size.toString(36)}-${hash.digest('base64url').slice(0, 16)}"`;
}

/** `sendJson` answers with a JSON body. */
export function sendJson(req: IncomingMessage, res: ServerResponse, status: number, value: unknown): void {
  sendText(req, res, status, JSON.stringify(value), ContentType.json);
}

/** `sendError` answers with a one-line text error that says what was wrong. */
export function sendError(req: IncomingMessage, res: ServerResponse, status: number, message: string): void {
  sendText(req, res, status, `${message}\n`, ContentType.text, 'no-store');
}

/**
 * `sendBytes` answers with a binary body, honouring a single `Range: bytes=a-b` request (RFC 9110
 * §14.2) since the whole body is in memory anyway. Multi-range requests get the whole body.
 */
export function sendBytes(
  req: IncomingMessage,
  res: ServerResponse,
  body: Uint8Array,
  contentType: string,
  cacheControl: string,
): void {
  res.setHeader('Content-Type', contentType);
  res.setHeader('Cache-Control', cacheControl);
  res.setHeader('Accept-Ranges', 'bytes');
  if (notModified(req, res, mediaEtag([body]))) {
    return;
  }
  const range = req.headers.range;
  const m = range === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  if (m !== null && (m[1] !== '' || m[2] !== '')) {
    const size = body.byteLength;
    let start: number;
    let end: number;
    if (m[1] === '') {
      const suffix = Number(m[2]);
      start = Math.max(0, size - suffix);
      end = size - 1;
    } else {
      start = Number(m[1]);
      end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
    }
    if (start > end || start >= size) {
      res.statusCode = 416;
      res.setHeader('Content-Range', `bytes */${size}`);
      res.setHeader('Content-Length', 0);
      res.end();
      return;
    }
    res.statusCode = 206;
    res.setHeader('Content-Range', `bytes ${start}-${end}/${size}`);
    res.setHeader('Content-Length', end - start + 1);
    res.end(req.method === 'HEAD' ? undefined : body.subarray(start, end + 1));
    return;
  }
  res.statusCode = 200;
  res.setHeader('Content-Length', body.byteLength);
  res.end(req.method === 'HEAD' ? undefined : body);
}
