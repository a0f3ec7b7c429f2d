import type { HttpConfig, HttpsConfig, RtmpsConfig } from '../config.js';
import { field } from '../config-field.js';
import type { ConfigSources } from '../config-sources.js';
import { readableFileValue } from '../values/path-value.js';
import { bindHostValue } from '../values/host-values.js';
import { portValue } from '../values/port-values.js';
import { checkTlsPair } from './tls-pair.js';

const httpPort = field({
  key: 'http.port',
  env: 'INLET_HTTP_PORT',
  default: '8080',
  description: 'HTTP port for media (HLS/DASH), the management API and the dashboard (0 = any free port).',
  parse: portValue,
  fallback: () => 8080,
});

const httpHost = field({
  key: 'http.host',
  env: 'INLET_HTTP_HOST',
  default: "'' (all interfaces)",
  description: 'Address to listen on for HTTP.',
  parse: bindHostValue,
  fallback: () => '',
});

const httpsPort = field({
  key: 'https.port',
  env: 'INLET_HTTPS_PORT',
  default: '8443',
  description: 'HTTPS port; the Azure SDKs require HTTPS for the management API (0 = any free port).',
  parse: portValue,
  fallback: () => 8443,
});

const httpsHost = field({
  key: 'https.host',
  env: 'INLET_HTTPS_HOST',
  default: "'' (all interfaces)",
  description: 'Address to listen on for HTTPS.',
  parse: bindHostValue,
  fallback: () => '',
});

const httpsCert = field({
  key: 'https.cert',
  env: 'INLET_HTTPS_CERT',
  default: 'rtmps.cert',
  description: 'PEM certificate for HTTPS; by default the RTMPS one (both share one certificate).',
  parse: readableFileValue,
  fallback: () => undefined,
});

const httpsKey = field({
  key: 'https.key',
  env: 'INLET_HTTPS_KEY',
  default: 'rtmps.key',
  description: 'PEM private key of https.cert; by default the RTMPS one.',
  parse: readableFileValue,
  fallback: () => undefined,
});

/** `httpFields` are the `http.*` and `https.*` keys. */
export const httpFields = [httpPort, httpHost, httpsPort, httpsHost, httpsCert, httpsKey] as const;

/** `readHttp` reads the `http` section. */
export function readHttp(sources: ConfigSources): HttpConfig {
  return { port: sources.read(httpPort), host: sources.read(httpHost) };
}

/**
 * `readHttps` reads the `https` section. Without `https.cert` and `https.key` it takes the RTMPS pair;
 * with only one of them it reports a problem instead of mixing pairs.
 */
export function readHttps(sources: ConfigSources, rtmps: RtmpsConfig): HttpsConfig {
  const cert = sources.read(httpsCert);
  const key = sources.read(httpsKey);
  checkTlsPair(sources, { cert: httpsCert.key, key: httpsKey.key }, { cert, key });
  const own = cert !== undefined || key !== undefined;
  return {
    port: sources.read(httpsPort),
    host: sources.read(httpsHost),
    cert: own ? cert : rtmps.cert,
    key: own ? key : rtmps.key,
  };
}
