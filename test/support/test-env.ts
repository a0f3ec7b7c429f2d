/**
 * Environment of an Inlet under test: every listener on an ephemeral loopback port, `localhost` as the
 * public hostname, 1 s heartbeats, JSON log lines (what the tests read), two media workers.
 */
export const TEST_ENV: Readonly<Record<string, string>> = {
  INLET_RTMP_PORTS: '0,0',
  INLET_RTMPS_PORTS: '0,0',
  INLET_HTTP_PORT: '0',
  INLET_HTTPS_PORT: '0',
  INLET_RTMP_HOST: '127.0.0.1',
  INLET_RTMPS_HOST: '127.0.0.1',
  INLET_HTTP_HOST: '127.0.0.1',
  INLET_HTTPS_HOST: '127.0.0.1',
  INLET_PUBLIC_HOSTNAME: 'localhost',
  INLET_HEARTBEAT_INTERVAL: '1s',
  INLET_LOG_PRETTY: 'false',
  // Two media workers (the mode with the most moving parts); INLET_TEST_WORKERS=0 runs Inlet with
  // everything in one process, the default.
  INLET_WORKERS: process.env['INLET_TEST_WORKERS'] ?? '2',
};
