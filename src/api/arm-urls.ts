import type { ArmRequestContext } from './arm-handler.js';
import { accountUrlPath } from './arm-scope.js';
import type { Operation, ResourcePath } from '../resources/operation-registry.js';

/**
 * `apiUrl` is an absolute URL back to this server under the request's account:
 * `<origin>/subscriptions/…/mediaservices/<account><path>?api-version=<the request's>[&extra]`.
 * `path` segments must be encoded by the caller.
 */
export function apiUrl(
  ctx: ArmRequestContext,
  path: string,
  extra: Readonly<Record<string, string>> = {},
): string {
  const query = new URLSearchParams({ 'api-version': ctx.apiVersion, ...extra });
  return `${ctx.origin}${accountUrlPath(ctx.scope)}${path}?${query.toString()}`;
}

/** `resourceUrlPath` is the (encoded) path of a resource below the account: `/liveEvents/ev1/liveOutputs/o1`. */
export function resourceUrlPath(resource: ResourcePath): string {
  return resource.map((r) => `/${r.collection}/${encodeURIComponent(r.name)}`).join('');
}

/**
 * `operationsCollection` is the collection that answers the status of operations on resources of
 * `collection` (ARM: `liveEvents` → `liveEventOperations`, `streamingEndpoints` →
 * `streamingEndpointOperations`).
 */
export function operationsCollection(collection: string): string {
  return `${collection.replace(/s$/, '')}Operations`;
}

/**
 * `lroHeaders` are the headers of a 201/202 long-running operation answer (azure-compat §1.1, §1.7):
 * absolute `Azure-AsyncOperation` (the status to poll: `…/<resource>Operations/<id>`) and `Location`
 * (the resource once done: `…/<resource path>/operationLocations/<id>`) URLs, and `Retry-After`.
 */
export function lroHeaders(ctx: ArmRequestContext, op: Operation): Record<string, string> {
  const last = op.resource.at(-1);
  const status = `/${operationsCollection(last?.collection ?? '')}/${op.id}`;
  const location = `${resourceUrlPath(op.resource)}/operationLocations/${op.id}`;
  return {
    'Azure-AsyncOperation': apiUrl(ctx, status),
    Location: apiUrl(ctx, location),
    'Retry-After': String(ctx.settings.retryAfterSeconds),
  };
}
