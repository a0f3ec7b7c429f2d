import type { ArmRoute, HttpMethod } from './arm-handler.js';

interface CompiledRoute {
  readonly route: ArmRoute;
  /** Lower-case literal, or `{name}` binding. */
  readonly segments: readonly { readonly literal?: string; readonly param?: string }[];
}

/** `RouteMatch` is a matched route with its path parameters. */
export interface RouteMatch {
  readonly route: ArmRoute;
  readonly params: Readonly<Record<string, string>>;
}

/**
 * `ArmRouter` matches the path after the account prefix against the route table. Literal segments
 * match case-insensitively (ARM: `liveevents` = `liveEvents`). `match` returns the route, or the
 * methods the path allows (for 405), or `undefined` (404).
 */
export class ArmRouter {
  readonly #routes: readonly CompiledRoute[];

  constructor(routes: readonly ArmRoute[]) {
    this.#routes = routes.map((route) => ({
      route,
      segments: route.path
        .split('/')
        .slice(1)
        .map((s) =>
          s.startsWith('{') && s.endsWith('}') ? { param: s.slice(1, -1) } : { literal: s.toLowerCase() },
        ),
    }));
  }

  match(
    method: string,
    rest: readonly string[],
  ): RouteMatch | { readonly allowed: readonly HttpMethod[] } | undefined {
    const allowed: HttpMethod[] = [];
    for (const c of this.#routes) {
      const params = bind(c, rest);
      if (params === undefined) {
        continue;
      }
      if (c.route.method === method) {
        return { route: c.route, params };
      }
      allowed.push(c.route.method);
    }
    return allowed.length > 0 ? { allowed } : undefined;
  }
}

function bind(c: CompiledRoute, rest: readonly string[]): Record<string, string> | undefined {
  if (c.segments.length !== rest.length) {
    return undefined;
  }
  const params: Record<string, string> = {};
  for (const [i, s] of c.segments.entries()) {
    const value = rest[i] ?? '';
    if (s.param !== undefined) {
      if (value === '') {
        return undefined;
      }
      params[s.param] = value;
    } else if (value.toLowerCase() !== s.literal) {
      return undefined;
    }
  }
  return params;
}
