import type { IncomingMessage, ServerResponse } from 'node:http';

/** `ContentType` of everything the HTTP layer serves. */
export const ContentType = {
  hlsPlaylist: 'application/vnd.apple.mpegurl',
  dashManifest: 'application/dash+xml',
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
  res.setHeader('Access-Control-Expose-Headers', 'Content-Length, Content-Range, Date, Age');
}

/** `sendText` answers with a text body (HEAD gets the headers only). */
export function sendText(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: string,
  contentType: string = ContentType.text,
  cacheControl = 'no-cache',
): void {
  const bytes = Buffer.from(body, 'utf8');
  res.statusCode = status;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', bytes.byteLength);
  res.setHeader('Cache-Control', cacheControl);
  res.end(req.method === 'HEAD' ? undefined : bytes);
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
