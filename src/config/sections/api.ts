import type { ApiConfig } from '../config.js';
import { field } from '../config-field.js';
import type { ConfigSources } from '../config-sources.js';
import { listValue, stringValue } from '../values/scalar-values.js';

/**
 * Tokens travel in `Authorization: Bearer`: printable ASCII without spaces (RFC 6750 §2.1), and no
 * commas (the list separator).
 */
const TOKEN = /^[\x21-\x2b\x2d-\x7e]+$/;

const tokens = field({
  key: 'api.tokens',
  env: 'INLET_API_TOKENS',
  default: 'none (one is generated on first start)',
  description: 'Bearer tokens accepted by the management API (comma-separated in the environment).',
  parse: listValue(
    stringValue({ what: 'a token of printable characters without spaces or commas', pattern: TOKEN }),
    'tokens',
  ),
  fallback: () => [],
});

/** `apiFields` are the `api.*` keys. */
export const apiFields = [tokens] as const;

/** `readApi` reads the `api` section. */
export function readApi(sources: ConfigSources): ApiConfig {
  return { tokens: sources.read(tokens) };
}
