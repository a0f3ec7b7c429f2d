import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { liveEventEventTypes } from '../events/live-event-event-types.js';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';

const dir = mkdtempSync(join(tmpdir(), 'inlet-config-lists-'));
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
const WH = 'https://hooks.example/x';
const TOKEN = '1fce2e4b-fb15-4718-8adc-68c6eb4c26a7';

/**
 * Validation problems of webhooks, live events, unknown keys and mistyped variables: the input (file and/or environment) and the exact problems it must
 * produce. `{dir}` stands for the temp directory.
 */
const cases: { name: string; file?: unknown; env?: Record<string, string>; problems: string[] }[] = [
  // ports
  // events
  {
    name: 'events.webhooks not a list',
    file: { events: { webhooks: { url: WH } } },
    problems: [`${F}: events.webhooks: expected a list of webhooks, got {"url":"https://hooks.example/x"}`],
  },
  {
    name: 'webhook without url',
    file: { events: { webhooks: [{ name: 'a' }] } },
    problems: [`${F}: events.webhooks[0].url: missing (required)`],
  },
  {
    name: 'webhook url not http',
    file: { events: { webhooks: [{ url: 'ftp://x' }] } },
    problems: [`${F}: events.webhooks[0].url: expected an absolute http:// or https:// URL, got "ftp://x"`],
  },
  {
    name: 'webhook member typo',
    file: { events: { webhooks: [{ url: WH, secrets: 's' }] } },
    problems: [`${F}: events.webhooks[0].secrets: unknown key (did you mean "secret"?)`],
  },
  {
    name: 'webhook with an empty eventTypes list',
    file: { events: { webhooks: [{ url: WH, eventTypes: [] }] } },
    problems: [
      `${F}: events.webhooks[0].eventTypes: an empty list would deliver nothing: leave eventTypes out for all`,
    ],
  },
  {
    name: 'webhook event type typo',
    file: { events: { webhooks: [{ url: WH, eventTypes: ['Microsoft.Media.LiveEventEncoderConected'] }] } },
    problems: [
      `${F}: events.webhooks[0].eventTypes[0]: expected a live event type such as Microsoft.Media.LiveEventEncoderConnected, got "Microsoft.Media.LiveEventEncoderConected" (did you mean "Microsoft.Media.LiveEventEncoderConnected"?)`,
    ],
  },
  {
    name: 'webhook schema in the wrong case',
    file: { events: { webhooks: [{ url: WH, schema: 'eventgrid' }] } },
    problems: [
      `${F}: events.webhooks[0].schema: expected one of EventGrid, CloudEvents, got "eventgrid" (did you mean "EventGrid"?)`,
    ],
  },
  {
    name: 'webhook validation not a boolean',
    file: { events: { webhooks: [{ url: WH, validation: 'maybe' }] } },
    problems: [`${F}: events.webhooks[0].validation: expected true or false, got "maybe"`],
  },
  {
    name: 'two webhooks with one name',
    file: {
      events: {
        webhooks: [
          { url: WH, name: 'hook' },
          { url: WH, name: 'Hook' },
        ],
      },
    },
    problems: [`${F}: events.webhooks[1].name: duplicate name "Hook" (also [0])`],
  },
  {
    name: 'INLET_EVENTS_MAX_AGE zero',
    env: { INLET_EVENTS_MAX_AGE: '0' },
    problems: [
      'environment INLET_EVENTS_MAX_AGE: events.maxAge: expected a duration 1s..366d like 500ms, 20s, 2m, 1h or PT20S, got "0"',
    ],
  },
  {
    name: 'events.maxBytes too small',
    file: { events: { maxBytes: '1KiB' } },
    problems: [
      `${F}: events.maxBytes: expected a size of at least 1MiB like 8MiB, 512MiB or a number of bytes, got "1KiB"`,
    ],
  },
  // live events
  {
    name: 'liveEvents not a list',
    file: { liveEvents: {} },
    problems: [`${F}: liveEvents: expected a list of live events, got {}`],
  },
  {
    name: 'live event without a name',
    file: { liveEvents: [{ autoStart: true }] },
    problems: [`${F}: liveEvents[0].name: missing (required)`],
  },
  {
    name: 'live event name starting with a hyphen',
    file: { liveEvents: [{ name: '-bad' }] },
    problems: [
      `${F}: liveEvents[0].name: expected a name of 1-32 letters, digits and inner hyphens, got "-bad"`,
    ],
  },
  {
    name: 'live event name of 33 characters',
    file: { liveEvents: [{ name: 'a'.repeat(33) }] },
    problems: [
      `${F}: liveEvents[0].name: expected a name of 1-32 letters, digits and inner hyphens, got "${'a'.repeat(33)}"`,
    ],
  },
  {
    name: 'two live events whose names differ only in case',
    file: { liveEvents: [{ name: 'studio1' }, { name: 'Studio1' }] },
    problems: [`${F}: liveEvents[1].name: duplicate name "Studio1" (also [0])`],
  },
  {
    name: 'live event access token not a GUID',
    file: { liveEvents: [{ name: 'a', accessToken: 'secret' }] },
    problems: [
      `${F}: liveEvents[0].accessToken: expected a GUID like 1fce2e4b-fb15-4718-8adc-68c6eb4c26a7, got "secret"`,
    ],
  },
  {
    name: 'two live events with one access token',
    file: {
      liveEvents: [
        { name: 'a', accessToken: TOKEN },
        { name: 'b', accessToken: TOKEN.toUpperCase() },
      ],
    },
    problems: [`${F}: liveEvents[1].accessToken: duplicate accessToken "${TOKEN.toUpperCase()}" (also [0])`],
  },
  {
    name: 'live event allow entry with a bad prefix',
    file: { liveEvents: [{ name: 'a', allow: ['127.0.0.1', '10.0.0.0/33'] }] },
    problems: [
      `${F}: liveEvents[0].allow[1]: ip allow list entry "10.0.0.0/33": prefix length must be 0..32`,
    ],
  },
  {
    name: 'live event allow given as one string',
    file: { liveEvents: [{ name: 'a', allow: '10.0.0.0/8' }] },
    problems: [`${F}: liveEvents[0].allow: expected a list of IP ranges like "10.0.0.0/8", got "10.0.0.0/8"`],
  },
  {
    name: 'key frame interval below 0.5 s',
    file: { liveEvents: [{ name: 'a', keyFrameIntervalDuration: 'PT0.4S' }] },
    problems: [
      `${F}: liveEvents[0].keyFrameIntervalDuration: expected an ISO 8601 duration PT0.5S..PT20S like PT2S, got "PT0.4S"`,
    ],
  },
  {
    name: 'key frame interval above 20 s',
    file: { liveEvents: [{ name: 'a', keyFrameIntervalDuration: 'PT21S' }] },
    problems: [
      `${F}: liveEvents[0].keyFrameIntervalDuration: expected an ISO 8601 duration PT0.5S..PT20S like PT2S, got "PT21S"`,
    ],
  },
  {
    name: 'key frame interval not ISO 8601',
    file: { liveEvents: [{ name: 'a', keyFrameIntervalDuration: '2s' }] },
    problems: [
      `${F}: liveEvents[0].keyFrameIntervalDuration: expected an ISO 8601 duration PT0.5S..PT20S like PT2S, got "2s"`,
    ],
  },
  {
    name: 'live event autoStart not a boolean',
    file: { liveEvents: [{ name: 'a', autoStart: 'later' }] },
    problems: [`${F}: liveEvents[0].autoStart: expected true or false, got "later"`],
  },
  {
    name: 'live event stream option typo',
    file: { liveEvents: [{ name: 'a', streamOptions: ['LowLatencyV3'] }] },
    problems: [
      `${F}: liveEvents[0].streamOptions[0]: expected one of Default, LowLatency, LowLatencyV2, got "LowLatencyV3" (did you mean "LowLatencyV2"?)`,
    ],
  },
  {
    name: 'live event description not a string',
    file: { liveEvents: [{ name: 'a', description: 5 }] },
    problems: [`${F}: liveEvents[0].description: expected a string, got 5`],
  },
  {
    name: 'live event member typo',
    file: { liveEvents: [{ name: 'a', accesstoken: TOKEN }] },
    problems: [`${F}: liveEvents[0].accesstoken: unknown key (did you mean "accessToken"?)`],
  },
  // unknown keys
  {
    name: 'section key typo',
    file: { rtmp: { prots: [1935] } },
    problems: [`${F}: rtmp.prots: unknown key (did you mean "rtmp.ports"?)`],
  },
  {
    name: 'top-level key in the wrong case',
    file: { datadir: './x' },
    problems: [`${F}: datadir: unknown key (did you mean "dataDir"?)`],
  },
  {
    name: 'key in the wrong section',
    file: { http: { cert: 'cert.pem' } },
    problems: [`${F}: http.cert: unknown key (did you mean "https.cert"?)`],
  },
  {
    name: 'singular liveEvent',
    file: { liveEvent: [] },
    problems: [`${F}: liveEvent: unknown key (did you mean "liveEvents"?)`],
  },
  {
    name: 'unrelated key (no suggestion)',
    file: { transcoder: {} },
    problems: [`${F}: transcoder: unknown key`],
  },
  {
    name: 'section that is not an object',
    file: { rtmp: 5 },
    problems: [`${F}: rtmp: expected an object with rtmp.* keys, got 5`],
  },
  {
    name: 'mistyped INLET_ variable',
    env: { INLET_RTMP_PORT: '1935' },
    problems: ['environment INLET_RTMP_PORT: unknown variable (did you mean INLET_RTMP_PORTS?)'],
  },
  {
    name: 'mistyped INLET_ variable with a doubled letter',
    env: { INLET_HEARTBEAT_INTERVALL: '2s' },
    problems: [
      'environment INLET_HEARTBEAT_INTERVALL: unknown variable (did you mean INLET_HEARTBEAT_INTERVAL?)',
    ],
  },
  // several at once
  {
    name: 'every problem at once, not just the first',
    file: { rtmp: { ports: ['x'] }, log: { level: 'loud' }, liveEvents: [{ name: '' }] },
    env: { INLET_HTTP_PORT: '99999' },
    problems: [
      `${F}: rtmp.ports[0]: expected a port number 0..65535, got "x"`,
      'environment INLET_HTTP_PORT: http.port: expected a port number 0..65535, got "99999"',
      `${F}: log.level: expected one of fatal, error, warn, info, debug, trace, silent, got "loud"`,
      `${F}: liveEvents[0].name: expected a name of 1-32 letters, digits and inner hyphens, got ""`,
    ],
  },
];

describe('config validation of lists and keys', () => {
  for (const c of cases) {
    it(`reports ${c.name}`, () => {
      const expected = c.problems.map((p) => p.replaceAll('{dir}', dir));
      expect(problemsOf(c.file, c.env)).toEqual(expected);
    });
  }

  it('accepts every event type Inlet emits in a webhook eventTypes list', () => {
    expect(problemsOf({ events: { webhooks: [{ url: WH, eventTypes: [...liveEventEventTypes] }] } })).toEqual(
      [],
    );
  });
});
