import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Config } from './config.js';
import { loadConfig, type LoadConfigOptions } from './load-config.js';

const dir = mkdtempSync(join(tmpdir(), 'inlet-config-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Writes `content` (JSON-encoded unless a string) to `name` in the temp dir and returns its path. */
function writeConfig(content: unknown, name = 'inlet.json'): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function load(options: Partial<LoadConfigOptions> = {}): Config {
  return loadConfig({
    argv: [],
    env: {},
    cwd: dir,
    hostname: 'media1',
    stdoutIsTty: false,
    cores: 4,
    ...options,
  });
}

/** Reads a dotted path (`rtmp.ports`) out of the config. */
function at(config: Config, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], config);
}

describe('loadConfig defaults', () => {
  const defaults: { key: string; value: (cwd: string) => unknown }[] = [
    { key: 'configFile', value: () => undefined },
    { key: 'dataDir', value: (cwd) => join(cwd, 'data') },
    { key: 'publicHostname', value: () => 'media1' },
    { key: 'workers', value: () => 4 },
    { key: 'account.subscriptionId', value: () => '00000000-0000-0000-0000-000000000000' },
    { key: 'account.resourceGroup', value: () => 'inlet' },
    { key: 'account.name', value: () => 'inlet' },
    { key: 'rtmp.ports', value: () => [1935, 1936] },
    { key: 'rtmp.host', value: () => '' },
    { key: 'rtmps.ports', value: () => [2935, 2936] },
    { key: 'rtmps.host', value: () => '' },
    { key: 'rtmps.cert', value: () => undefined },
    { key: 'rtmps.key', value: () => undefined },
    { key: 'http.port', value: () => 8080 },
    { key: 'http.host', value: () => '' },
    { key: 'https.port', value: () => 8443 },
    { key: 'https.host', value: () => '' },
    { key: 'https.cert', value: () => undefined },
    { key: 'https.key', value: () => undefined },
    { key: 'limits.maxConnections', value: () => 1000 },
    { key: 'limits.maxMessageSize', value: () => 8 * 1024 * 1024 },
    { key: 'limits.handshakeTimeout', value: () => 10_000 },
    { key: 'limits.idleTimeout', value: () => 30_000 },
    { key: 'health.heartbeatInterval', value: () => 20_000 },
    { key: 'health.outOfSyncThreshold', value: () => 2000 },
    { key: 'events.webhooks', value: () => [] },
    { key: 'events.maxAge', value: () => 7 * 86_400_000 },
    { key: 'events.maxBytes', value: () => 512 * 1024 * 1024 },
    { key: 'events.webhookMaxEventAge', value: () => 86_400_000 },
    { key: 'packager.previewWindow', value: () => 30_000 },
    { key: 'packager.partDuration', value: () => 500 },
    { key: 'packager.segmentsOnDisk', value: () => true },
    { key: 'packager.preview', value: () => true },
    { key: 'streaming.defaultEndpoint', value: () => 'Stopped' },
    { key: 'streaming.fragmentsPerTsSegment', value: () => 3 },
    { key: 'api.tokens', value: () => [] },
    { key: 'log.level', value: () => 'info' },
    { key: 'log.pretty', value: () => false },
    { key: 'liveEvents', value: () => [] },
  ];
  const config = (): Config => load();

  for (const d of defaults) {
    it(`defaults ${d.key}`, () => {
      expect(at(config(), d.key)).toEqual(d.value(dir));
    });
  }

  it('covers every key of Config in the defaults table', () => {
    const keys = (node: unknown, prefix: string): string[] =>
      typeof node === 'object' && node !== null && !Array.isArray(node)
        ? Object.entries(node).flatMap(([k, v]) => {
            const key = prefix === '' ? k : `${prefix}.${k}`;
            return typeof v === 'object' && v !== null && !Array.isArray(v) ? keys(v, key) : [key];
          })
        : [];
    expect(new Set(keys(config(), ''))).toEqual(new Set(defaults.map((d) => d.key)));
  });

  it('defaults log.pretty to whether stdout is a terminal', () => {
    expect(load({ stdoutIsTty: true }).log.pretty).toBe(true);
  });

  it('defaults workers to the core count, and to one process on a one-core machine', () => {
    expect(load({ cores: 2 }).workers).toBe(2);
    expect(load({ cores: 1 }).workers).toBe(0);
    expect(load({ cores: 96 }).workers).toBe(64);
    expect(load({ cores: 1, env: { INLET_WORKERS: '3' } }).workers).toBe(3);
  });

  it('returns a deeply frozen config', () => {
    const config = load();
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.rtmp.ports)).toBe(true);
    expect(Object.isFrozen(config.limits)).toBe(true);
  });
});

