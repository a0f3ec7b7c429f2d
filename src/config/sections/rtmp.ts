import type { RtmpConfig, RtmpsConfig } from '../config.js';
import { field } from '../config-field.js';
import type { ConfigSources } from '../config-sources.js';
import { readableFileValue } from '../values/path-value.js';
import { bindHostValue } from '../values/host-values.js';
import { portListValue } from '../values/port-values.js';
import { checkTlsPair } from './tls-pair.js';

const rtmpPorts = field({
  key: 'rtmp.ports',
  env: 'INLET_RTMP_PORTS',
  default: '1935,1936',
  description:
    'RTMP ports: the primary ingest endpoint, then the optional secondary one ' +
    '(1 or 2 ports; 0 = any free port).',
  parse: portListValue,
  fallback: () => [1935, 1936] as const,
});

const rtmpHost = field({
  key: 'rtmp.host',
  env: 'INLET_RTMP_HOST',
  default: "'' (all interfaces)",
  description: 'Address to listen on for RTMP.',
  parse: bindHostValue,
  fallback: () => '',
});

const rtmpsPorts = field({
  key: 'rtmps.ports',
  env: 'INLET_RTMPS_PORTS',
  default: '2935,2936',
  description: 'RTMPS (RTMP over TLS) ports: primary, then optional secondary.',
  parse: portListValue,
  fallback: () => [2935, 2936] as const,
});

const rtmpsHost = field({
  key: 'rtmps.host',
  env: 'INLET_RTMPS_HOST',
  default: "'' (all interfaces)",
  description: 'Address to listen on for RTMPS.',
  parse: bindHostValue,
  fallback: () => '',
});

const rtmpsCert = field({
  key: 'rtmps.cert',
  env: 'INLET_RTMPS_CERT',
  default: 'generated',
  description:
    'PEM certificate (chain) for RTMPS and HTTPS. Give both cert and key, or neither: then a private CA ' +
    'and a certificate for publicHostname are generated in <dataDir>/tls.',
  parse: readableFileValue,
  fallback: () => undefined,
});

const rtmpsKey = field({
  key: 'rtmps.key',
  env: 'INLET_RTMPS_KEY',
  default: 'generated',
  description: 'PEM private key of rtmps.cert.',
  parse: readableFileValue,
  fallback: () => undefined,
});

/** `rtmpFields` are the `rtmp.*` and `rtmps.*` keys. */
export const rtmpFields = [rtmpPorts, rtmpHost, rtmpsPorts, rtmpsHost, rtmpsCert, rtmpsKey] as const;

/** `readRtmp` reads the `rtmp` section. */
export function readRtmp(sources: ConfigSources): RtmpConfig {
  return { ports: sources.read(rtmpPorts), host: sources.read(rtmpHost) };
}

/** `readRtmps` reads the `rtmps` section and checks the certificate/key pair. */
export function readRtmps(sources: ConfigSources): RtmpsConfig {
  const cert = sources.read(rtmpsCert);
  const key = sources.read(rtmpsKey);
  checkTlsPair(sources, { cert: rtmpsCert.key, key: rtmpsKey.key }, { cert, key });
  return { ports: sources.read(rtmpsPorts), host: sources.read(rtmpsHost), cert, key };
}
