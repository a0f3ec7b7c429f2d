import { createHmac } from 'node:crypto';

/** `HANDSHAKE_SIZE` is the size of C1, S1, C2 and S2 (RTMP Specification 1.0, §5.2.3). */
export const HANDSHAKE_SIZE = 1536;
/** `DIGEST_SIZE` is the size of an HMAC-SHA256 handshake digest. */
export const DIGEST_SIZE = 32;

/**
 * 32 bytes appended to both "Genuine Adobe" texts to form the full keys (Flash Player 9 handshake, as
 * published in librtmp `handshake.h` and nginx-rtmp `ngx_rtmp_handshake.c`).
 */
const KEY_SUFFIX = [
  0xf0, 0xee, 0xc2, 0x4a, 0x80, 0x68, 0xbe, 0xe8, 0x2e, 0x00, 0xd0, 0xd1, 0x02, 0x9e, 0x7e, 0x57, 0x6e, 0xec,
  0x5d, 0x2d, 0x29, 0x80, 0x6f, 0xab, 0x93, 0xb8, 0xe6, 0x36, 0xcf, 0xeb, 0x31, 0xae,
];

function key(text: string): Uint8Array {
  return Uint8Array.from([...Buffer.from(text, 'latin1'), ...KEY_SUFFIX]);
}

/** `GENUINE_FMS_KEY` is the server's full key (68 bytes); its first 36 bytes sign S1. */
export const GENUINE_FMS_KEY: Uint8Array = key('Genuine Adobe Flash Media Server 001');
/** `GENUINE_FP_KEY` is the client's full key (62 bytes); its first 30 bytes sign C1. */
export const GENUINE_FP_KEY: Uint8Array = key('Genuine Adobe Flash Player 001');
/** `FMS_PARTIAL_KEY` signs S1 (the text part of the server key, 36 bytes). */
export const FMS_PARTIAL_KEY: Uint8Array = GENUINE_FMS_KEY.subarray(0, 36);
/** `FP_PARTIAL_KEY` signs C1 (the text part of the client key, 30 bytes). */
export const FP_PARTIAL_KEY: Uint8Array = GENUINE_FP_KEY.subarray(0, 30);

/**
 * `DigestScheme` is where a C1/S1 digest sits: scheme 0 reads the offset from bytes 8..11 (digest block
 * first), scheme 1 from bytes 772..775 (key block first). The offset is `sum(4 bytes) % 728 + base + 4`,
 * so the 32-byte digest always lies inside its 764-byte block.
 */
export type DigestScheme = 0 | 1;

/** Offset-field position of each scheme: the start of the 764-byte digest block. */
const SCHEME_BASE: Record<DigestScheme, number> = { 0: 8, 1: 772 };
/** Digest block length (764) minus the offset field (4) and the digest (32). */
const OFFSET_MODULUS = 728;

/** `digestOffset` is the position of the digest in a 1536-byte C1/S1 for `scheme`. */
export function digestOffset(block: Uint8Array, scheme: DigestScheme): number {
  const base = SCHEME_BASE[scheme];
  const sum = (block[base] ?? 0) + (block[base + 1] ?? 0) + (block[base + 2] ?? 0) + (block[base + 3] ?? 0);
  return (sum % OFFSET_MODULUS) + base + 4;
}

/** `hmacSha256` is HMAC-SHA256 of the concatenated `parts` under `hmacKey`. */
export function hmacSha256(hmacKey: Uint8Array, ...parts: Uint8Array[]): Uint8Array {
  const h = createHmac('sha256', hmacKey);
  for (const p of parts) {
    h.update(p);
  }
  return new Uint8Array(h.digest());
}

/** `blockDigest` is the HMAC of a 1536-byte block without the 32 digest bytes at `offset`. */
export function blockDigest(block: Uint8Array, offset: number, hmacKey: Uint8Array): Uint8Array {
  return hmacSha256(hmacKey, block.subarray(0, offset), block.subarray(offset + DIGEST_SIZE, HANDSHAKE_SIZE));
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) {
    return false;
  }
  let diff = 0;
  for (let i = 0; i < a.byteLength; i++) {
    diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  }
  return diff === 0;
}

/** `FoundDigest` is a validated digest in a C1 or S1 block. */
export interface FoundDigest {
  readonly scheme: DigestScheme;
  readonly offset: number;
  readonly digest: Uint8Array;
}

/**
 * `findDigest` looks for a valid digest in a 1536-byte block signed with `hmacKey`, trying scheme 1 then
 * scheme 0 (the order nginx-rtmp and ffmpeg use), and returns undefined when neither validates.
 */
export function findDigest(block: Uint8Array, hmacKey: Uint8Array): FoundDigest | undefined {
  for (const scheme of [1, 0] as const) {
    const offset = digestOffset(block, scheme);
    const digest = block.subarray(offset, offset + DIGEST_SIZE);
    if (equal(blockDigest(block, offset, hmacKey), digest)) {
      return { scheme, offset, digest };
    }
  }
  return undefined;
}

/** `writeDigest` signs a 1536-byte block in place with `hmacKey` at the position of `scheme`. */
export function writeDigest(block: Uint8Array, scheme: DigestScheme, hmacKey: Uint8Array): void {
  const offset = digestOffset(block, scheme);
  block.set(blockDigest(block, offset, hmacKey), offset);
}

/**
 * `responseSignature` is the last 32 bytes of a digest S2 (or C2): HMAC of the first 1504 bytes under
 * `HMAC(peerDigest, fullKey)`, where `peerDigest` is the digest found in the peer's C1 (or S1).
 */
export function responseSignature(
  response: Uint8Array,
  peerDigest: Uint8Array,
  fullKey: Uint8Array,
): Uint8Array {
  const k = hmacSha256(fullKey, peerDigest);
  return hmacSha256(k, response.subarray(0, HANDSHAKE_SIZE - DIGEST_SIZE));
}