describe('loadConfig sources', () => {
  const full = {
    $schema: './inlet.schema.json',
    '//': 'comment keys are allowed anywhere',
    dataDir: 'var/inlet',
    publicHostname: 'live.example.com',
    workers: 3,
    account: {
      subscriptionId: '2a5e8b3c-1d4f-4e6a-9b7c-0d1e2f3a4b5c',
      resourceGroup: 'media-rg',
      name: 'studioaccount',
    },
    rtmp: { ports: [1940], host: '127.0.0.1' },
    rtmps: { ports: '2940,2941', host: '::' },
    http: { port: 8081, host: '0.0.0.0' },
    https: { port: '8444' },
    limits: { maxConnections: 50, maxMessageSize: '4MiB', handshakeTimeout: '5s', idleTimeout: 'PT1M' },
    health: { heartbeatInterval: '2s', outOfSyncThreshold: 1500 },
    events: {
      webhooks: [
        { url: 'https://hooks.example/inlet', eventTypes: ['Microsoft.Media.LiveEventEncoderConnected'] },
      ],
      maxAge: '1d',
      maxBytes: 1048576,
      webhookMaxEventAge: '1h',
    },
    packager: { previewWindow: '1m', partDuration: '0.25s', segmentsOnDisk: false, preview: false },
    streaming: { defaultEndpoint: 'Running', fragmentsPerTsSegment: 1 },
    api: { tokens: ['token-one', 'token-two'] },
    log: { level: 'debug', pretty: true },
  };

  const fileCases: { key: string; value: (cwd: string) => unknown }[] = [
    { key: 'dataDir', value: (cwd) => join(cwd, 'var/inlet') },
    { key: 'publicHostname', value: () => 'live.example.com' },
    { key: 'workers', value: () => 3 },
    { key: 'account.subscriptionId', value: () => '2a5e8b3c-1d4f-4e6a-9b7c-0d1e2f3a4b5c' },
    { key: 'account.resourceGroup', value: () => 'media-rg' },
    { key: 'account.name', value: () => 'studioaccount' },
    { key: 'rtmp.ports', value: () => [1940] },
    { key: 'rtmp.host', value: () => '127.0.0.1' },
    { key: 'rtmps.ports', value: () => [2940, 2941] },
    { key: 'rtmps.host', value: () => '::' },
    { key: 'http.port', value: () => 8081 },
    { key: 'http.host', value: () => '0.0.0.0' },
    { key: 'https.port', value: () => 8444 },
    { key: 'limits.maxConnections', value: () => 50 },
    { key: 'limits.maxMessageSize', value: () => 4 * 1024 * 1024 },
    { key: 'limits.handshakeTimeout', value: () => 5000 },
    { key: 'limits.idleTimeout', value: () => 60_000 },
    { key: 'health.heartbeatInterval', value: () => 2000 },
    { key: 'health.outOfSyncThreshold', value: () => 1500 },
    {
      key: 'events.webhooks',
      value: () => [
        {
          name: 'webhook-1',
          url: 'https://hooks.example/inlet',
          eventTypes: ['Microsoft.Media.LiveEventEncoderConnected'],
          secret: undefined,
          schema: 'EventGrid',
          validation: false,
        },
      ],
    },
    { key: 'events.maxAge', value: () => 86_400_000 },
    { key: 'events.maxBytes', value: () => 1048576 },
    { key: 'events.webhookMaxEventAge', value: () => 3_600_000 },
    { key: 'packager.previewWindow', value: () => 60_000 },
    { key: 'packager.partDuration', value: () => 250 },
    { key: 'packager.segmentsOnDisk', value: () => false },
    { key: 'packager.preview', value: () => false },
    { key: 'streaming.defaultEndpoint', value: () => 'Running' },
    { key: 'streaming.fragmentsPerTsSegment', value: () => 1 },
    { key: 'api.tokens', value: () => ['token-one', 'token-two'] },
    { key: 'log.level', value: () => 'debug' },
    { key: 'log.pretty', value: () => true },
  ];

  for (const c of fileCases) {
    it(`reads ${c.key} from the config file`, () => {
      const path = writeConfig(full);
      const config = load({ argv: ['--config', path] });
      expect(config.configFile).toBe(path);
      expect(at(config, c.key)).toEqual(c.value(dir));
    });
  }

  /** Environment variables override the file; each row sets one. */
  const envCases: { env: string; text: string; key: string; value: (cwd: string) => unknown }[] = [
    { env: 'INLET_DATA_DIR', text: '/srv/inlet', key: 'dataDir', value: () => '/srv/inlet' },
    { env: 'INLET_PUBLIC_HOSTNAME', text: '203.0.113.9', key: 'publicHostname', value: () => '203.0.113.9' },
    { env: 'INLET_WORKERS', text: '2', key: 'workers', value: () => 2 },
    {
      env: 'INLET_SUBSCRIPTION_ID',
      text: 'ffffffff-0000-4000-8000-000000000001',
      key: 'account.subscriptionId',
      value: () => 'ffffffff-0000-4000-8000-000000000001',
    },
    { env: 'INLET_RESOURCE_GROUP', text: 'rg2', key: 'account.resourceGroup', value: () => 'rg2' },
    { env: 'INLET_ACCOUNT_NAME', text: 'acct2', key: 'account.name', value: () => 'acct2' },
    { env: 'INLET_RTMP_PORTS', text: '1950, 1951', key: 'rtmp.ports', value: () => [1950, 1951] },
    { env: 'INLET_RTMP_HOST', text: '', key: 'rtmp.host', value: () => '' },
    { env: 'INLET_RTMPS_PORTS', text: '2950', key: 'rtmps.ports', value: () => [2950] },
    { env: 'INLET_HTTP_PORT', text: '9080', key: 'http.port', value: () => 9080 },
    { env: 'INLET_HTTP_HOST', text: '::1', key: 'http.host', value: () => '::1' },
    { env: 'INLET_HTTPS_PORT', text: '9443', key: 'https.port', value: () => 9443 },
    { env: 'INLET_MAX_CONNECTIONS', text: '7', key: 'limits.maxConnections', value: () => 7 },
    { env: 'INLET_MAX_MESSAGE_SIZE', text: '1048576', key: 'limits.maxMessageSize', value: () => 1048576 },
    { env: 'INLET_HANDSHAKE_TIMEOUT', text: '1500', key: 'limits.handshakeTimeout', value: () => 1500 },
    { env: 'INLET_IDLE_TIMEOUT', text: '45s', key: 'limits.idleTimeout', value: () => 45_000 },
    { env: 'INLET_HEARTBEAT_INTERVAL', text: '2s', key: 'health.heartbeatInterval', value: () => 2000 },
    { env: 'INLET_OUT_OF_SYNC_THRESHOLD', text: 'PT3S', key: 'health.outOfSyncThreshold', value: () => 3000 },
    { env: 'INLET_EVENTS_MAX_AGE', text: '2d', key: 'events.maxAge', value: () => 2 * 86_400_000 },
    { env: 'INLET_EVENTS_MAX_BYTES', text: '1GiB', key: 'events.maxBytes', value: () => 1024 ** 3 },
    {
      env: 'INLET_WEBHOOK_MAX_EVENT_AGE',
      text: '30m',
      key: 'events.webhookMaxEventAge',
      value: () => 1_800_000,
    },
    { env: 'INLET_PREVIEW_WINDOW', text: '2m', key: 'packager.previewWindow', value: () => 120_000 },
    {
      env: 'INLET_DEFAULT_STREAMING_ENDPOINT',
      text: 'Running',
      key: 'streaming.defaultEndpoint',
      value: () => 'Running',
    },
    {
      env: 'INLET_FRAGMENTS_PER_TS_SEGMENT',
      text: '2',
      key: 'streaming.fragmentsPerTsSegment',
      value: () => 2,
    },
    { env: 'INLET_PART_DURATION', text: '1s', key: 'packager.partDuration', value: () => 1000 },
    { env: 'INLET_SEGMENTS_ON_DISK', text: 'yes', key: 'packager.segmentsOnDisk', value: () => true },
    { env: 'INLET_PREVIEW', text: 'false', key: 'packager.preview', value: () => false },
    { env: 'INLET_API_TOKENS', text: 'alpha, beta', key: 'api.tokens', value: () => ['alpha', 'beta'] },
    { env: 'INLET_API_TOKENS', text: '', key: 'api.tokens', value: () => [] },
    { env: 'INLET_LOG_LEVEL', text: 'warn', key: 'log.level', value: () => 'warn' },
    { env: 'INLET_LOG_PRETTY', text: 'false', key: 'log.pretty', value: () => false },
  ];

  for (const c of envCases) {
    it(`lets ${c.env}=${JSON.stringify(c.text)} override the file's ${c.key}`, () => {
      const path = writeConfig(full);
      const config = load({ argv: ['--config', path], env: { [c.env]: c.text } });
      expect(at(config, c.key)).toEqual(c.value(dir));
    });
  }

  it('reads the file named by INLET_CONFIG, relative to cwd', () => {
    writeConfig({ http: { port: 9001 } }, 'from-env.json');
    const config = load({ env: { INLET_CONFIG: 'from-env.json' } });
    expect(config.configFile).toBe(join(dir, 'from-env.json'));
    expect(config.http.port).toBe(9001);
  });

  it('prefers --config over INLET_CONFIG, and accepts --config=FILE among other arguments', () => {
    writeConfig({ http: { port: 9001 } }, 'from-env.json');
    writeConfig({ http: { port: 9002 } }, 'from-argv.json');
    const env = { INLET_CONFIG: 'from-env.json' };
    expect(load({ argv: ['--config', 'from-argv.json'], env }).http.port).toBe(9002);
    expect(load({ argv: ['--verbose', '--config=from-argv.json', 'x'], env }).http.port).toBe(9002);
  });

  it('treats null in the file as "use the default"', () => {
    const path = writeConfig({ http: { port: null } });
    expect(load({ argv: ['--config', path] }).http.port).toBe(8080);
  });

  it('accepts port 0 on every listener, even several times', () => {
    const path = writeConfig({
      rtmp: { ports: [0, 0] },
      rtmps: { ports: [0] },
      http: { port: 0 },
      https: { port: 0 },
    });
    const config = load({ argv: ['--config', path] });
    expect([config.rtmp.ports, config.rtmps.ports, config.http.port, config.https.port]).toEqual([
      [0, 0],
      [0],
      0,
      0,
    ]);
  });

  it('ignores INLET_* variables that are not close to a known one', () => {
    expect(load({ env: { INLET_E2E_FIXTURES: '/tmp/x' } }).http.port).toBe(8080);
  });

  it('creates nothing on disk: dataDir may not exist yet', () => {
    const config = load({ env: { INLET_DATA_DIR: 'not/yet' } });
    expect(config.dataDir).toBe(join(dir, 'not/yet'));
  });
});

