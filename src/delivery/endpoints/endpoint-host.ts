import { isIP } from 'node:net';

/** `EndpointHostOptions` say where players reach this server. */
export interface EndpointHostOptions {
  /** Host name (or IP address) of the node, e.g. `media.example.com`. */
  readonly publicHostname: string;
  /** HTTPS port of the media server (443 is left out of host names). */
  readonly httpsPort: number;
}

/** The default HTTPS port, which host names leave out (RFC 9110 §4.2.2). */
const HTTPS_DEFAULT_PORT = 443;

/** `DEFAULT_STREAMING_ENDPOINT` is the endpoint every account has (AMS `default`). */
export const DEFAULT_STREAMING_ENDPOINT = 'default';

/**
 * `endpointHost` is the host (without port) of a streaming endpoint: the public host name for
 * `default`, `<name>.<publicHostname>` for the others (a wildcard DNS record points them at the node),
 * and the public host itself when it is an IP address (no name can be put before it). IPv6 literals are
 * bracketed (RFC 3986 §3.2.2).
 */
export function endpointHost(name: string, options: EndpointHostOptions): string {
  const { publicHostname } = options;
  const ipVersion = isIP(publicHostname);
  if (ipVersion === 6) {
    return `[${publicHostname}]`;
  }
  if (ipVersion === 4 || name.toLowerCase() === DEFAULT_STREAMING_ENDPOINT) {
    return publicHostname;
  }
  return `${name.toLowerCase()}.${publicHostname}`;
}

/** `endpointHostName` is the ARM `hostName` of a streaming endpoint: host and, unless 443, the HTTPS port. */
export function endpointHostName(name: string, options: EndpointHostOptions): string {
  const port = options.httpsPort === HTTPS_DEFAULT_PORT ? '' : `:${options.httpsPort}`;
  return `${endpointHost(name, options)}${port}`;
}

/** `requestHost` is the host of a `Host` header value, lower-case, without port (`[::1]` keeps its brackets). */
export function requestHost(header: string | undefined): string {
  const value = (header ?? '').trim().toLowerCase();
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    return end < 0 ? value : value.slice(0, end + 1);
  }
  const colon = value.lastIndexOf(':');
  return colon < 0 ? value : value.slice(0, colon);
}
