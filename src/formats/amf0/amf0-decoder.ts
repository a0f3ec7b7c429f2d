import { ByteReader } from '../../lib/bytes/byte-reader.js';
import { MediaFormatError } from '../../lib/media-format-error.js';
import { decodeAmf3Value } from './amf3-decoder.js';
import { Amf0Marker } from './amf0-marker.js';
import {
  Amf0Date,
  Amf0EcmaArray,
  Amf0Reference,
  Amf0TypedObject,
  Amf0Unsupported,
  Amf0Xml,
  type Amf0Object,
  type Amf0Value,
} from './amf0-value.js';

/** Nesting limit: deeper input is rejected rather than risking the stack (no encoder nests this deep). */
const MAX_DEPTH = 64;
/** Element limit for arrays and objects: bounds the work a hostile count can cause. */
const MAX_ELEMENTS = 65_536;

const utf8 = new TextDecoder('utf-8', { fatal: false });

function readUtf8(r: ByteReader, len: number): string {
  return utf8.decode(r.bytesView(len, 'string'));
}

function readProperties(r: ByteReader, depth: number): Amf0Object {
  const out: Amf0Object = {};
  let count = 0;
  for (;;) {
    const keyLen = r.u16('property name length');
    if (keyLen === 0) {
      // An empty key followed by the object-end marker closes the object. Some encoders omit the
      // marker at the very end of a message; accept that as the end too.
      if (r.remaining === 0) {
        return out;
      }
      const marker = r.u8('object end marker');
      if (marker !== Amf0Marker.objectEnd) {
        throw new MediaFormatError(
          'amf0-bad-object-end',
          `amf0 object: expected object-end marker 0x09 after empty key, got 0x${marker.toString(16)}`,
          r.position - 1,
        );
      }
      return out;
    }
    const key = readUtf8(r, keyLen);
    if (++count > MAX_ELEMENTS) {
      throw new MediaFormatError(
        'amf0-too-large',
        `amf0 object has more than ${MAX_ELEMENTS} properties`,
        r.position,
      );
    }
    Object.defineProperty(out, key, {
      value: decodeValue(r, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
}

function decodeValue(r: ByteReader, depth: number): Amf0Value {
  if (depth > MAX_DEPTH) {
    throw new MediaFormatError('amf0-too-deep', `amf0 value nested deeper than ${MAX_DEPTH}`, r.position);
  }
  const at = r.position;
  const marker = r.u8('amf0 marker');
  switch (marker) {
    case Amf0Marker.number:
      return r.f64('number');
    case Amf0Marker.boolean:
      return r.u8('boolean') !== 0;
    case Amf0Marker.string:
      return readUtf8(r, r.u16('string length'));
    case Amf0Marker.longString:
      return readUtf8(r, r.u32('long string length'));
    case Amf0Marker.object:
      return readProperties(r, depth);
    case Amf0Marker.null:
      return null;
    case Amf0Marker.undefined:
      return undefined;
    case Amf0Marker.reference:
      return new Amf0Reference(r.u16('reference'));
    case Amf0Marker.ecmaArray: {
      r.u32('ecma array count'); // advisory only; the entries end with an object-end marker
      return new Amf0EcmaArray(readProperties(r, depth));
    }
    case Amf0Marker.strictArray: {
      const n = r.u32('strict array count');
      if (n > MAX_ELEMENTS || n > r.remaining) {
        throw new MediaFormatError('amf0-too-large', `amf0 strict array claims ${n} elements`, at);
      }
      const out: Amf0Value[] = [];
      for (let i = 0; i < n; i++) {
        out.push(decodeValue(r, depth + 1));
      }
      return out;
    }
    case Amf0Marker.date: {
      const ms = r.f64('date');
      return new Amf0Date(ms, r.i16('date timezone'));
    }
    case Amf0Marker.unsupported:
      return new Amf0Unsupported();
    case Amf0Marker.xmlDocument:
      return new Amf0Xml(readUtf8(r, r.u32('xml length')));
    case Amf0Marker.typedObject: {
      const className = readUtf8(r, r.u16('class name length'));
      return new Amf0TypedObject(className, readProperties(r, depth));
    }
    case Amf0Marker.avmplusObject:
      return decodeAmf3Value(r, depth + 1);
    default:
      throw new MediaFormatError(
        'amf0-bad-marker',
        `amf0: unknown or unsupported type marker 0x${marker.toString(16)} at offset ${at}`,
        at,
      );
  }
}

/** `decodeAmf0Value` decodes one AMF0 value starting at the reader's position. */
export function decodeAmf0Value(r: ByteReader): Amf0Value {
  return decodeValue(r, 0);
}

/**
 * `decodeAmf0` decodes every AMF0 value in `bytes` (an RTMP command or data message body) and throws
 * `MediaFormatError` for malformed input.
 */
export function decodeAmf0(bytes: Uint8Array): Amf0Value[] {
  const r = new ByteReader(bytes);
  const out: Amf0Value[] = [];
  while (r.remaining > 0) {
    out.push(decodeValue(r, 0));
  }
  return out;
}
