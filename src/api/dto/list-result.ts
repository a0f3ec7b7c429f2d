import { ArmError } from '../arm-error.js';
import type { ArmRequestContext, ArmResponse } from '../arm-handler.js';
import { apiUrl } from '../arm-urls.js';

/** Most items a `$skiptoken` may skip: beyond any list this server holds. */
const MAX_SKIP = 1_000_000;

function skipOf(query: URLSearchParams): number {
  const text = query.get('$skiptoken') ?? query.get('$skip');
  if (text === null) {
    return 0;
  }
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > MAX_SKIP) {
    throw new ArmError(
      400,
      'BadRequest',
      `$skiptoken ${JSON.stringify(text)} is not valid: follow @odata.nextLink as given`,
      '$skiptoken',
    );
  }
  return n;
}

/** The query options a next page must repeat so it continues the same list (`$filter`, `$orderby`, `$top`). */
function carried(query: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ['$filter', '$orderby', '$top']) {
    const v = query.get(key);
    if (v !== null) {
      out[key] = v;
    }
  }
  return out;
}

/**
 * `listPage` answers a list (`LiveEventListResult`, `LiveOutputListResult`): one page of
 * `settings.pageSize` items from `$skiptoken` (or `$skip`), `@odata.count` (all items), and an absolute
 * `@odata.nextLink` (carrying `api-version`) while more remain.
 */
export function listPage<T>(
  ctx: ArmRequestContext,
  items: readonly T[],
  toWire: (item: T) => unknown,
  listPath: string,
): ArmResponse {
  const skip = skipOf(ctx.query);
  const size = ctx.settings.pageSize;
  const end = skip + size;
  return {
    status: 200,
    body: {
      value: items.slice(skip, end).map(toWire),
      '@odata.count': items.length,
      ...(end < items.length
        ? { '@odata.nextLink': apiUrl(ctx, listPath, { ...carried(ctx.query), $skiptoken: String(end) }) }
        : {}),
    },
  };
}
