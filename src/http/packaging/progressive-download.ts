import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RenditionWindow } from '../../packager/rendition-window.js';
import { notModified, sendError } from '../http-response.js';
import { mediaType, type PresentationRoute } from '../presentation-handler.js';

/**
 * `downloadableRenditions` are the renditions of an ended presentation that make one progressive
 * fragmented MP4 file each: one init segment (a rendition whose configuration changed needs several and
 * is left out) followed by every segment.
 */
export function downloadableRenditions(route: PresentationRoute): RenditionWindow[] {
  return route.reader
    .presentation()
    .renditions.filter(
      (r) =>
        r.ended &&
        r.segments.length > 0 &&
        r.segments.every((s) => s.initVersion === r.segments[0]?.initVersion),
    );
}

interface Piece {
  readonly start: number;
  readonly size: number;
  readonly load: () => Promise<readonly Uint8Array[] | undefined>;
}

function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | 'invalid' | undefined {
  const m = header === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (m === null || (m[1] === '' && m[2] === '')) {
    return undefined;
  }
  const start = m[1] === '' ? Math.max(0, size - Number(m[2])) : Number(m[1]);
  const end = m[1] === '' || m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  return start > end || start >= size ? 'invalid' : { start, end };
}

/**
 * `serveRenditionFile` answers the progressive download of one rendition of an ended presentation
 * (`<rendition>.mp4`): its init segment and every segment in order, streamed from the store one segment
 * at a time, with `Content-Length`, a validator and single byte ranges (players seek with them).
 */
export async function serveRenditionFile(
  req: IncomingMessage,
  res: ServerResponse,
  route: PresentationRoute,
  window: RenditionWindow,
): Promise<void> {
  const first = window.segments[0];
  if (first === undefined) {
    sendError(req, res, 404, `rendition ${window.id} has no media`);
    return;
  }
  const init = await route.reader.init(window.id, first.initVersion);
  if (init === undefined) {
    sendError(req, res, 404, `the init segment of rendition ${window.id} is missing`);
    return;
  }
  const pieces: Piece[] = [{ start: 0, size: init.byteLength, load: () => Promise.resolve([init]) }];
  let size = init.byteLength;
  for (const s of window.segments) {
    pieces.push({
      start: size,
      size: s.byteLength,
      load: () => route.reader.loadSegment(window.id, s.sequence),
    });
    size += s.byteLength;
  }
  res.setHeader('Content-Type', mediaType(route.reader.presentation(), window.id));
  res.setHeader('Cache-Control', 'public, max-age=86400');
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('Content-Disposition', `inline; filename="${window.id}.mp4"`);
  const last = window.segments.at(-1);
  if (notModified(req, res, `W/"${size.toString(36)}-${first.sequence}-${last?.sequence ?? 0}"`)) {
    return;
  }
  const range = parseRange(req.headers.range, size);
  if (range === 'invalid') {
    res.statusCode = 416;
    res.setHeader('Content-Range', `bytes */${size}`);
    res.setHeader('Content-Length', 0);
    res.end();
    return;
  }
  const { start, end } = range ?? { start: 0, end: size - 1 };
  res.statusCode = range === undefined ? 200 : 206;
  if (range !== undefined) {
    res.setHeader('Content-Range', `bytes ${start}-${end}/${size}`);
  }
  res.setHeader('Content-Length', end - start + 1);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  for (const piece of pieces) {
    if (piece.start + piece.size <= start || piece.start > end || res.destroyed) {
      continue;
    }
    const chunks = await piece.load();
    if (chunks === undefined) {
      // A file vanished under the download (the asset was deleted): the body cannot be completed.
      res.destroy();
      return;
    }
    let at = piece.start;
    for (const c of chunks) {
      const from = Math.max(start - at, 0);
      const to = Math.min(end + 1 - at, c.byteLength);
      if (to > from) {
        const ok = res.write(c.subarray(from, to));
        if (!ok) {
          await new Promise<void>((resolve) => {
            res.once('drain', resolve);
            res.once('close', resolve);
          });
        }
      }
      at += c.byteLength;
    }
  }
  res.end();
}
