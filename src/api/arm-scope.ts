import { ArmError } from './arm-error.js';

/**
 * `ArmScope` is the account part of a request path:
 * `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Media/mediaservices/{accountName}`.
 * One Inlet server is one media account: the values are accepted as given and echoed in resource ids.
 */
export interface ArmScope {
  readonly subscriptionId: string;
  readonly resourceGroupName: string;
  readonly accountName: string;
}

/** `ArmPath` is a request path split into its scope and the segments after the account. */
export interface ArmPath {
  readonly scope: ArmScope;
  readonly rest: readonly string[];
}

/**
 * `isArmApiPath` tells whether a request path belongs to the API: every path under `/subscriptions/`
 * (ARM paths are case-insensitive).
 */
export function isArmApiPath(pathname: string): boolean {
  return /^\/subscriptions(\/|$)/i.test(pathname);
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ArmError(
      400,
      'BadRequest',
      `the path segment ${JSON.stringify(segment)} is not valid percent-encoding`,
    );
  }
}

/**
 * `parseArmPath` splits an API path (see {@link isArmApiPath}) into scope and rest, matching the
 * literal segments case-insensitively (`liveevents` = `liveEvents`). Throws 404 `NotFound` when the
 * path is not under a media services account.
 */
export function parseArmPath(pathname: string): ArmPath {
  const segments = pathname.split('/').slice(1);
  if (segments.at(-1) === '') {
    segments.pop();
  }
  const literal = (i: number, name: string): boolean => segments[i]?.toLowerCase() === name.toLowerCase();
  const [sub, rg, account] = [segments[1], segments[3], segments[7]];
  if (
    !literal(0, 'subscriptions') ||
    !literal(2, 'resourceGroups') ||
    !literal(4, 'providers') ||
    !literal(5, 'Microsoft.Media') ||
    !literal(6, 'mediaservices') ||
    sub === undefined ||
    rg === undefined ||
    account === undefined ||
    [sub, rg, account].includes('')
  ) {
    throw new ArmError(
      404,
      'NotFound',
      `no such API path ${pathname}: Inlet serves /subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Media/mediaservices/{accountName}/liveEvents/...`,
    );
  }
  return {
    scope: { subscriptionId: decode(sub), resourceGroupName: decode(rg), accountName: decode(account) },
    rest: segments.slice(8).map(decode),
  };
}

/** `accountPath` is the (unencoded) resource id of the account, the prefix of every resource `id`. */
export function accountPath(scope: ArmScope): string {
  return `/subscriptions/${scope.subscriptionId}/resourceGroups/${scope.resourceGroupName}/providers/Microsoft.Media/mediaservices/${scope.accountName}`;
}

/** `accountUrlPath` is the account path with each value percent-encoded, for URLs. */
export function accountUrlPath(scope: ArmScope): string {
  const e = encodeURIComponent;
  return `/subscriptions/${e(scope.subscriptionId)}/resourceGroups/${e(scope.resourceGroupName)}/providers/Microsoft.Media/mediaservices/${e(scope.accountName)}`;
}
