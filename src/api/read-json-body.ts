import type { IncomingMessage } from 'node:http';
import { ArmError } from './arm-error.js';

/** Media types accepted for bodies: `application/json` and any `+json` suffix type (RFC 6839 §3.1). */
const JSON_MEDIA_TYPE = /^application\/(?:[a-z0-9.+-]+\+)?json$/i;

/**
 * `readJsonBody` reads a request body of at most `maxBytes` and parses it as JSON. An empty body is
 * `undefined`. Answers (throws) 413 `PayloadTooLarge` above the limit (and closes the connection, as
 * the rest of the body is not read), 415 `UnsupportedMediaType` for a body that is not JSON by its
 * `Content-Type`, 400 `InvalidRequestContent` for malformed JSON.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const tooLarge = (): ArmError =>
    new ArmError(413, 'PayloadTooLarge', `the request body is larger than ${maxBytes} bytes`, undefined, {
      Connection: 'close',
    });
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > maxBytes) {
    throw tooLarge();
  }
  // Events rather than `for await`: leaving an async iterator early destroys the socket, and the 413
  // answer could not be sent any more.
  const chunks = await new Promise<Buffer[]>((resolve, reject) => {
    const parts: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer): void => {
      total += chunk.length;
      if (total > maxBytes) {
        req.off('data', onData);
        req.pause();
        reject(tooLarge());
        return;
      }
      parts.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(parts));
    req.once('error', reject);
  });
  const size = chunks.reduce((n, c) => n + c.length, 0);
  if (size === 0) {
    return undefined;
  }
  const type = req.headers['content-type']?.split(';')[0]?.trim() ?? '';
  if (!JSON_MEDIA_TYPE.test(type)) {
    throw new ArmError(
      415,
      'UnsupportedMediaType',
      `the request body must be JSON with "Content-Type: application/json" (got ${type === '' ? 'no content type' : JSON.stringify(type)})`,
    );
  }
  try {
    return JSON.parse(Buffer.concat(chunks, size).toString('utf8')) as unknown;
  } catch (error) {
    throw new ArmError(
      400,
      'InvalidRequestContent',
      `the request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
