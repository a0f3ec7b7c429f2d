import { randomUUID } from 'node:crypto';

/** A GUID with or without hyphens (AMS: "a valid GUID string, with or without the dashes"). */
const GUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** `isGuid` tells whether `text` is a GUID, with or without hyphens. */
export function isGuid(text: string): boolean {
  return GUID.test(text);
}

/** `generateGuid` returns a random (version 4) GUID in its usual hyphenated lower-case form. */
export function generateGuid(): string {
  return randomUUID();
}

/**
 * `normalizeAccessToken` is the form in which access tokens are compared: 32 lower-case hex digits
 * (an encoder may use the token with or without hyphens in its URL). Returns `undefined` for text
 * that is not a GUID.
 */
export function normalizeAccessToken(token: string): string | undefined {
  return GUID.test(token) ? token.replaceAll('-', '').toLowerCase() : undefined;
}
