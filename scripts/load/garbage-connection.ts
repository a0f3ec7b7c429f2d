/**
 * `sendGarbage` is the "garbage after the handshake" fault: it connects, completes the plain RTMP
 * handshake (RTMP Specification 1.0 §5.2) as a client, then writes random bytes where the chunk stream
 * should start, and waits for the server to close the connection.
 */
import { randomBytes } from 'node:crypto';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { ClientHandshake } from '../../src/protocols/rtmp/handshake.js';
import { parseRtmpUrl } from '../../src/protocols/rtmp/rtmp-url.js';

/** `GarbageResult`: whether the server closed the connection after the garbage, and how fast. */
export interface GarbageResult {
  readonly handshake: boolean;
  readonly closedByServer: boolean;
  readonly ms: number;
  readonly error?: string;
}

/** Garbage size: a few chunks' worth, enough for any parser to hit an invalid header. */
const GARBAGE_BYTES = 4096;

/** `sendGarbage` runs one garbage connection; it never throws. */
export function sendGarbage(url: string, timeoutMs: number): Promise<GarbageResult> {
  const started = performance.now();
  const u = parseRtmpUrl(url, { streamInUrl: false });
  return new Promise((resolve) => {
    let handshakeDone = false;
    let finished = false;
    const socket: Socket = u.secure
      ? tlsConnect({ host: u.host, port: u.port, rejectUnauthorized: false })
      : netConnect({ host: u.host, port: u.port });
    const finish = (closedByServer: boolean, error?: string): void => {
      if (finished) {
        return;
      }
      finished = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({
        handshake: handshakeDone,
        closedByServer,
        ms: Math.round(performance.now() - started),
        ...(error === undefined ? {} : { error }),
      });
    };
    const timer = setTimeout(
      () => finish(false, `server kept the connection ${timeoutMs} ms after garbage`),
      timeoutMs,
    );
    const handshake = new ClientHandshake();
    socket.once(u.secure ? 'secureConnect' : 'connect', () => socket.write(handshake.hello()));
    socket.on('data', (b: Buffer) => {
      if (handshakeDone) {
        return;
      }
      try {
        const step = handshake.feed(b);
        if (step.send !== undefined) {
          socket.write(step.send);
        }
        if (step.done) {
          handshakeDone = true;
          socket.write(randomBytes(GARBAGE_BYTES));
        }
      } catch (e) {
        finish(false, `handshake failed: ${String(e)}`);
      }
    });
    // A reset (server destroyed the socket while garbage was in flight) also counts as closed.
    socket.on('error', (e) => finish(handshakeDone, handshakeDone ? undefined : e.message));
    socket.on('close', () =>
      finish(handshakeDone, handshakeDone ? undefined : 'closed before the handshake ended'),
    );
  });
}
