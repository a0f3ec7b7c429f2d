import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { armClient } from '../support/arm-clients.js';
import { avcFixture } from '../support/fixtures.js';
import { replayFlv } from '../support/flv-replay.js';
import { startInlet, type InletHarness } from '../support/inlet-harness.js';

/**
 * `packager.preview: false` turns Inlet into an ingest-only server (admission, health, events): no
 * preview is packaged, until a live output asks to archive a live event.
 */
describe.sequential('ingest only (packager.preview false)', () => {
  let h: InletHarness;
  let fixture: string;

  beforeAll(async () => {
    fixture = await avcFixture({ seconds: 6, gopSeconds: 1 });
    h = await startInlet({
      env: { INLET_PREVIEW: 'false' },
      configFile: { liveEvents: [{ name: 'lean', autoStart: true }] },
    });
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  /** The fixture pushed as fast as it reads to the live event `lean`, stream `cam`, left open. */
  const publishLean = () =>
    replayFlv({ url: h.ingestUrl('lean'), streamName: 'cam', file: fixture, realtime: false, end: 'keep' });

  it('ingests and reports health without packaging a preview', async () => {
    const { publisher } = await publishLean();
    await h.until(
      () =>
        h.loggedEvents().filter((e) => e.eventType === 'Microsoft.Media.LiveEventIncomingStreamReceived')
          .length === 2,
      10_000,
      'first fragments of both tracks',
    );
    await h.until(
      () => h.loggedEvents().some((e) => e.eventType === 'Microsoft.Media.LiveEventIngestHeartbeat'),
      5000,
      'a heartbeat',
    );
    const preview = await fetch(h.http('/preview/lean/index.m3u8'));
    expect(preview.status).toBe(404);
    expect(await preview.text()).toContain('packager.preview is false');
    const packaged = h.app.runtime.preview('lean');
    expect(packaged.kind).toBe('missing');
    await publisher.close();
  }, 30_000);

  it('packages while a live output archives the event', async () => {
    const arm = armClient(h);
    await arm.run('PUT', '/liveEvents/lean/liveOutputs/rec', {
      body: { properties: { assetName: 'lean-rec', archiveWindowLength: 'PT5M' } },
    });
    const run = await publishLean();
    await h.until(
      async () => {
        const r = await fetch(h.http('/assets/lean-rec/cam-video/index.m3u8'));
        return r.status === 200 && (await r.text()).includes('.m4s');
      },
      10_000,
      'archived segments',
    );
    // The preview exists while the archive feeds the packager.
    expect((await fetch(h.http('/preview/lean/cam-video/index.m3u8'))).status).toBe(200);
    await run.publisher.close();
    await arm.run('DELETE', '/liveEvents/lean/liveOutputs/rec');
    const vod = await fetch(h.http('/assets/lean-rec/cam-video/index.m3u8'));
    expect(await vod.text()).toContain('#EXT-X-ENDLIST');
    // Without a live output the event is ingest only again.
    expect((await fetch(h.http('/preview/lean/index.m3u8'))).status).toBe(404);
  }, 60_000);
});
