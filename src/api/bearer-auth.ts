import { createHash, timingSafeEqual } from 'node:crypto';
import { ArmError } from './arm-error.js';

/**
 * `BearerAuth` checks `Authorization: Bearer <token>` (RFC 6750 §2.1) against the configured API
 * tokens. Tokens are compared as SHA-256 digests with `timingSafeEqual`, against every configured
 * token without stopping early, so the time taken says nothing about how close a guess was.
 */
export class BearerAuth {
  readonly #digests: readonly Buffer[];

  constructor(options: { readonly tokens: readonly string[] }) {
    if (options.tokens.length === 0 || options.tokens.some((t) => t.length === 0)) {
      throw new Error('BearerAuth needs at least one non-empty API token');
    }
    this.#digests = options.tokens.map(digest);
  }

  /** `check` throws a 401 `AuthenticationFailed` {@link ArmError} unless the header carries a valid token. */
  check(authorization: string | undefined): void {
    const challenge = { 'WWW-Authenticate': 'Bearer realm="inlet", error="invalid_token"' };
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (match?.[1] === undefined) {
      throw new ArmError(
        401,
        'AuthenticationFailed',
        'authentication failed: send the API token as "Authorization: Bearer <token>"',
        undefined,
        { 'WWW-Authenticate': 'Bearer realm="inlet"' },
      );
    }
    const given = digest(match[1]);
    let ok = false;
    for (const d of this.#digests) {
      ok = timingSafeEqual(d, given) || ok;
    }
    if (!ok) {
      throw new ArmError(
        401,
        'AuthenticationFailed',
        'authentication failed: the API token is not valid',
        undefined,
        challenge,
      );
    }
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
