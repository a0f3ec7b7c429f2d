import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startArmTestServer,
  TEST_API_TOKEN,
  type ArmTestServer,
} from '../../api/test-support/arm-test-server.js';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
/** tsx's loader by absolute URL: the CLI runs with a temp directory as cwd, where `tsx` would not resolve. */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const BIN = fileURLToPath(new URL('../../../bin/inlet.js', import.meta.url));

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI as a child process, the way `npx inlet` runs it (through tsx instead of dist). */
function run(
  args: readonly string[],
  env: Record<string, string> = {},
  script: readonly string[] = ['--import', TSX, MAIN],
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...script, ...args], {
      env: { PATH: process.env['PATH'] ?? '', ...env },
      cwd: tmpdir(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A port nothing listens on: bound, read, released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('inlet CLI against a live server', () => {
  let srv: ArmTestServer;
  let local: string[];
  beforeAll(async () => {
    srv = await startArmTestServer();
    // A local server's data directory holds the API token and the CA: --data-dir is all the CLI needs.
    writeFileSync(join(srv.dataDir, 'api-token'), `${TEST_API_TOKEN}\n`);
    local = ['--url', srv.url, '--data-dir', srv.dataDir];
  });
  afterAll(async () => {
    await srv.close();
  });

  it('creates a live event and prints its ingest URL, OBS settings and preview', async () => {
    const r = await run([
      'live-event',
      'create',
      'studio',
      '--auto-start',
      '--allow',
      '10.0.0.0/8',
      '--allow',
      '127.0.0.1',
      ...local,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const token = srv.manager.get('studio')?.input.accessToken ?? '';
    expect(token).not.toBe('');
    expect(r.stdout).toContain("Live event 'studio': Running");
    expect(r.stdout).toContain(`rtmp://ingest.example.test:1935/live/${token}`);
    expect(r.stdout).toContain(`Server:     rtmp://ingest.example.test:1935/live/${token}`);
    expect(r.stdout).toContain(`rtmps://ingest.example.test:2935/live/${token}`);
    expect(r.stdout).toContain('https://ingest.example.test:8443/preview/studio/index.m3u8');
    expect(srv.manager.catalog.get('studio')?.allow.allows('10.2.3.4')).toBe(true);
    expect(srv.manager.catalog.get('studio')?.allow.allows('192.0.2.1')).toBe(false);
  });

  it('lists and shows live events', async () => {
    const list = await run(['live-event', 'list', ...local]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(
      /^NAME\s+STATE\s+INGEST\nstudio\s+Running\s+rtmp:\/\/ingest\.example\.test:1935\/live\//,
    );
    const show = await run(['live-event', 'show', 'STUDIO', ...local]);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain(`/live/${srv.manager.get('studio')?.input.accessToken ?? '?'}`);
    const json = await run(['live-event', 'show', 'studio', '--json', ...local]);
    expect(JSON.parse(json.stdout)).toMatchObject({
      name: 'studio',
      properties: { resourceState: 'Running' },
    });
  });

  it('creates and deletes a live output, stops and deletes the live event (token and CA from the environment)', async () => {
    const env = {
      INLET_URL: srv.url,
      INLET_API_TOKEN: TEST_API_TOKEN,
      INLET_DATA_DIR: join(srv.dataDir, 'nothing-here'),
    };
    const ca = join(mkdtempSync(join(tmpdir(), 'inlet-cli-ca-')), 'ca.pem');
    writeFileSync(ca, srv.ca);
    const created = await run(
      ['live-output', 'create', 'studio', 'archive1', '--asset', 'show-2024', '--window', 'PT2H', '--ca', ca],
      env,
    );
    expect(created.stderr).toBe('');
    expect(created.stdout).toBe(
      "Live output 'archive1' of 'studio': Running, archiving to asset 'show-2024' (window PT2H)\n",
    );
    const stop = await run(['live-event', 'stop', 'studio', '--ca', ca], env);
    expect(stop.code).toBe(1);
    expect(stop.stderr).toMatch(/^inlet: InvalidState: .*removeOutputsOnStop/);
    const deleted = await run(['live-output', 'delete', 'studio', 'archive1', '--ca', ca], env);
    expect(deleted.code).toBe(0);
    expect(srv.runtime.callsOf('stopOutput')).toEqual(['studio/archive1']);
    expect((await run(['live-event', 'stop', 'studio', '--ca', ca], env)).stdout).toContain(
      "Live event 'studio': Stopped",
    );
    const gone = await run(['live-event', 'delete', 'studio', '--ca', ca], env);
    expect(gone.stdout).toBe("Live event 'studio' deleted.\n");
    expect(srv.manager.get('studio')).toBeUndefined();
  });

  it('creates, shows and deletes assets and locators, and starts and stops the streaming endpoint', async () => {
    const asset = await run(['asset', 'create', 'talk', '--description', 'keynote', ...local]);
    expect([asset.code, asset.stderr]).toEqual([0, '']);
    expect(asset.stdout).toMatch(
      /^Asset 'talk' \([0-9a-f-]{36}\), container 'talk'\n  keynote\n  No streaming locators/,
    );
    const created = await run(['locator', 'create', 'talk-web', '--asset', 'talk', ...local]);
    expect([created.code, created.stderr]).toEqual([0, '']);
    const id = srv.delivery.locators.get('talk-web')?.streamingLocatorId ?? '?';
    expect(created.stdout).toContain(
      `Streaming locator 'talk-web' (${id}): asset 'talk', policy Predefined_ClearStreamingOnly`,
    );
    // The default endpoint starts Stopped, as in AMS; the asset has no media yet.
    expect(created.stdout).toContain("Streaming endpoint 'default' is Stopped");
    expect(created.stdout).toContain('No playback URLs yet: the asset has no media.');
    const start = await run(['streaming-endpoint', 'start', ...local]);
    expect([start.code, start.stderr]).toEqual([0, '']);
    expect(start.stdout).toMatch(/^NAME\s+STATE\s+HOST\ndefault\s+Running\s+localhost:8443\n$/);
    const shown = await run(['locator', 'show', 'talk-web', ...local]);
    expect(shown.stdout).not.toContain('is Stopped');
    expect((await run(['locator', 'list', ...local])).stdout).toMatch(
      new RegExp(`\\ntalk-web\\s+talk\\s+Predefined_ClearStreamingOnly\\s+${id}\\n`),
    );
    expect((await run(['asset', 'show', 'talk', ...local])).stdout).toContain(
      `Streaming locators: talk-web (${id})`,
    );
    const drm = await run([
      'locator',
      'create',
      'x',
      '--asset',
      'talk',
      '--policy',
      'Predefined_ClearKey',
      ...local,
    ]);
    expect(drm.code).toBe(1);
    expect(drm.stderr).toMatch(/^inlet: UnsupportedFeature: /);
    expect((await run(['streaming-endpoint', 'stop', ...local])).stdout).toMatch(/default\s+Stopped/);
    const gone = await run(['asset', 'delete', 'talk', ...local]);
    expect(gone.stdout).toBe("Asset 'talk' deleted, with its files and streaming locators.\n");
    expect((await run(['locator', 'list', ...local])).stdout).toContain('No streaming locators.');
    expect((await run(['locator', 'delete', 'talk-web', ...local])).stdout).toBe(
      "Streaming locator 'talk-web' did not exist.\n",
    );
    const usage = await run(['locator', 'create', 'y', ...local]);
    expect([usage.code, usage.stderr]).toEqual([
      2,
      'inlet: locator create needs --asset NAME (the asset to publish)\n',
    ]);
  });

  it('explains what is wrong: server not running, wrong token, untrusted certificate, bad usage', async () => {
    const down = await run([
      'live-event',
      'list',
      '--url',
      `https://127.0.0.1:${await closedPort()}`,
      '--data-dir',
      srv.dataDir,
    ]);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/connection refused\): is Inlet running\? start it with npm start/);
    const wrong = await run([
      'live-event',
      'list',
      '--url',
      srv.url,
      '--data-dir',
      srv.dataDir,
      '--token',
      'nope',
    ]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/API token from --token was refused/);
    const untrusted = await run([
      'live-event',
      'list',
      '--url',
      srv.url,
      '--token',
      TEST_API_TOKEN,
      '--data-dir',
      tmpdir(),
    ]);
    expect(untrusted.code).toBe(1);
    expect(untrusted.stderr).toMatch(/is not trusted .*--ca <dataDir>\/tls\/ca\.pem/);
    const usage = await run(['live-output', 'create', 'x', 'y', ...local]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/needs --asset/);
    expect((await run(['--bogus'])).code).toBe(2);
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('inlet live-output create <event> <output> --asset NAME');
  });

  it('bin/inlet.js asks for a build when dist is missing', async () => {
    const root = mkdtempSync(join(tmpdir(), 'inlet-bin-'));
    mkdirSync(join(root, 'bin'));
    copyFileSync(BIN, join(root, 'bin', 'inlet.js'));
    writeFileSync(join(root, 'package.json'), '{"type":"module"}');
    const r = await run(['live-event', 'list'], {}, [join(root, 'bin', 'inlet.js')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('run npm run build first');
  });
});
