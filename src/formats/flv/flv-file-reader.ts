import { ByteReader } from '../../lib/bytes/byte-reader.js';
import { MediaFormatError } from '../../lib/media-format-error.js';

/** `FlvTagType` lists the FLV tag types (FLV spec v10.1 §E.4.1), equal to the RTMP message types. */
export const FlvTagType = { audio: 8, video: 9, scriptData: 18 } as const;

/** `FlvTagTypeValue` is one of the `FlvTagType` values. */
export type FlvTagTypeValue = (typeof FlvTagType)[keyof typeof FlvTagType];

/** `FlvFileHeader` is the FLV file header (FLV spec v10.1 §E.2). */
export interface FlvFileHeader {
  readonly version: number;
  readonly hasAudio: boolean;
  readonly hasVideo: boolean;
  /** Offset of the body (PreviousTagSize0) from the start of the file; 9 for version 1. */
  readonly dataOffset: number;
}

/** `FlvTag` is one tag of an FLV file (FLV spec v10.1 §E.4.1). */
export interface FlvTag {
  readonly type: FlvTagTypeValue;
  /** Milliseconds: the 24-bit Timestamp with TimestampExtended as its upper 8 bits (unsigned 32-bit). */
  readonly timestamp: number;
  /** StreamID; always 0 in conforming files. */
  readonly streamId: number;
  /** View of the tag body (an RTMP message body) inside the file bytes. */
  readonly body: Uint8Array;
  /** Offset of the tag header in the file. */
  readonly offset: number;
}

/** `FlvFileReaderOptions` configures a `FlvFileReader`. */
export interface FlvFileReaderOptions {
  /** The whole file. Tags are views into it. */
  readonly bytes: Uint8Array;
}

/** Size of the version-1 header: signature (3), version (1), flags (1), DataOffset (4). */
const HEADER_SIZE = 9;
/** Size of a tag header: type (1), DataSize (3), Timestamp (3), TimestampExtended (1), StreamID (3). */
const TAG_HEADER_SIZE = 11;
/** TypeFlagsAudio and TypeFlagsVideo bits of the header flags byte. */
const FLAG_AUDIO = 0x04;
const FLAG_VIDEO = 0x01;
/** The Filter bit of the tag type byte: the tag is encrypted (FLV spec v10.1 §E.4.1). */
const FILTER_BIT = 0x20;
const TAG_TYPE_MASK = 0x1f;

function readHeader(r: ByteReader): FlvFileHeader {
  const sig = r.bytesView(3, 'flv signature');
  if (sig[0] !== 0x46 || sig[1] !== 0x4c || sig[2] !== 0x56) {
    throw new MediaFormatError(
      'flv-bad-signature',
      `flv file: signature is ${Buffer.from(sig).toString('hex')}, expected 464c56 ("FLV")`,
      0,
    );
  }
  const version = r.u8('flv version');
  const flags = r.u8('flv flags');
  const dataOffset = r.u32('flv data offset');
  if (dataOffset < HEADER_SIZE) {
    throw new MediaFormatError('flv-bad-header', `flv file: data offset ${dataOffset} is below 9`, 5);
  }
  return { version, hasAudio: (flags & FLAG_AUDIO) !== 0, hasVideo: (flags & FLAG_VIDEO) !== 0, dataOffset };
}

/**
 * `FlvFileReader` iterates the tags of an FLV file held in memory (FLV spec v10.1 Annex E). It checks the
 * header, tag types and sizes; the PreviousTagSize fields are skipped without being trusted, as players
 * and ffmpeg do. Throws `MediaFormatError` on a bad header, an encrypted or unknown tag, or a tag cut
 * off by the end of the file (a missing final PreviousTagSize is accepted).
 */
export class FlvFileReader implements Iterable<FlvTag> {
  readonly header: FlvFileHeader;
  readonly #r: ByteReader;

  constructor(options: FlvFileReaderOptions) {
    const r = new ByteReader(options.bytes);
    this.header = readHeader(r);
    // Skip to the body, then PreviousTagSize0.
    r.skip(this.header.dataOffset - HEADER_SIZE, 'flv header padding');
    r.skip(4, 'previous tag size 0');
    this.#r = r;
  }

  /** `next` returns the next tag, or undefined at the end of the file. */
  next(): FlvTag | undefined {
    const r = this.#r;
    if (r.remaining === 0) {
      return undefined;
    }
    const offset = r.position;
    if (r.remaining < TAG_HEADER_SIZE) {
      throw new MediaFormatError(
        'truncated',
        `flv file: ${r.remaining} bytes left at offset ${offset}, too few for a tag header`,
        offset,
      );
    }
    const typeByte = r.u8('tag type');
    if (typeByte & FILTER_BIT) {
      throw new MediaFormatError(
        'flv-encrypted',
        `flv tag at offset ${offset} is encrypted (filter bit set)`,
        offset,
      );
    }
    const type = typeByte & TAG_TYPE_MASK;
    if (type !== FlvTagType.audio && type !== FlvTagType.video && type !== FlvTagType.scriptData) {
      throw new MediaFormatError(
        'flv-bad-tag-type',
        `flv tag at offset ${offset} has unknown type ${type}`,
        offset,
      );
    }
    const size = r.u24('tag data size');
    const low = r.u24('tag timestamp');
    const extended = r.u8('tag timestamp extended');
    const streamId = r.u24('tag stream id');
    const body = r.bytesView(size, 'tag data');
    if (r.remaining > 0) {
      r.skip(4, 'previous tag size');
    }
    return { type, timestamp: extended * 0x100_0000 + low, streamId, body, offset };
  }

  *[Symbol.iterator](): Iterator<FlvTag> {
    for (let tag = this.next(); tag !== undefined; tag = this.next()) {
      yield tag;
    }
  }
}

/** `parseFlvFile` reads a whole FLV file into its header and the list of its tags (views). */
export function parseFlvFile(bytes: Uint8Array): { header: FlvFileHeader; tags: FlvTag[] } {
  const reader = new FlvFileReader({ bytes });
  return { header: reader.header, tags: [...reader] };
}
