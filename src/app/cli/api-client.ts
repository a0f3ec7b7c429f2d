import type { IncomingHttpHeaders } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { CliConnection } from './cli-connection.js';
import { CliError, connectionError } from './cli-error.js';

/** `ApiResponse` is one answer of the API. */
export interface ApiResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

/** The api-version the CLI sends (the 2022-11-01 spec Inlet implements). */
const API_VERSION = '2022-11-01';
/**
 * The ARM account path the CLI addresses. One Inlet server is one media account and accepts any
 * subscription, resource group and account name; these only show up in resource ids.
 */
const ACCOUNT_PATH =
  '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/inlet/providers/Microsoft.Media/mediaservices/inlet';
/** A request that takes longer than this has a problem the operator should see. */
const REQUEST_TIMEOUT_MS = 30_000;
/** How long the CLI waits for a long-running operation before giving up. */
const OPERATION_TIMEOUT_MS = 120_000;
/** First poll soon (most operations take milliseconds), later ones as the server's Retry-After says. */
const FIRST_POLL_MS = 100;
const MAX_POLL_MS = 5_000;

function errorText(body: unknown): string | undefined {
  const e = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  return typeof e?.message === 'string' ? `${String(e.code)}: ${e.message}` : undefined;
}

/** `ApiClient` talks to the Inlet management API over HTTPS with a bearer token. */
export class ApiClient {
  readonly #conn: CliConnection;

  constructor(conn: CliConnection) {
    this.#conn = conn;
  }

  /** `call` sends a request to `path` under the account and throws a {@link CliError} for error answers. */
  async call(method: string, path: string, body?: unknown): Promise<ApiResponse> {
    const url = `${this.#conn.url}${ACCOUNT_PATH}${path}${path.includes('?') ? '&' : '?'}api-version=${API_VERSION}`;
    const res = await this.#send(method, url, body);
    if (res.status === 401) {
      throw new CliError(
        this.#conn.token === undefined
          ? 'the API needs a token: pass --token, set INLET_API_TOKEN, or point --data-dir at the server data directory (it holds api-token)'
          : `the API token from ${this.#conn.tokenSource} was refused: the server prints its token at first start and keeps it in <dataDir>/api-token`,
      );
    }
    if (res.status >= 400) {
      throw new CliError(errorText(res.body) ?? `the server answered HTTP ${res.status}`);
    }
    return res;
  }

  /** `waitFor` polls the `Azure-AsyncOperation` URL of an LRO answer until it ends; throws when it failed. */
  async waitFor(res: ApiResponse): Promise<void> {
    const statusUrl = res.headers['azure-asyncoperation'];
    if (typeof statusUrl !== 'string') {
      return;
    }
    const deadline = Date.now() + OPERATION_TIMEOUT_MS;
    let delay = FIRST_POLL_MS;
    for (;;) {
      await new Promise((r) => setTimeout(r, delay));
      const poll = await this.#send('GET', statusUrl, undefined);
      if (poll.status >= 400) {
        throw new CliError(errorText(poll.body) ?? `polling the operation failed with HTTP ${poll.status}`);
      }
      const status = (poll.body as { status?: string } | undefined)?.status;
      if (status === 'Succeeded') {
        return;
      }
      if (status === 'Failed') {
        throw new CliError(`the operation failed: ${errorText(poll.body) ?? 'no error given'}`);
      }
      if (Date.now() > deadline) {
        throw new CliError(
          `gave up waiting for the operation after ${OPERATION_TIMEOUT_MS / 1000} s; it may still finish`,
        );
      }
      const retryAfter = Number(poll.headers['retry-after'] ?? res.headers['retry-after'] ?? 1) * 1000;
      delay = Math.min(Math.max(retryAfter, FIRST_POLL_MS), MAX_POLL_MS);
    }
  }

  #send(method: string, url: string, body: unknown): Promise<ApiResponse> {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = {
      Accept: 'application/json',
      ...(this.#conn.token === undefined ? {} : { Authorization: `Bearer ${this.#conn.token}` }),
      ...(data === undefined ? {} : { 'Content-Type': 'application/json' }),
    };
    const send = url.startsWith('https:') ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(
        url,
        {
          method,
          headers,
          timeout: REQUEST_TIMEOUT_MS,
          ...(this.#conn.ca === undefined ? {} : { ca: this.#conn.ca }),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown;
            try {
              parsed = text === '' ? undefined : JSON.parse(text);
            } catch {
              parsed = undefined;
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed });
          });
        },
      );
      req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
      req.on('error', (error) => reject(connectionError(this.#conn.url, error)));
      req.end(data);
    });
  }
}