describe('declared live events', () => {
  it('reads a full declaration and fills the defaults of a minimal one', () => {
    const path = writeConfig({
      liveEvents: [
        {
          name: 'studio1',
          accessToken: '1fce2e4b-fb15-4718-8adc-68c6eb4c26a7',
          allow: [
            '10.0.0.0/8',
            '127.0.0.1/32',
            { name: 'office', address: '2001:db8::', subnetPrefixLength: 32 },
          ],
          autoStart: false,
          keyFrameIntervalDuration: 'PT2S',
          streamOptions: ['LowLatency'],
          description: 'main studio',
        },
        { name: 'backup-2' },
      ],
    });
    const config = load({ argv: ['--config', path] });
    expect(config.liveEvents).toEqual([
      {
        name: 'studio1',
        accessToken: '1fce2e4b-fb15-4718-8adc-68c6eb4c26a7',
        allow: [
          { name: '10.0.0.0/8', address: '10.0.0.0', subnetPrefixLength: 8 },
          { name: '127.0.0.1/32', address: '127.0.0.1', subnetPrefixLength: 32 },
          { name: 'office', address: '2001:db8::', subnetPrefixLength: 32 },
        ],
        autoStart: false,
        keyFrameIntervalDuration: 2000,
        streamOptions: ['LowLatency'],
        description: 'main studio',
      },
      {
        name: 'backup-2',
        accessToken: undefined,
        allow: [
          { name: '0.0.0.0/0', address: '0.0.0.0', subnetPrefixLength: 0 },
          { name: '::/0', address: '::', subnetPrefixLength: 0 },
        ],
        autoStart: true,
        keyFrameIntervalDuration: undefined,
        streamOptions: [],
        description: undefined,
      },
    ]);
  });

  it('keeps an explicitly empty allow list (nobody may push)', () => {
    const path = writeConfig({ liveEvents: [{ name: 'closed', allow: [] }] });
    expect(load({ argv: ['--config', path] }).liveEvents[0]?.allow).toEqual([]);
  });

  it('accepts the key frame interval bounds PT0.5S and PT20S', () => {
    const path = writeConfig({
      liveEvents: [
        { name: 'a', keyFrameIntervalDuration: 'PT0.5S' },
        { name: 'b', keyFrameIntervalDuration: 'PT20S' },
      ],
    });
    expect(load({ argv: ['--config', path] }).liveEvents.map((e) => e.keyFrameIntervalDuration)).toEqual([
      500, 20_000,
    ]);
  });
});
