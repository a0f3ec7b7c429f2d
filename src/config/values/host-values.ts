import { isIP } from 'node:net';
import type { ValueParser } from '../config-field.js';
import { invalid } from '../config-value-error.js';

/** RFC 1123 §2.1 host name: dot-separated labels of letters, digits and inner hyphens, 63 chars each. */
const HOSTNAME =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** `isHostname` tells whether `text` is an RFC 1123 host name. */
export function isHostname(text: string): boolean {
  return HOSTNAME.test(text);
}

/** `hostValue` accepts a host name or an IPv4/IPv6 address (as used in URLs and certificates). */
export const hostValue: ValueParser<string> = (value) => {
  const text = typeof value === 'string' ? value.trim() : undefined;
  if (text === undefined || (isIP(text) === 0 && !isHostname(text))) {
    throw invalid('a host name or IP address', value);
  }
  return text;
};

/** `bindHostValue` accepts an address or host name to listen on; '' means all interfaces. */
export const bindHostValue: ValueParser<string> = (value, context) =>
  value === '' ? '' : hostValue(value, context);
