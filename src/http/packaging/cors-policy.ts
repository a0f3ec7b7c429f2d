import type { IncomingMessage, ServerResponse } from 'node:http';
import { setCorsHeaders } from '../http-response.js';

/**
 * `CorsPolicy` says which web origins may read a presentation: everybody (`'*'`), or the origins a
 * resource's cross-site access policies name.
 */
export type CorsPolicy = '*' | { readonly origins: readonly string[] };

/** `CrossSitePolicies` are the Silverlight / Flash policy files AMS resources carry. */
export interface CrossSitePolicies {
  readonly clientAccessPolicy: string | null;
  readonly crossDomainPolicy: string | null;
}

/**
 * `corsPolicyOf` derives the CORS origins from the cross-site access policies of a streaming endpoint
 * or live event: the `<domain uri="…"/>` entries of `clientaccesspolicy.xml` and the
 * `<allow-access-from domain="…"/>` entries of `crossdomain.xml`. No policy, or a `*` entry, lets every
 * origin in (AMS's default); `*.example.com` matches its subdomains.
 */
export function corsPolicyOf(policies: CrossSitePolicies | undefined): CorsPolicy {
  const found: string[] = [];
  for (const [text, pattern] of [
    [policies?.clientAccessPolicy, /<domain\s[^>]*\buri\s*=\s*["']([^"']+)["']/gi],
    [policies?.crossDomainPolicy, /<allow-access-from\s[^>]*\bdomain\s*=\s*["']([^"']+)["']/gi],
  ] as const) {
    if (text === null || text === undefined) {
      continue;
    }
    for (const m of text.matchAll(pattern)) {
      found.push((m[1] ?? '').trim());
    }
  }
  if (found.length === 0 || found.includes('*')) {
    return '*';
  }
  return { origins: found };
}

function matches(origin: string, entry: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  const host = url.host.toLowerCase();
  const e = entry.toLowerCase().replace(/\/+$/, '');
  if (e.includes('://')) {
    return origin.toLowerCase() === e || (e.includes('://*.') && host.endsWith(e.slice(e.indexOf('*.') + 1)));
  }
  if (e.startsWith('*.')) {
    return host.endsWith(e.slice(1)) || url.hostname === e.slice(2);
  }
  return url.hostname === e || host === e;
}

/**
 * `applyCors` sets the CORS headers of a response under `policy`: `Access-Control-Allow-Origin: *`, or
 * the request's `Origin` when the policy names it (with `Vary: Origin`), or none (the browser then keeps
 * the answer from the page).
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, policy: CorsPolicy): void {
  setCorsHeaders(res);
  if (policy === '*') {
    return;
  }
  res.setHeader('Vary', 'Origin');
  const origin = req.headers.origin;
  if (typeof origin === 'string' && policy.origins.some((e) => matches(origin, e))) {
    res.setHeader('Access-Control-Allow-Origin', origin);
  } else {
    res.removeHeader('Access-Control-Allow-Origin');
  }
}
