import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, normalize, sep } from 'node:path';
import { ContentType, notModified, setCorsHeaders } from './http-response.js';

/** `ContainerFile` is one file of an asset container, its path relative to it with `/` separators. */
export interface ContainerFile {
  readonly path: string;
  readonly size: number;
  readonly modified: Date;
}

/** `ContainerGrant` is an authorized access to one container. */
export type ContainerGrant =
  | { readonly ok: true; readonly dir: string; files(): Promise<readonly ContainerFile[]> }
  | { readonly ok: false; readonly status: number; readonly code: string; readonly reason: string };

/** `ContainerAccess` checks the signature of a container URL (implemented by the app, which signs them). */
export interface ContainerAccess {
  authorize(container: string, query: URLSearchParams): ContainerGrant;
}

/** `ASSET_FILES_PATH` is the URL prefix of asset containers (`/asset-files/<container>/<file>`). */
export const ASSET_FILES_PATH = '/asset-files/';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  mp4: 'video/mp4',
  m4s: 'video/iso.segment',
  json: 'application/json',
  ts: 'video/mp2t',
};

function xmlEscape(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function storageError(res: ServerResponse, status: number, code: string, message: string): void {
  const body = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error>`;
  res.statusCode = status;
  res.setHeader('Content-Type', ContentType.xml);
  res.setHeader('x-ms-error-code', code);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

function contentType(path: string): string {
  return CONTENT_TYPES[path.slice(path.lastIndexOf('.') + 1).toLowerCase()] ?? 'application/octet-stream';
}

/** The `Range` or `x-ms-range` of a request (Azure Storage clients send the latter). */
function rangeOf(req: IncomingMessage, size: number): { start: number; end: number } | 'invalid' | undefined {
  const header = req.headers['x-ms-range'] ?? req.headers.range;
  const m = typeof header === 'string' ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (m === null || (m[1] === '' && m[2] === '')) {
    return undefined;
  }
  const start = m[1] === '' ? Math.max(0, size - Number(m[2])) : Number(m[1]);
  const end = m[1] === '' || m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  return start > end || start >= size ? 'invalid' : { start, end };
}

async function listBlobs(
  req: IncomingMessage,
  res: ServerResponse,
  container: string,
  files: readonly ContainerFile[],
  prefix: string,
): Promise<void> {
  const items = files
    .filter((f) => f.path.startsWith(prefix))
    .map(
      (f) =>
        `<Blob><Name>${xmlEscape(f.path)}</Name><Properties><Creation-Time>${f.modified.toUTCString()}</Creation-Time><Last-Modified>${f.modified.toUTCString()}</Last-Modified><Etag>"0x${f.modified.getTime().toString(16)}${f.size.toString(16)}"</Etag><Content-Length>${f.size}</Content-Length><Content-Type>${contentType(f.path)}</Content-Type><BlobType>BlockBlob</BlobType><AccessTier>Hot</AccessTier><LeaseStatus>unlocked</LeaseStatus><LeaseState>available</LeaseState><ServerEncrypted>false</ServerEncrypted></Properties></Blob>`,
    )
    .join('');
  const body = `<?xml version="1.0" encoding="utf-8"?><EnumerationResults ContainerName="${xmlEscape(container)}">${prefix === '' ? '' : `<Prefix>${xmlEscape(prefix)}</Prefix>`}<Blobs>${items}</Blobs><NextMarker /></EnumerationResults>`;
  res.statusCode = 200;
  res.setHeader('Content-Type', ContentType.xml);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(req.method === 'HEAD' ? undefined : body);
}

async function getBlob(req: IncomingMessage, res: ServerResponse, dir: string, path: string): Promise<void> {
  const file = normalize(join(dir, ...path.split('/')));
  if (!file.startsWith(dir + sep) || path.split('/').some((p) => p.startsWith('.'))) {
    storageError(res, 404, 'BlobNotFound', `no blob ${path} in this container`);
    return;
  }
  let info;
  try {
    info = await stat(file);
  } catch {
    info = undefined;
  }
  if (info === undefined || !info.isFile()) {
    storageError(res, 404, 'BlobNotFound', `no blob ${path} in this container`);
    return;
  }
  res.setHeader('Content-Type', contentType(path));
  res.setHeader('Last-Modified', info.mtime.toUTCString());
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('x-ms-blob-type', 'BlockBlob');
  res.setHeader('Cache-Control', 'private, max-age=60');
  if (notModified(req, res, `"0x${info.mtime.getTime().toString(16)}${info.size.toString(16)}"`)) {
    return;
  }
  const range = rangeOf(req, info.size);
  if (range === 'invalid') {
    res.setHeader('Content-Range', `bytes */${info.size}`);
    storageError(res, 416, 'InvalidRange', 'the range is outside the blob');
    return;
  }
  const { start, end } = range ?? { start: 0, end: info.size - 1 };
  res.statusCode = range === undefined ? 200 : 206;
  if (range !== undefined) {
    res.setHeader('Content-Range', `bytes ${start}-${end}/${info.size}`);
  }
  res.setHeader('Content-Length', Math.max(0, end - start + 1));
  if (req.method === 'HEAD' || info.size === 0) {
    res.end();
    return;
  }
  createReadStream(file, { start, end })
    .on('error', () => res.destroy())
    .pipe(res);
}

/**
 * `createAssetFilesHandler` serves the container URLs `Assets_ListContainerSas` hands out, in the subset
 * of the Azure Blob Storage REST API a reader needs, so `ContainerClient` of `@azure/storage-blob` and
 * plain HTTP clients both work: `GET /asset-files/<container>?restype=container&comp=list` (List Blobs,
 * with `prefix`), `GET|HEAD /asset-files/<container>/<blob>` (Get Blob, Get Blob Properties, with `Range`
 * or `x-ms-range`). Every request needs the URL's signature and must come before its expiry; writes are
 * refused (containers are read-only).
 */
export function createAssetFilesHandler(access: ContainerAccess) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    if (!url.pathname.startsWith(ASSET_FILES_PATH)) {
      return false;
    }
    setCorsHeaders(res);
    const rest = url.pathname.slice(ASSET_FILES_PATH.length);
    const slash = rest.indexOf('/');
    let container: string;
    let blob: string;
    try {
      container = decodeURIComponent(slash < 0 ? rest : rest.slice(0, slash));
      blob = slash < 0 ? '' : decodeURIComponent(rest.slice(slash + 1));
    } catch {
      storageError(res, 400, 'InvalidUri', 'the URL is not valid percent-encoding');
      return true;
    }
    const grant = access.authorize(container, url.searchParams);
    if (!grant.ok) {
      storageError(res, grant.status, grant.code, grant.reason);
      return true;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      storageError(
        res,
        403,
        'AuthorizationPermissionMismatch',
        'asset containers are read-only: this signature grants read and list only',
      );
      return true;
    }
    if (blob === '') {
      if (url.searchParams.get('comp') !== 'list') {
        storageError(
          res,
          400,
          'InvalidQueryParameterValue',
          'list the container with ?restype=container&comp=list',
        );
        return true;
      }
      await listBlobs(req, res, container, await grant.files(), url.searchParams.get('prefix') ?? '');
      return true;
    }
    await getBlob(req, res, grant.dir, blob);
    return true;
  };
}
