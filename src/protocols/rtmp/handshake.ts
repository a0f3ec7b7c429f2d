import { randomBytes } from 'node:crypto';
import { MediaFormatError } from '../../lib/media-format-error.js';
import {
  DIGEST_SIZE,
  FMS_PARTIAL_KEY,
  FP_PARTIAL_KEY,
  GENUINE_FMS_KEY,
  HANDSHAKE_SIZE,
  findDigest,
  responseSignature,
  writeDigest,
  type DigestScheme,
} from './handshake-digest.js';

/** `RTMP_VERSION` is the only protocol version in C0/S0 (RTMP Specification 1.0, §5.2.2). */
export const RTMP_VERSION = 3;

/**
 * Version Inlet announces in a digest S1 (bytes 4..7). Clients that validate the digest (ffmpeg playing)
 * only do so when the first byte is at least 3, as Flash Media Server 3 and later send.
 */
const SERVER_VERSION = Uint8Array.of(5, 0, 3, 1);

/** `RandomSource` fills a buffer of `n` random bytes; tests pass a seeded one. */
export type RandomSource = (n: number) => Uint8Array;

const defaultRandom: RandomSource = (n) => new Uint8Array(randomBytes(n));

function checkC0(version: number | undefined): void {
  if (version !== RTMP_VERSION) {
    throw new MediaFormatError(
      'rtmp-bad-version',
      `rtmp handshake: unsupported version ${version ?? -1} in c0 (need 3; 6 and 8 are rtmpe)`,
      0,
    );
  }
}

/** `ServerHello` is the server's answer to C0+C1: S0+S1+S2 in one buffer and the mode detected. */
export interface ServerHello {
  /** S0 (1 byte) + S1 (1536) + S2 (1536). */
  readonly response: Uint8Array;
  /** `plain`: C1 carried no valid digest (§5.2); `digest`: Flash Player 9 digest handshake. */
  readonly mode: 'plain' | 'digest';
  /** Where the client put its digest (digest mode only); S1 answers in the same scheme. */
  readonly scheme: DigestScheme | undefined;
}

/** `ServerHelloOptions` are the inputs of {@link answerClientHello} that are not on the wire. */
export interface ServerHelloOptions {
  /** S1 time field (§5.2.3), milliseconds; default 0. */
  readonly epoch?: number;
  readonly random?: RandomSource;
}

/**
 * `answerClientHello` builds S0+S1+S2 for a client's C0+C1 (1537 bytes). It rejects a C0 other than 3
 * (`rtmp-bad-version`). When C1 carries a valid Flash Player digest (scheme 1 or 0, signed with the
 * 30-byte "Genuine Adobe Flash Player 001" key), S1 gets a digest in the same scheme signed with the
 * 36-byte "Genuine Adobe Flash Media Server 001" key, and S2 is random bytes whose last 32 bytes are
 * `HMAC(S2[0..1504], HMAC(clientDigest, fullServerKey))` (the scheme of librtmp `handshake.h` and
 * nginx-rtmp). Otherwise the plain handshake of §5.2: S1 = time, zero, random; S2 = echo of C1.
 */
export function answerClientHello(c0c1: Uint8Array, options: ServerHelloOptions = {}): ServerHello {
  if (c0c1.byteLength < 1 + HANDSHAKE_SIZE) {
    throw new MediaFormatError(
      'truncated',
      `rtmp handshake: c0+c1 has ${c0c1.byteLength} bytes, need 1537`,
      0,
    );
  }
  checkC0(c0c1[0]);
  const random = options.random ?? defaultRandom;
  const c1 = c0c1.subarray(1, 1 + HANDSHAKE_SIZE);
  const out = new Uint8Array(1 + 2 * HANDSHAKE_SIZE);
  const s1 = out.subarray(1, 1 + HANDSHAKE_SIZE);
  const s2 = out.subarray(1 + HANDSHAKE_SIZE);
  out[0] = RTMP_VERSION;
  s1.set(random(HANDSHAKE_SIZE - 8), 8);
  new DataView(s1.buffer, s1.byteOffset, 8).setUint32(0, (options.epoch ?? 0) >>> 0);

  // A zero version field (C1 bytes 4..7) announces the plain handshake; nginx-rtmp and FMS skip the
  // digest search then.
  const clientVersion = (c1[4] ?? 0) | (c1[5] ?? 0) | (c1[6] ?? 0) | (c1[7] ?? 0);
  const found = clientVersion === 0 ? undefined : findDigest(c1, FP_PARTIAL_KEY);
  if (found === undefined) {
    s2.set(c1);
    return { response: out, mode: 'plain', scheme: undefined };
  }
  s1.set(SERVER_VERSION, 4);
  writeDigest(s1, found.scheme, FMS_PARTIAL_KEY);
  s2.set(random(HANDSHAKE_SIZE - DIGEST_SIZE));
  s2.set(responseSignature(s2, found.digest, GENUINE_FMS_KEY), HANDSHAKE_SIZE - DIGEST_SIZE);
  return { response: out, mode: 'digest', scheme: found.scheme };
}

