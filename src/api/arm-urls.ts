import type { ArmRequestContext } from './arm-handler.js';
import { accountUrlPath } from './arm-scope.js';
import type { Operation } from '../live-events/operation-registry.js';

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

/**
 * `lroHeaders` are the headers of a 201/202 long-running operation answer (azure-compat §1.1, §1.7):
 * absolute `Azure-AsyncOperation` (the status to poll) and `Location` (the resource once done) URLs,
 * and `Retry-After`.
 */
export function lroHeaders(ctx: ArmRequestContext, op: Operation): Record<string, string> {
  const e = encodeURIComponent;
  const event = `/liveEvents/${e(op.liveEventName)}`;
  const [status, location] =
    op.liveOutputName === null
      ? [`/liveEventOperations/${op.id}`, `${event}/operationLocations/${op.id}`]
      : [
          `/liveOutputOperations/${op.id}`,
          `${event}/liveOutputs/${e(op.liveOutputName)}/operationLocations/${op.id}`,
        ];
  return {
    'Azure-AsyncOperation': apiUrl(ctx, status),
    Location: apiUrl(ctx, location),
    'Retry-After': String(ctx.settings.retryAfterSeconds),
  };
}
