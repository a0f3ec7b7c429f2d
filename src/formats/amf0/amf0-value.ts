/**
 * AMF0 values as plain TypeScript data (Action Message Format AMF0, Adobe, 2007).
 *
 * Plain JS values cover the common markers: `number` (0x00), `boolean` (0x01), `string` (0x02, or 0x0C
 * long string when longer than 0xFFFF bytes), plain objects (0x03), `null` (0x05), `undefined` (0x06) and
 * arrays (0x0A strict array). The classes below keep the markers a plain value cannot tell apart, so that
 * decoding then encoding gives back the same bytes.
 */
export type Amf0Value =
  | number
  | boolean
  | string
  | null
  | undefined
  | Amf0Object
  | Amf0Value[]
  | Amf0EcmaArray
  | Amf0Date
  | Amf0TypedObject
  | Amf0Xml
  | Amf0Reference
  | Amf0Unsupported;

/** An anonymous AMF0 object (marker 0x03); keys keep their wire order. */
export interface Amf0Object {
  [key: string]: Amf0Value;
}

/** ECMA array (marker 0x08): an associative array with a (advisory) count; `onMetaData` uses it. */
export class Amf0EcmaArray {
  constructor(readonly entries: Amf0Object) {}
}

/** Date (marker 0x0B): milliseconds since the epoch plus a (reserved) timezone offset in minutes. */
export class Amf0Date {
  constructor(
    readonly ms: number,
    readonly timezone = 0,
  ) {}
}

/** Typed object (marker 0x10): a class name and its properties. */
export class Amf0TypedObject {
  constructor(
    readonly className: string,
    readonly properties: Amf0Object,
  ) {}
}

/** XML document (marker 0x0F), kept as text. */
export class Amf0Xml {
  constructor(readonly text: string) {}
}

/** Reference (marker 0x07) to an earlier complex value by index; kept as the index. */
export class Amf0Reference {
  constructor(readonly index: number) {}
}

/** Unsupported marker (0x0D). */
export class Amf0Unsupported {}

/** `Amf3Value` is what the tolerated AMF3 switch (marker 0x11) decodes to: plain JS data. */
export type Amf3Value = Amf0Value;

/** `isAmf0Object` tells a plain AMF0 object apart from arrays, null and the marker classes. */
export function isAmf0Object(v: Amf0Value): v is Amf0Object {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    !(v instanceof Amf0EcmaArray) &&
    !(v instanceof Amf0Date) &&
    !(v instanceof Amf0TypedObject) &&
    !(v instanceof Amf0Xml) &&
    !(v instanceof Amf0Reference) &&
    !(v instanceof Amf0Unsupported)
  );
}

/**
 * `amf0Properties` returns the key/value pairs of an object-like AMF0 value (object, ECMA array or typed
 * object), or undefined for anything else. `onMetaData` arrives as either an object or an ECMA array
 * depending on the encoder.
 */
export function amf0Properties(v: Amf0Value): Amf0Object | undefined {
  if (v instanceof Amf0EcmaArray) {
    return v.entries;
  }
  if (v instanceof Amf0TypedObject) {
    return v.properties;
  }
  return isAmf0Object(v) ? v : undefined;
}
