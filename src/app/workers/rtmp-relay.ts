import net from 'node:net';
import type { Logger } from 'pino';
import type { AdoptedConnection, IngestHandover, RemotePeer } from '../../ingest/ingest-server.js';
import type { IngestEndpoint } from '../../live/publisher.js';

/**
 * An RTMPS connection cannot move to another process (its TLS state lives in this one), so the main
 * process keeps the TLS socket and relays the plaintext over a UNIX socket to the owning worker. The
 * relay starts with a header: a 4-byte big-endian length, that many bytes of JSON (`RelayHeader`), then
 * the bytes the door read after the handshake; from there on the stream is the client's RTMP.
 */
export interface RelayHeader {
  readonly endpoint: IngestEndpoint;
  readonly remote: RemotePeer;
  readonly bytesReceived: number;
  readonly answeredBytes: number;
  /** Bytes after the JSON that belong to the door's read (then the live stream follows). */
  readonly dataLength: number;
}

/** Most bytes of a relay header's JSON: a few hundred in practice. */
const MAX_HEADER_JSON = 16 * 1024;
/** Most bytes read after the handshake by a door (its own bound). */
const MAX_DOOR_DATA = 64 * 1024;

/** `encodeRelayHeader` writes the relay's header and the door's bytes. */
export function encodeRelayHeader(h: Omit<RelayHeader, 'dataLength'>, data: Uint8Array): Buffer {
  const json = Buffer.from(JSON.stringify({ ...h, dataLength: data.byteLength }));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.byteLength, 0);
  return Buffer.concat([length, json, data]);
}

/**
 * `readRelayHeader` parses the start of a relay stream: `undefined` while incomplete, the header and
 * every byte after the JSON (the door's bytes and whatever followed in the same reads) once complete.
 * Throws a `RangeError` on a malformed header.
 */
export function readRelayHeader(
  buffered: Uint8Array,
): { readonly header: RelayHeader; readonly data: Uint8Array } | undefined {
  if (buffered.byteLength < 4) {
    return undefined;
  }
  const view = Buffer.from(buffered.buffer, buffered.byteOffset, buffered.byteLength);
  const jsonLength = view.readUInt32BE(0);
  if (jsonLength === 0 || jsonLength > MAX_HEADER_JSON) {
    throw new RangeError(`relay header of ${jsonLength} bytes (at most ${MAX_HEADER_JSON})`);
  }
  if (view.byteLength < 4 + jsonLength) {
    return undefined;
  }
  const header = JSON.parse(view.subarray(4, 4 + jsonLength).toString('utf8')) as RelayHeader;
  if (
    typeof header !== 'object' ||
    header === null ||
    typeof header.endpoint?.id !== 'string' ||
    typeof header.remote?.address !== 'string' ||
    !Number.isInteger(header.bytesReceived) ||
    !Number.isInteger(header.answeredBytes) ||
    !Number.isInteger(header.dataLength) ||
    header.dataLength < 0 ||
    header.dataLength > MAX_DOOR_DATA
  ) {
    throw new RangeError('relay header is not a relay header');
  }
  const rest = view.subarray(4 + jsonLength);
  if (rest.byteLength < header.dataLength) {
    return undefined;
  }
  return { header, data: rest };
}

/**
 * `relayToWorker` connects to a worker's relay socket, sends the header and pipes the TLS socket both
 * ways; either side closing closes the other.
 */
export function relayToWorker(path: string, handover: IngestHandover, logger: Logger): void {
  const { socket, endpoint, remote, resume } = handover;
  const relay = net.connect(path);
  relay.setNoDelay(true);
  const close = (): void => {
    socket.destroy();
    relay.destroy();
  };
  relay.on('error', (err) => {
    logger.warn({ err, path }, 'RTMPS relay to the media worker failed: connection closed');
    close();
  });
  socket.on('error', close);
  socket.on('close', close);
  relay.on('close', close);
  relay.write(
    encodeRelayHeader(
      { endpoint, remote, bytesReceived: resume.bytesReceived, answeredBytes: resume.answeredBytes ?? 0 },
      resume.data,
    ),
  );
  socket.pipe(relay);
  relay.pipe(socket);
}

/**
 * `acceptRelayed` reads a relay header from a worker's relay socket and calls `adopt` with the
 * connection, as `IngestServer.adopt` takes it; a malformed or stalled header closes the socket.
 */
export function acceptRelayed(
  socket: net.Socket,
  adopt: (connection: AdoptedConnection) => void,
  logger: Logger,
): void {
  const chunks: Buffer[] = [];
  const timer = setTimeout(() => {
    logger.warn('RTMPS relay sent no header within 5 s: closed');
    socket.destroy();
  }, 5_000).unref();
  const onData = (chunk: Buffer): void => {
    chunks.push(chunk);
    let read;
    try {
      read = readRelayHeader(chunks.length === 1 ? chunk : Buffer.concat(chunks));
    } catch (err) {
      logger.warn({ err }, 'malformed RTMPS relay header: closed');
      clearTimeout(timer);
      socket.destroy();
      return;
    }
    if (read === undefined) {
      return;
    }
    clearTimeout(timer);
    socket.off('data', onData);
    socket.pause();
    const { header, data } = read;
    adopt({
      socket,
      endpoint: header.endpoint,
      remote: header.remote,
      resume: {
        bytesReceived: header.bytesReceived,
        data: Uint8Array.prototype.slice.call(data),
        answeredBytes: header.answeredBytes,
      },
    });
  };
  socket.on('error', () => undefined);
  socket.on('data', onData);
}
