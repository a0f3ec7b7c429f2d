import { AzureMediaServices } from '@azure/arm-mediaservices';
import type { TokenCredential } from '@azure/core-auth';
import { httpsRequest, type RawResponse } from '../../src/api/test-support/https-request.js';
import type { InletHarness } from './inlet-harness.js';

/** `ArmAccount` names the media account whose resource id prefixes every API path. */
export interface ArmAccount {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly name: string;
}

/** `ArmClientOptions` say where a running Inlet's API is and how to reach it. */
export interface ArmClientOptions {
  /** `https://localhost:<port>` */
  readonly origin: string;
  /** PEM of the CA that issued the server certificate. */
  readonly ca: string;
  readonly token: string;
  readonly account: ArmAccount;
}

/** `ArmRequestOptions` shape one raw API request. */
export interface ArmRequestOptions {
  /** JSON body (serialized here). */
  readonly body?: unknown;
  /** Body text sent as is (instead of `body`). */
  readonly raw?: string;
  readonly headers?: Record<string, string>;
  /** Query `api-version`; default `2022-11-01` (the telemetry POSTs need it). */
  readonly apiVersion?: string;
  /** Bearer token; default the client's; `null` sends no Authorization header. */
  readonly token?: string | null;
}

/** `AsyncOperationResult` is an LRO status body (azure-compat §1.2). */
export interface AsyncOperationResult {
  readonly name: string;
  readonly status: 'InProgress' | 'Succeeded' | 'Failed';
  readonly error?: { readonly code: string; readonly message: string };
}

/** Poll interval of {@link ArmClient.wait}: fast, tests run against a local server. */
const POLL_MS = 10;

/** `accountPath` is `/subscriptions/…/mediaservices/<account>`, the prefix of every API path. */
export function accountPath(a: ArmAccount): string {
  return `/subscriptions/${a.subscriptionId}/resourceGroups/${a.resourceGroup}/providers/Microsoft.Media/mediaservices/${a.name}`;
}

/**
 * `ArmClient` sends raw requests to Inlet's ARM API (exact status codes and bodies, which the SDK hides)
 * and follows long-running operations the way the SDKs do (`Azure-AsyncOperation`).
 */
export class ArmClient {
  readonly options: ArmClientOptions;

  constructor(options: ArmClientOptions) {
    this.options = options;
  }

  /** The absolute URL of `path` (after the account prefix, with its own query if any). */
  url(path: string, apiVersion = '2022-11-01'): string {
    const sep = path.includes('?') ? '&' : '?';
    return `${this.options.origin}${accountPath(this.options.account)}${path}${sep}api-version=${apiVersion}`;
  }

  /** Sends one request; never throws for an HTTP status. */
  request(method: string, path: string, o: ArmRequestOptions = {}): Promise<RawResponse> {
    const body = o.raw ?? (o.body === undefined ? undefined : JSON.stringify(o.body));
    const token = o.token === undefined ? this.options.token : o.token;
    return httpsRequest(this.url(path, o.apiVersion), {
      method,
      headers: {
        ...(token === null ? {} : { Authorization: `Bearer ${token}` }),
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...o.headers,
      },
      ...(body === undefined ? {} : { body }),
      ca: this.options.ca,
    });
  }

  /** Polls the `Azure-AsyncOperation` URL of an LRO answer until it is no longer `InProgress`. */
  async wait(res: RawResponse, timeoutMs = 20_000): Promise<AsyncOperationResult> {
    const url = res.headers['azure-asyncoperation'];
    if (typeof url !== 'string') {
      throw new Error(`not a long-running operation answer: ${res.status} ${res.text}`);
    }
    const end = Date.now() + timeoutMs;
    for (;;) {
      const poll = await httpsRequest(url, {
        headers: { Authorization: `Bearer ${this.options.token}` },
        ca: this.options.ca,
      });
      const op = poll.json as AsyncOperationResult;
      if (poll.status !== 200 || op.status !== 'InProgress') {
        if (poll.status !== 200) {
          throw new Error(`polling ${url} answered ${poll.status}: ${poll.text}`);
        }
        return op;
      }
      if (Date.now() > end) {
        throw new Error(`operation ${op.name} still InProgress after ${timeoutMs} ms`);
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  /** Sends a request that starts an LRO, checks it was accepted, and waits for it to succeed. */
  async run(method: string, path: string, o: ArmRequestOptions = {}): Promise<RawResponse> {
    const res = await this.request(method, path, o);
    if (res.status !== 201 && res.status !== 202) {
      throw new Error(`${method} ${path} answered ${res.status}: ${res.text}`);
    }
    const op = await this.wait(res);
    if (op.status !== 'Succeeded') {
      throw new Error(`${method} ${path}: operation ${op.status}: ${JSON.stringify(op.error)}`);
    }
    return res;
  }
}

/** `armClient` is an {@link ArmClient} for an in-process Inlet, addressed as `https://localhost:<port>`. */
export function armClient(h: InletHarness): ArmClient {
  return new ArmClient({
    origin: `https://localhost:${h.httpsPort}`,
    ca: h.ca,
    token: h.apiToken,
    account: h.app.config.account,
  });
}

/** `tokenCredential` is a `TokenCredential` that always hands out `token` (Inlet's API token). */
export function tokenCredential(token: string): TokenCredential {
  return { getToken: () => Promise.resolve({ token, expiresOnTimestamp: Date.now() + 3_600_000 }) };
}

/**
 * `sdkClient` is the official `@azure/arm-mediaservices` client pointed at a running Inlet: `endpoint`
 * its HTTPS origin, an explicit `credentialScopes` (the default would derive one from the endpoint),
 * `tlsOptions.ca` trusting Inlet's private CA, and no retries (a failure should show at once).
 */
export function sdkClient(o: ArmClientOptions): AzureMediaServices {
  return new AzureMediaServices(tokenCredential(o.token), o.account.subscriptionId, {
    endpoint: o.origin,
    credentialScopes: ['https://management.azure.com/.default'],
    tlsOptions: { ca: o.ca },
    retryOptions: { maxRetries: 0 },
  });
}
