import { ByteWriter } from '../../lib/bytes/byte-writer.js';
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

const utf8 = new TextEncoder();

function writeKey(w: ByteWriter, key: string): void {
  const b = utf8.encode(key);
  w.u16(b.byteLength).bytes(b);
}

function writeProperties(w: ByteWriter, o: Amf0Object): void {
  for (const [k, v] of Object.entries(o)) {
    writeKey(w, k);
    writeValue(w, v);
  }
  w.u16(0).u8(Amf0Marker.objectEnd);
}

function writeValue(w: ByteWriter, v: Amf0Value): void {
  if (typeof v === 'number') {
    w.u8(Amf0Marker.number).f64(v);
  } else if (typeof v === 'boolean') {
    w.u8(Amf0Marker.boolean).u8(v ? 1 : 0);
  } else if (typeof v === 'string') {
    const b = utf8.encode(v);
    if (b.byteLength > 0xffff) {
      w.u8(Amf0Marker.longString).u32(b.byteLength).bytes(b);
    } else {
      w.u8(Amf0Marker.string).u16(b.byteLength).bytes(b);
    }
  } else if (v === null) {
    w.u8(Amf0Marker.null);
  } else if (v === undefined) {
    w.u8(Amf0Marker.undefined);
  } else if (Array.isArray(v)) {
    w.u8(Amf0Marker.strictArray).u32(v.length);
    for (const e of v) {
      writeValue(w, e);
    }
  } else if (v instanceof Amf0EcmaArray) {
    w.u8(Amf0Marker.ecmaArray).u32(Object.keys(v.entries).length);
    writeProperties(w, v.entries);
  } else if (v instanceof Amf0Date) {
    w.u8(Amf0Marker.date).f64(v.ms).i16(v.timezone);
  } else if (v instanceof Amf0TypedObject) {
    w.u8(Amf0Marker.typedObject);
    writeKey(w, v.className);
    writeProperties(w, v.properties);
  } else if (v instanceof Amf0Xml) {
    const b = utf8.encode(v.text);
    w.u8(Amf0Marker.xmlDocument).u32(b.byteLength).bytes(b);
  } else if (v instanceof Amf0Reference) {
    w.u8(Amf0Marker.reference).u16(v.index);
  } else if (v instanceof Amf0Unsupported) {
    w.u8(Amf0Marker.unsupported);
  } else {
    w.u8(Amf0Marker.object);
    writeProperties(w, v);
  }
}

/** `encodeAmf0` encodes values one after another, as in an RTMP command or data message body. */
export function encodeAmf0(...values: Amf0Value[]): Uint8Array {
  const w = new ByteWriter(128);
  for (const v of values) {
    writeValue(w, v);
  }
  return w.toBytes();
}
