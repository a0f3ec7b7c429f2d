import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRsaKeyPair, issueCaCertificate } from '../lib/tls/certificate-issuer.js';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';

const dir = mkdtempSync(join(tmpdir(), 'inlet-config-validation-'));
beforeAll(async () => {
  const keys = await generateRsaKeyPair();
  const other = await generateRsaKeyPair();
  writeFileSync(join(dir, 'cert.pem'), issueCaCertificate(keys));
  writeFileSync(join(dir, 'key.pem'), keys.privateKey);
  writeFileSync(join(dir, 'other-key.pem'), other.privateKey);
  writeFileSync(join(dir, 'garbage.pem'), 'not pem');
  writeFileSync(join(dir, 'afile'), 'x');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Loads with `file` (if any) as the config file and returns the problems reported. */
function problemsOf(file: unknown, env: Record<string, string> = {}): readonly string[] {
  const argv: string[] = [];
  if (file !== undefined) {
    writeFileSync(join(dir, 'inlet.json'), JSON.stringify(file));
    argv.push('--config', 'inlet.json');
  }
  try {
    loadConfig({ argv, env, cwd: dir, hostname: 'media1', stdoutIsTty: false });
  } catch (error) {
    if (error instanceof ConfigError) {
      return error.problems;
    }
    throw error;
  }
  return [];
}

const F = 'config file {dir}/inlet.json';

/**
 * Validation problems of the scalar sections (webhooks, live events and unknown keys are in
 * config-lists-validation.test.ts): the input (file and/or environment) and the exact problems it must
 * produce. `{dir}` stands for the temp directory.
 */
const cases: { name: string; file?: unknown; env?: Record<string, string>; problems: string[] }[] = [
  // ports
  {
    name: 'rtmp.ports item not a number',
    file: { rtmp: { ports: [1935, 'abc'] } },
    problems: [`${F}: rtmp.ports[1]: expected a port number 0..65535, got "abc"`],
  },
  {
    name: 'rtmp.ports item out of range',
    file: { rtmp: { ports: [70000] } },
    problems: [`${F}: rtmp.ports[0]: expected a port number 0..65535, got 70000`],
  },
  {
    name: 'rtmp.ports empty',
    file: { rtmp: { ports: [] } },
    problems: [`${F}: rtmp.ports: expected 1 or 2 ports (primary, secondary), got []`],
  },
  {
    name: 'rtmp.ports with three ports',
    file: { rtmp: { ports: [1, 2, 3] } },
    problems: [`${F}: rtmp.ports: expected 1 or 2 ports (primary, secondary), got [1,2,3]`],
  },
  {
    name: 'rtmp.ports not a list',
    file: { rtmp: { ports: { a: 1 } } },
    problems: [
      `${F}: rtmp.ports: expected a port number 0..65535 (a list, or comma-separated text), got {"a":1}`,
    ],
  },
  {
    name: 'INLET_RTMP_PORTS item not a number',
    env: { INLET_RTMP_PORTS: '1935,x' },
    problems: ['environment INLET_RTMP_PORTS: rtmp.ports[1]: expected a port number 0..65535, got "x"'],
  },
  {
    name: 'INLET_RTMPS_PORTS with three ports',
    env: { INLET_RTMPS_PORTS: '2935,2936,2937' },
    problems: [
      'environment INLET_RTMPS_PORTS: rtmps.ports: expected 1 or 2 ports (primary, secondary), got "2935,2936,2937"',
    ],
  },
  {
    name: 'INLET_HTTP_PORT not a number',
    env: { INLET_HTTP_PORT: 'abc' },
    problems: ['environment INLET_HTTP_PORT: http.port: expected a port number 0..65535, got "abc"'],
  },
  {
    name: 'https.port negative',
    file: { https: { port: -1 } },
    problems: [`${F}: https.port: expected a port number 0..65535, got -1`],
  },
  {
    name: 'https.port fractional',
    file: { https: { port: 443.5 } },
    problems: [`${F}: https.port: expected a port number 0..65535, got 443.5`],
  },
  {
    name: 'the same port twice in one list',
    file: { rtmp: { ports: [1935, 1935] } },
    problems: [`${F}: rtmp.ports[1]: port 1935 is also used by rtmp.ports[0]`],
  },
  {
    name: 'INLET_HTTPS_PORT on the RTMP port',
    env: { INLET_HTTPS_PORT: '1935' },
    problems: ['environment INLET_HTTPS_PORT: https.port: port 1935 is also used by rtmp.ports[0]'],
  },
  {
    name: 'http.port on the secondary RTMPS port',
    file: { http: { port: 2936 } },
    problems: [`${F}: http.port: port 2936 is also used by rtmps.ports[1]`],
  },
  {
    name: 'http.port on the default HTTPS port (reported on the key that was set)',
    file: { http: { port: 8443 } },
    problems: [`${F}: http.port: port 8443 is also used by https.port (default)`],
  },
  // general, account, hosts
  {
    name: 'dataDir is a file',
    file: { dataDir: 'afile' },
    problems: [`${F}: dataDir: {dir}/afile exists and is not a directory`],
  },
  {
    name: 'dataDir not a string',
    file: { dataDir: 5 },
    problems: [`${F}: dataDir: expected a directory path, got 5`],
  },
  {
    name: 'publicHostname not a host name',
    file: { publicHostname: 'bad_host!' },
    problems: [`${F}: publicHostname: expected a host name or IP address, got "bad_host!"`],
  },
  {
    name: 'INLET_SUBSCRIPTION_ID not a GUID',
    env: { INLET_SUBSCRIPTION_ID: 'abc' },
    problems: [
      'environment INLET_SUBSCRIPTION_ID: account.subscriptionId: expected a GUID like 1fce2e4b-fb15-4718-8adc-68c6eb4c26a7, got "abc"',
    ],
  },
  {
    name: 'account.resourceGroup ending in a period',
    file: { account: { resourceGroup: 'rg.' } },
    problems: [
      `${F}: account.resourceGroup: expected a resource group name (1-90 letters, digits, _-.(), not ending in "."), got "rg."`,
    ],
  },
  {
    name: 'account.name with capitals',
    file: { account: { name: 'Inlet' } },
    problems: [
      `${F}: account.name: expected an account name (3-24 lower-case letters and digits), got "Inlet"`,
    ],
  },
  {
    name: 'rtmp.host not a host',
    file: { rtmp: { host: 'not a host' } },
    problems: [`${F}: rtmp.host: expected a host name or IP address, got "not a host"`],
  },
  // certificates
  {
    name: 'rtmps.cert without rtmps.key',
    file: { rtmps: { cert: 'cert.pem' } },
    problems: [`${F}: rtmps.cert: rtmps.key must be set too (give both or neither)`],
  },
  {
    name: 'INLET_RTMPS_KEY without a certificate',
    env: { INLET_RTMPS_KEY: 'key.pem' },
    problems: ['environment INLET_RTMPS_KEY: rtmps.key: rtmps.cert must be set too (give both or neither)'],
  },
  {
    name: 'rtmps.cert missing',
    file: { rtmps: { cert: 'missing.pem', key: 'key.pem' } },
    problems: [`${F}: rtmps.cert: file {dir}/missing.pem does not exist`],
  },
  {
    name: 'rtmps.key of another certificate',
    file: { rtmps: { cert: 'cert.pem', key: 'other-key.pem' } },
    problems: [`${F}: rtmps.key: {dir}/other-key.pem is not the private key of {dir}/cert.pem`],
  },
  {
    name: 'https.cert without https.key',
    file: { rtmps: { cert: 'cert.pem', key: 'key.pem' }, https: { cert: 'cert.pem' } },
    problems: [`${F}: https.cert: https.key must be set too (give both or neither)`],
  },
  // limits, health
  {
    name: 'limits.maxConnections zero',
    file: { limits: { maxConnections: 0 } },
    problems: [`${F}: limits.maxConnections: expected a whole number 1..1000000, got 0`],
  },
  {
    name: 'limits.maxMessageSize above the RTMP limit',
    file: { limits: { maxMessageSize: '32MiB' } },
    problems: [
      `${F}: limits.maxMessageSize: expected a size 1KiB..16MiB-1 like 8MiB, 512MiB or a number of bytes, got "32MiB"`,
    ],
  },
  {
    name: 'INLET_MAX_MESSAGE_SIZE with an unknown unit',
    env: { INLET_MAX_MESSAGE_SIZE: '8 megs' },
    problems: [
      'environment INLET_MAX_MESSAGE_SIZE: limits.maxMessageSize: expected a size 1KiB..16MiB-1 like 8MiB, 512MiB or a number of bytes, got "8 megs"',
    ],
  },
  {
    name: 'limits.handshakeTimeout zero',
    file: { limits: { handshakeTimeout: '0s' } },
    problems: [
      `${F}: limits.handshakeTimeout: expected a duration 1ms..1d like 500ms, 20s, 2m, 1h or PT20S, got "0s"`,
    ],
  },
  {
    name: 'INLET_IDLE_TIMEOUT not a duration',
    env: { INLET_IDLE_TIMEOUT: 'forever' },
    problems: [
      'environment INLET_IDLE_TIMEOUT: limits.idleTimeout: expected a duration 1ms..1d like 500ms, 20s, 2m, 1h or PT20S, got "forever"',
    ],
  },
  {
    name: 'INLET_HEARTBEAT_INTERVAL too short',
    env: { INLET_HEARTBEAT_INTERVAL: '50ms' },
    problems: [
      'environment INLET_HEARTBEAT_INTERVAL: health.heartbeatInterval: expected a duration 100ms..1h like 500ms, 20s, 2m, 1h or PT20S, got "50ms"',
    ],
  },
  {
    name: 'health.outOfSyncThreshold a boolean',
    file: { health: { outOfSyncThreshold: true } },
    problems: [
      `${F}: health.outOfSyncThreshold: expected a duration 1ms..1h like 500ms, 20s, 2m, 1h or PT20S, got true`,
    ],
  },
  // packager, api, log
  {
    name: 'packager.partDuration too short',
    file: { packager: { partDuration: '50ms' } },
    problems: [
      `${F}: packager.partDuration: expected a duration 100ms..5s like 500ms, 20s, 2m, 1h or PT20S, got "50ms"`,
    ],
  },
  {
    name: 'packager.previewWindow shorter than two parts',
    file: { packager: { previewWindow: '1s', partDuration: '600ms' } },
    problems: [`${F}: packager.previewWindow: must be at least twice packager.partDuration (600 ms)`],
  },
  {
    name: 'INLET_SEGMENTS_ON_DISK not a boolean',
    env: { INLET_SEGMENTS_ON_DISK: 'sometimes' },
    problems: [
      'environment INLET_SEGMENTS_ON_DISK: packager.segmentsOnDisk: expected true or false, got "sometimes"',
    ],
  },
  {
    name: 'api token with a space',
    file: { api: { tokens: ['a b'] } },
    problems: [
      `${F}: api.tokens[0]: expected a token of printable characters without spaces or commas, got "a b"`,
    ],
  },
  {
    name: 'INLET_API_TOKENS with an empty item',
    env: { INLET_API_TOKENS: 'tok1,,tok2' },
    problems: [
      'environment INLET_API_TOKENS: api.tokens[1]: expected a token of printable characters without spaces or commas, got ""',
    ],
  },
  {
    name: 'log.level unknown',
    file: { log: { level: 'verbose' } },
    problems: [
      `${F}: log.level: expected one of fatal, error, warn, info, debug, trace, silent, got "verbose"`,
    ],
  },
  {
    name: 'INLET_LOG_LEVEL typo',
    env: { INLET_LOG_LEVEL: 'debg' },
    problems: [
      'environment INLET_LOG_LEVEL: log.level: expected one of fatal, error, warn, info, debug, trace, silent, got "debg" (did you mean "debug"?)',
    ],
  },
  {
    name: 'log.pretty not a boolean',
    file: { log: { pretty: 'sure' } },
    problems: [`${F}: log.pretty: expected true or false, got "sure"`],
  },
];

describe('config validation', () => {
  for (const c of cases) {
    it(`reports ${c.name}`, () => {
      const expected = c.problems.map((p) => p.replaceAll('{dir}', dir));
      expect(problemsOf(c.file, c.env)).toEqual(expected);
    });
  }

  it('reports a certificate file that is not PEM, naming the file', () => {
    const [problem, ...rest] = problemsOf({ rtmps: { cert: 'garbage.pem', key: 'key.pem' } });
    expect(rest).toEqual([]);
    expect(problem).toMatch(
      new RegExp(
        `^config file ${dir}/inlet\\.json: rtmps\\.cert: ${dir}/garbage\\.pem is not a PEM certificate \\(.+\\)$`,
      ),
    );
  });

  it('throws a ConfigError whose message lists every problem on its own line', () => {
    writeFileSync(
      join(dir, 'inlet.json'),
      JSON.stringify({ rtmp: { ports: ['x'] }, log: { level: 'loud' } }),
    );
    expect(() => loadConfig({ argv: ['--config', 'inlet.json'], env: {}, cwd: dir })).toThrow(
      /^invalid configuration \(2 problems\):\n {2}- config file .*rtmp\.ports\[0\].*\n {2}- config file .*log\.level.*$/,
    );
  });

  it('accepts a valid certificate and key for RTMPS and shares them with HTTPS', () => {
    writeFileSync(join(dir, 'inlet.json'), JSON.stringify({ rtmps: { cert: 'cert.pem', key: 'key.pem' } }));
    const config = loadConfig({ argv: ['--config', 'inlet.json'], env: {}, cwd: dir });
    expect(config.rtmps.cert).toBe(join(dir, 'cert.pem'));
    expect(config.https.cert).toBe(join(dir, 'cert.pem'));
    expect(config.https.key).toBe(join(dir, 'key.pem'));
  });
});
