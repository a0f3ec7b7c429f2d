import { randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../lib/fs/atomic-write.js';

/** `ApiTokens` is what {@link ensureApiToken} settled on. */
export interface ApiTokens {
  /** The tokens the API accepts. */
  readonly tokens: readonly string[];
  /** The token generated on this start (print it once), or `undefined`. */
  readonly generated: string | undefined;
  /** The file holding the generated token, when the tokens come from it. */
  readonly file: string | undefined;
}

/** Bytes of entropy of a generated token (256 bits, base64url: 43 characters). */
const TOKEN_BYTES = 32;
/** Owner read/write only: the token grants full control of the server. */
const TOKEN_FILE_MODE = 0o600;

/**
 * `ensureApiToken` decides which API tokens the server accepts: the configured ones when there are
 * any; otherwise the one stored in `<dataDir>/api-token`; otherwise a new random token, written there
 * with mode 0600 and returned as `generated` so the app prints it once.
 */
export async function ensureApiToken(dataDir: string, configured: readonly string[]): Promise<ApiTokens> {
  const tokens = configured.filter((t) => t.trim() !== '');
  if (tokens.length > 0) {
    return { tokens, generated: undefined, file: undefined };
  }
  const file = join(dataDir, 'api-token');
  try {
    const stored = (await readFile(file, 'utf8')).trim();
    if (stored === '') {
      throw new Error(
        `the API token file ${file} is empty: delete it to get a new token, or write a token into it`,
      );
    }
    return { tokens: [stored], generated: undefined, file };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw error;
    }
  }
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  await mkdir(dataDir, { recursive: true });
  await writeFileAtomic(file, `${token}\n`, { mode: TOKEN_FILE_MODE });
  return { tokens: [token], generated: token, file };
}
