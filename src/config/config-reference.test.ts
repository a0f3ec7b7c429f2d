import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { configReference } from './config-reference.js';
import { loadConfig } from './load-config.js';

const dir = mkdtempSync(join(tmpdir(), 'inlet-config-reference-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Keys and environment variables that scripts rely on: their names must not change. */
const stable: { key: string; env: string | undefined }[] = [
  { key: 'dataDir', env: 'INLET_DATA_DIR' },
  { key: 'publicHostname', env: 'INLET_PUBLIC_HOSTNAME' },
  { key: 'account.subscriptionId', env: 'INLET_SUBSCRIPTION_ID' },
  { key: 'account.resourceGroup', env: 'INLET_RESOURCE_GROUP' },
  { key: 'account.name', env: 'INLET_ACCOUNT_NAME' },
  { key: 'rtmp.ports', env: 'INLET_RTMP_PORTS' },
  { key: 'rtmp.host', env: 'INLET_RTMP_HOST' },
  { key: 'rtmps.ports', env: 'INLET_RTMPS_PORTS' },
  { key: 'rtmps.cert', env: 'INLET_RTMPS_CERT' },
  { key: 'rtmps.key', env: 'INLET_RTMPS_KEY' },
  { key: 'http.port', env: 'INLET_HTTP_PORT' },
  { key: 'https.port', env: 'INLET_HTTPS_PORT' },
  { key: 'http.host', env: 'INLET_HTTP_HOST' },
  { key: 'https.cert', env: 'INLET_HTTPS_CERT' },
  { key: 'https.key', env: 'INLET_HTTPS_KEY' },
  { key: 'limits.maxConnections', env: 'INLET_MAX_CONNECTIONS' },
  { key: 'limits.maxMessageSize', env: 'INLET_MAX_MESSAGE_SIZE' },
  { key: 'limits.handshakeTimeout', env: 'INLET_HANDSHAKE_TIMEOUT' },
  { key: 'limits.idleTimeout', env: 'INLET_IDLE_TIMEOUT' },
  { key: 'health.heartbeatInterval', env: 'INLET_HEARTBEAT_INTERVAL' },
  { key: 'health.outOfSyncThreshold', env: 'INLET_OUT_OF_SYNC_THRESHOLD' },
  { key: 'events.webhooks', env: undefined },
  { key: 'events.maxAge', env: 'INLET_EVENTS_MAX_AGE' },
  { key: 'events.maxBytes', env: 'INLET_EVENTS_MAX_BYTES' },
  { key: 'events.webhookMaxEventAge', env: 'INLET_WEBHOOK_MAX_EVENT_AGE' },
  { key: 'packager.previewWindow', env: 'INLET_PREVIEW_WINDOW' },
  { key: 'packager.partDuration', env: 'INLET_PART_DURATION' },
  { key: 'packager.segmentsOnDisk', env: 'INLET_SEGMENTS_ON_DISK' },
  { key: 'packager.preview', env: 'INLET_PREVIEW' },
  { key: 'api.tokens', env: 'INLET_API_TOKENS' },
  { key: 'log.level', env: 'INLET_LOG_LEVEL' },
  { key: 'log.pretty', env: 'INLET_LOG_PRETTY' },
  { key: 'liveEvents', env: undefined },
  { key: 'liveEvents[].name', env: undefined },
  { key: 'liveEvents[].accessToken', env: undefined },
  { key: 'liveEvents[].allow', env: undefined },
  { key: 'liveEvents[].autoStart', env: undefined },
  { key: 'liveEvents[].keyFrameIntervalDuration', env: undefined },
  { key: 'liveEvents[].streamOptions', env: undefined },
  { key: 'liveEvents[].description', env: undefined },
  { key: 'events.webhooks[].url', env: undefined },
  { key: 'events.webhooks[].eventTypes', env: undefined },
  { key: 'events.webhooks[].secret', env: undefined },
  { key: 'events.webhooks[].schema', env: undefined },
  { key: 'events.webhooks[].name', env: undefined },
  { key: 'events.webhooks[].validation', env: undefined },
];

describe('configReference', () => {
  const rows = configReference();

  for (const s of stable) {
    it(`documents ${s.key}${s.env === undefined ? '' : ` (${s.env})`}`, () => {
      const row = rows.find((r) => r.key === s.key);
      expect(row).toBeDefined();
      expect(row?.env).toBe(s.env);
      expect(row?.default.length).toBeGreaterThan(0);
      expect(row?.description).toMatch(/^[A-Z].*\.$/);
    });
  }

  it('has unique keys and unique environment variables, all INLET_*', () => {
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
    const envs = rows.flatMap((r) => (r.env === undefined ? [] : [r.env]));
    expect(new Set(envs).size).toBe(envs.length);
    expect(envs.every((e) => /^INLET_[A-Z_]+$/.test(e))).toBe(true);
  });

  it('lists list item members right after their list', () => {
    const keys = rows.map((r) => r.key);
    expect(keys.indexOf('liveEvents[].name')).toBe(keys.indexOf('liveEvents') + 1);
    expect(keys.indexOf('events.webhooks[].url')).toBe(keys.indexOf('events.webhooks') + 1);
  });

  // Every documented variable must be read: an invalid value in it must be reported under its key.
  // dataDir accepts any path text, so it is checked by the override tests instead.
  for (const row of rows.filter((r) => r.env !== undefined && r.key !== 'dataDir')) {
    it(`reads ${row.env} into ${row.key}`, () => {
      let problems: readonly string[] = [];
      try {
        loadConfig({ argv: [], env: { [row.env ?? '']: 'not valid!' }, cwd: dir });
      } catch (error) {
        problems = error instanceof ConfigError ? error.problems : [];
      }
      expect(problems.some((p) => p.startsWith(`environment ${row.env}: ${row.key}`))).toBe(true);
    });
  }
});
