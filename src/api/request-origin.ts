import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

/** A `Host` value: a name or IPv4 address, or a bracketed IPv6 address, with an optional port (RFC 9110 §7.2). */
const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

function first(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v?.split(',')[0]?.trim();
}

/**
 * `requestOrigin` is `scheme://host[:port]` of the request as the client addressed it, for the
 * absolute URLs the API answers with (LRO `Azure-AsyncOperation`/`Location`, `@odata.nextLink`):
 * https on a TLS socket, the `Host` header (or the local address when there is none or it is not a
 * valid host). `X-Forwarded-Proto` / `X-Forwarded-Host` are honoured only when `trustForwarded` is set,
 * i.e. behind a reverse proxy that sets them.
 */
export function requestOrigin(req: IncomingMessage, trustForwarded: boolean): string {
  let scheme = (req.socket as Partial<TLSSocket>).encrypted === true ? 'https' : 'http';
  let host = first(req.headers.host);
  if (trustForwarded) {
    const proto = first(req.headers['x-forwarded-proto'])?.toLowerCase();
    if (proto === 'http' || proto === 'https') {
      scheme = proto;
    }
    host = first(req.headers['x-forwarded-host']) ?? host;
  }
  if (host === undefined || !HOST.test(host)) {
    const address = req.socket.localAddress ?? '127.0.0.1';
    host = `${address.includes(':') ? `[${address}]` : address}:${req.socket.localPort ?? 0}`;
  }
  return `${scheme}://${host}`;
}