/** `HandshakeStep` is what a handshake state machine wants done after consuming some input. */
export interface HandshakeStep {
  /** Bytes to write to the peer now, if any. */
  readonly send: Uint8Array | undefined;
  /** True once the handshake is complete; `rest` then holds the bytes that followed it. */
  readonly done: boolean;
  /** Input bytes after the end of the handshake (the first chunks), a view of the input. */
  readonly rest: Uint8Array | undefined;
}

/** Fixed-size accumulator: buffers at most `size` bytes, so a handshake never buffers more. */
class Accumulator {
  readonly buf: Uint8Array;
  filled = 0;
  constructor(size: number) {
    this.buf = new Uint8Array(size);
  }
  /** Takes what fits from `chunk`; returns how many bytes were taken. */
  take(chunk: Uint8Array): number {
    const n = Math.min(chunk.byteLength, this.buf.byteLength - this.filled);
    this.buf.set(chunk.subarray(0, n), this.filled);
    this.filled += n;
    return n;
  }
  get full(): boolean {
    return this.filled === this.buf.byteLength;
  }
}

/**
 * `ServerHandshake` runs the server side incrementally: feed received bytes; it answers C0+C1 with
 * S0+S1+S2 ({@link answerClientHello}), then waits for C2, which it accepts without checking (many
 * encoders send an arbitrary C2). It never buffers more than 1537 bytes.
 */
export class ServerHandshake {
  #c0c1 = new Accumulator(1 + HANDSHAKE_SIZE);
  #c2 = new Accumulator(HANDSHAKE_SIZE);
  #options: ServerHelloOptions;
  #mode: ServerHello['mode'] | undefined;

  constructor(options: ServerHelloOptions = {}) {
    this.#options = options;
  }

  /** The mode detected from C1, once known. */
  get mode(): ServerHello['mode'] | undefined {
    return this.#mode;
  }

  /** Consumes `chunk`; throws `MediaFormatError` for a bad C0. */
  feed(chunk: Uint8Array): HandshakeStep {
    if (this.#c2.full) {
      return { send: undefined, done: true, rest: chunk };
    }
    let at = 0;
    let send: Uint8Array | undefined;
    if (!this.#c0c1.full) {
      at += this.#c0c1.take(chunk);
      if (!this.#c0c1.full) {
        if (this.#c0c1.filled >= 1) {
          checkC0(this.#c0c1.buf[0]);
        }
        return { send: undefined, done: false, rest: undefined };
      }
      const hello = answerClientHello(this.#c0c1.buf, this.#options);
      this.#mode = hello.mode;
      send = hello.response;
    }
    at += this.#c2.take(chunk.subarray(at));
    if (!this.#c2.full) {
      return { send, done: false, rest: undefined };
    }
    return { send, done: true, rest: at < chunk.byteLength ? chunk.subarray(at) : undefined };
  }
}

/**
 * `ClientHandshake` runs the plain client side (RTMP Specification 1.0, §5.2): `hello()` is C0+C1; after
 * S0+S1 it answers C2 (the echo of S1), then waits for S2, which it does not check.
 */
export class ClientHandshake {
  #s0s1 = new Accumulator(1 + HANDSHAKE_SIZE);
  #s2 = new Accumulator(HANDSHAKE_SIZE);
  #random: RandomSource;

  constructor(options: { random?: RandomSource } = {}) {
    this.#random = options.random ?? defaultRandom;
  }

  /** C0+C1: version 3, time 0, four zero bytes (plain handshake), 1528 random bytes. */
  hello(): Uint8Array {
    const out = new Uint8Array(1 + HANDSHAKE_SIZE);
    out[0] = RTMP_VERSION;
    out.set(this.#random(HANDSHAKE_SIZE - 8), 9);
    return out;
  }

  /** Consumes `chunk`; throws `MediaFormatError` when S0 is not version 3. */
  feed(chunk: Uint8Array): HandshakeStep {
    if (this.#s2.full) {
      return { send: undefined, done: true, rest: chunk };
    }
    let at = 0;
    let send: Uint8Array | undefined;
    if (!this.#s0s1.full) {
      at += this.#s0s1.take(chunk);
      if (this.#s0s1.filled >= 1 && this.#s0s1.buf[0] !== RTMP_VERSION) {
        throw new MediaFormatError(
          'rtmp-bad-version',
          `rtmp handshake: server answered version ${this.#s0s1.buf[0] ?? -1} in s0, need 3`,
          0,
        );
      }
      if (!this.#s0s1.full) {
        return { send: undefined, done: false, rest: undefined };
      }
      send = this.#s0s1.buf.slice(1);
    }
    at += this.#s2.take(chunk.subarray(at));
    if (!this.#s2.full) {
      return { send, done: false, rest: undefined };
    }
    return { send, done: true, rest: at < chunk.byteLength ? chunk.subarray(at) : undefined };
  }
}
