/**
 * XML text for the MPD (XML 1.0 §2.4, §3.3.3): every attribute value is escaped, including values that
 * come from configuration (URLs) or from the encoder (languages, codec strings, rendition ids).
 */

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** `escapeXml` escapes the five XML special characters; characters XML 1.0 forbids are dropped. */
export function escapeXml(value: string): string {
  return value
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** `XmlAttributes` lists attributes in document order; `undefined` values are left out. */
export type XmlAttributes = readonly (readonly [string, string | number | undefined])[];

/** `xmlTag` renders `<name a="1" b="2"` plus `/>` when `selfClosing`, else `>`. */
export function xmlTag(name: string, attributes: XmlAttributes, selfClosing = false): string {
  let out = `<${name}`;
  for (const [key, value] of attributes) {
    if (value !== undefined) {
      out += ` ${key}="${escapeXml(String(value))}"`;
    }
  }
  return `${out}${selfClosing ? '/>' : '>'}`;
}
