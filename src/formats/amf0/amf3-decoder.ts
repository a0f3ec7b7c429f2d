import type { ByteReader } from '../../lib/bytes/byte-reader.js';
import { MediaFormatError } from '../../lib/media-format-error.js';
import { Amf0Date, Amf0Xml, type Amf0Object, type Amf3Value } from './amf0-value.js';

/**
 * Minimal AMF3 decoder (AMF3 specification, Adobe, 2013) for the AMF0 "avmplus" switch (marker 0x11)
 * that some encoders put into RTMP data messages. Inlet only reads such values (metadata); it never
 * writes AMF3. References to earlier strings, objects and traits are resolved within one value.
 */

const MAX_DEPTH = 64;
const MAX_ELEMENTS = 65_536;
const utf8 = new TextDecoder('utf-8', { fatal: false });

interface Traits {
  className: string;
  dynamic: boolean;
  externalizable: boolean;
  names: string[];
}

interface Tables {
  strings: string[];
  objects: Amf3Value[];
  traits: Traits[];
}

function u29(r: ByteReader): number {
  let v = 0;
  for (let i = 0; i < 3; i++) {
    const b = r.u8('amf3 u29');
    v = (v << 7) | (b & 0x7f);
    if ((b & 0x80) === 0) {
      return v;
    }
  }
  return ((v << 8) | r.u8('amf3 u29')) >>> 0;
}

function readString(r: ByteReader, t: Tables): string {
  const at = r.position;
  const h = u29(r);
  if ((h & 1) === 0) {
    const s = t.strings[h >>> 1];
    if (s === undefined) {
      throw new MediaFormatError('amf3-bad-reference', `amf3: string reference ${h >>> 1} out of range`, at);
    }
    return s;
  }
  const s = utf8.decode(r.bytesView(h >>> 1, 'amf3 string'));
  if (s.length > 0) {
    t.strings.push(s);
  }
  return s;
}

function objectRef(t: Tables, index: number, at: number): Amf3Value {
  if (index >= t.objects.length) {
    throw new MediaFormatError('amf3-bad-reference', `amf3: object reference ${index} out of range`, at);
  }
  return t.objects[index];
}

function setKey(o: Amf0Object, key: string, value: Amf3Value): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

function readValue(r: ByteReader, t: Tables, depth: number): Amf3Value {
  if (depth > MAX_DEPTH) {
    throw new MediaFormatError('amf3-too-deep', `amf3 value nested deeper than ${MAX_DEPTH}`, r.position);
  }
  const at = r.position;
  const marker = r.u8('amf3 marker');
  switch (marker) {
    case 0x00:
      return undefined;
    case 0x01:
      return null;
    case 0x02:
      return false;
    case 0x03:
      return true;
    case 0x04: {
      const v = u29(r);
      return v & 0x10000000 ? v - 0x20000000 : v;
    }
    case 0x05:
      return r.f64('amf3 double');
    case 0x06:
      return readString(r, t);
    case 0x07:
    case 0x0b: {
      const h = u29(r);
      if ((h & 1) === 0) {
        return objectRef(t, h >>> 1, at);
      }
      const x = new Amf0Xml(utf8.decode(r.bytesView(h >>> 1, 'amf3 xml')));
      t.objects.push(x);
      return x;
    }
    case 0x08: {
      const h = u29(r);
      if ((h & 1) === 0) {
        return objectRef(t, h >>> 1, at);
      }
      const d = new Amf0Date(r.f64('amf3 date'));
      t.objects.push(d);
      return d;
    }
    case 0x09: {
      const h = u29(r);
      if ((h & 1) === 0) {
        return objectRef(t, h >>> 1, at);
      }
      const dense = h >>> 1;
      if (dense > MAX_ELEMENTS || dense > r.remaining) {
        throw new MediaFormatError('amf3-too-large', `amf3 array claims ${dense} elements`, at);
      }
      const assoc: Amf0Object = {};
      const arr: Amf3Value[] = [];
      t.objects.push(arr);
      let hasAssoc = false;
      for (let n = 0; ; n++) {
        if (n > MAX_ELEMENTS) {
          throw new MediaFormatError('amf3-too-large', `amf3 array has too many named entries`, at);
        }
        const key = readString(r, t);
        if (key === '') {
          break;
        }
        hasAssoc = true;
        setKey(assoc, key, readValue(r, t, depth + 1));
      }
      for (let i = 0; i < dense; i++) {
        arr.push(readValue(r, t, depth + 1));
      }
      if (hasAssoc) {
        arr.forEach((v, i) => setKey(assoc, String(i), v));
        return assoc;
      }
      return arr;
    }
    case 0x0a: {
      const h = u29(r);
      if ((h & 1) === 0) {
        return objectRef(t, h >>> 1, at);
      }
      let traits: Traits;
      if ((h & 2) === 0) {
        const tr = t.traits[h >>> 2];
        if (tr === undefined) {
          throw new MediaFormatError(
            'amf3-bad-reference',
            `amf3: traits reference ${h >>> 2} out of range`,
            at,
          );
        }
        traits = tr;
      } else {
        const externalizable = (h & 4) !== 0;
        const dynamic = (h & 8) !== 0;
        const count = h >>> 4;
        if (count > MAX_ELEMENTS) {
          throw new MediaFormatError('amf3-too-large', `amf3 traits claim ${count} members`, at);
        }
        const className = readString(r, t);
        const names: string[] = [];
        for (let i = 0; i < count; i++) {
          names.push(readString(r, t));
        }
        traits = { className, dynamic, externalizable, names };
        t.traits.push(traits);
      }
      if (traits.externalizable) {
        throw new MediaFormatError(
          'amf3-externalizable',
          `amf3: externalizable object of class "${traits.className}" cannot be decoded`,
          at,
        );
      }
      const obj: Amf0Object = {};
      t.objects.push(obj);
      for (const name of traits.names) {
        setKey(obj, name, readValue(r, t, depth + 1));
      }
      if (traits.dynamic) {
        for (let n = 0; ; n++) {
          if (n > MAX_ELEMENTS) {
            throw new MediaFormatError('amf3-too-large', `amf3 object has too many dynamic members`, at);
          }
          const key = readString(r, t);
          if (key === '') {
            break;
          }
          setKey(obj, key, readValue(r, t, depth + 1));
        }
      }
      return obj;
    }
    case 0x0c: {
      const h = u29(r);
      if ((h & 1) === 0) {
        return objectRef(t, h >>> 1, at);
      }
      // Byte arrays carry no metadata Inlet reads; keep their length only.
      r.skip(h >>> 1, 'amf3 byte array');
      const v = { byteArrayLength: h >>> 1 };
      t.objects.push(v);
      return v;
    }
    default:
      throw new MediaFormatError(
        'amf3-bad-marker',
        `amf3: unknown or unsupported type marker 0x${marker.toString(16)} at offset ${at}`,
        at,
      );
  }
}

/** `decodeAmf3Value` decodes one AMF3 value at the reader's position (after an AMF0 0x11 switch). */
export function decodeAmf3Value(r: ByteReader, depth = 0): Amf3Value {
  return readValue(r, { strings: [], objects: [], traits: [] }, depth);
}
