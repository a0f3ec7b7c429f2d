/**
 * Attribute-list values (RFC 8216bis §4.2). A quoted-string "MUST NOT contain line feed, carriage return
 * or double quote"; values that come from the outside (rendition ids, languages) have those characters
 * dropped so one bad name cannot break the playlist's line structure.
 */

/** `quotedString` returns `"value"` with the characters a quoted-string cannot hold removed. */
export function quotedString(value: string): string {
  return `"${value.replace(/["\r\n]/g, '')}"`;
}

/** `AttributeValue` is one rendered attribute value, or `undefined` to leave the attribute out. */
export type AttributeValue = string | number | undefined;

/** `attributeList` joins `NAME=value` pairs in order, skipping undefined values. */
export function attributeList(attributes: readonly (readonly [string, AttributeValue])[]): string {
  const out: string[] = [];
  for (const [name, value] of attributes) {
    if (value !== undefined) {
      out.push(`${name}=${value}`);
    }
  }
  return out.join(',');
}
