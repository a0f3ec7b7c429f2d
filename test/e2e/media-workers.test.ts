import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PooledRuntime } from '../../src/app/workers/pooled-runtime.js';
import { avcFixture } from '../support/fixtures.js';
import { parseMediaPlaylist, variantUris } from '../support/hls-playlist.js';
import { startInlet, type InletHarness } from '../support/inlet-harness.js';
import { ffmpegPath } from '../support/media-tools.js';
import { startProcess } from '../support/run-process.js';

const ALPHA = '7c1f0e2a-55aa-4b0c-8d1e-000000000a01';
const BETA = '7c1f0e2a-55aa-4b0c-8d1e-000000000b02';

/**
 * Inlet with two media worker processes: live events are spread over them, ffmpeg connections on the one
 * RTMP and RTMPS ports reach the worker owning their live event, previews are served from it through the
 * main process, events reach the main process's log, and a worker killed mid-stream comes back while the
 * other worker's stream goes on untouched.
 */
describe.sequential('media workers, end to end (ffmpeg → main process → worker → preview)', () => {
  let h: InletHarness;
  let fixture: string;
  const pushes: ReturnType<typeof startProcess>[] = [];

  beforeAll(async () => {
    fixture = await avcFixture({ seconds: 4, gopSeconds: 1 });
    h = await startInlet({
      // Worker processes log through the configured logger: as quiet as the test's own.
      env: { INLET_WORKERS: '2', INLET_LOG_LEVEL: process.env['INLET_TEST_LOG'] ?? 'silent' },
      configFile: {
        liveEvents: [
          { name: 'alpha', accessToken: ALPHA, autoStart: true },
          { name: 'beta', accessToken: BETA, autoStart: true },
        ],
      },
    });
  }, 60_000);

  afterAll(async () => {
    for (const p of pushes) {
      p.child.kill('SIGKILL');
    }
    await h?.close();
  });

  const push = (target: string[]): void => {
    pushes.push(
      startProcess(
        ffmpegPath(),
        [
          '-hide_banner',
          '-loglevel',
          'error',
          '-re',
          '-stream_loop',
          '-1',
          '-i',
          fixture,
          '-c',
          'copy',
          '-f',
          'flv',
          ...target,
        ],
        120_000,
      ),
    );
  };
  const runtime = (): PooledRuntime => h.app.runtime as PooledRuntime;
  const events = (type: string, subject: string): number =>
    h.loggedEvents().filter((e) => e.eventType === `Microsoft.Media.${type}` && e.subject === subject).length;
  /** The newest media sequence number of the preview's first variant, or -1 while there is none. */
  const lastSegment = async (name: string): Promise<number> => {
    const top = await fetch(h.http(`/preview/${name}/index.m3u8`));
    if (top.status !== 200) {
      return -1;
    }
    const variant = variantUris(await top.text())[0];
    if (variant === undefined) {
      return -1;
    }
    const media = await fetch(h.http(`/preview/${name}/${variant}`));
    if (media.status !== 200) {
      return -1;
    }
    const playlist = parseMediaPlaylist(await media.text());
    return playlist.mediaSequence + playlist.segments.length - 1;
  };

  it('gives each live event its own worker and carries RTMP (token in the app) and RTMPS (token in the stream name) there', async () => {
    expect(h.app.workers?.pids()).toHaveLength(2);
    expect(runtime().ownerOf('alpha')).not.toBe(runtime().ownerOf('beta'));
    push([`${h.ingestUrl('alpha', 'rtmp-primary')}/cam`]);
    push([
      '-tls_verify',
      '0',
      '-rtmp_app',
      'live',
      '-rtmp_playpath',
      `${BETA}/cam`,
      `rtmps://127.0.0.1:${h.port('rtmps-primary')}/live`,
    ]);
    await h.until(
      () =>
        events('LiveEventEncoderConnected', 'liveEvent/alpha') === 1 &&
        events('LiveEventEncoderConnected', 'liveEvent/beta') === 1,
      20_000,
      'both encoders connected',
    );
    await h.until(
      async () => (await lastSegment('alpha')) >= 1 && (await lastSegment('beta')) >= 1,
      20_000,
      'both previews with segments',
    );
    await h.until(
      () => events('LiveEventIngestHeartbeat', 'liveEvent/beta') > 0,
      10_000,
      'a heartbeat from a worker',
    );
    // The dashboard and /healthz see the workers' sessions.
    await h.until(
      async () => ((await (await fetch(h.http('/healthz'))).json()) as { sessions: number }).sessions === 2,
      5_000,
      'two sessions in /healthz',
    );
    const init = await fetch(h.http(`/preview/alpha/index.mpd`));
    expect(init.status).toBe(200);
    expect(await init.text()).toContain('<MPD');
  }, 60_000);

  it('starts a killed worker again; its live event comes back for a reconnecting encoder, the other stream goes on', async () => {
    const pool = h.app.workers!;
    const alphaWorker = runtime().ownerOf('alpha')!;
    const pid = pool.pids()[alphaWorker]!;
    const betaBefore = await lastSegment('beta');
    process.kill(pid, 'SIGKILL');
    await h.until(
      () => pool.restarts(alphaWorker) === 1 && pool.httpPort(alphaWorker) !== undefined,
      20_000,
      'worker started again',
    );
    // Beta's worker never noticed: its stream kept its encoder and its segments kept coming.
    await h.until(async () => (await lastSegment('beta')) >= betaBefore + 2, 15_000, 'beta advancing');
    expect(events('LiveEventEncoderDisconnected', 'liveEvent/beta')).toBe(0);
    // Alpha runs again in the new worker; a new ffmpeg (the old one lost its connection) publishes to it.
    await h.until(
      async () => (await fetch(h.http('/preview/alpha/index.m3u8'))).status !== 503,
      10_000,
      'alpha served',
    );
    push([`${h.ingestUrl('alpha', 'rtmp-primary')}/cam`]);
    await h.until(
      () => events('LiveEventEncoderConnected', 'liveEvent/alpha') === 2,
      20_000,
      'alpha reconnected',
    );
    await h.until(async () => (await lastSegment('alpha')) >= 1, 20_000, 'alpha preview again');
  }, 90_000);
});
