import type { Config } from '../config/config.js';
import type { LiveEventSnapshot } from '../live-events/live-event-catalog.js';
import type { InletAddresses } from './inlet-app.js';

/** `BannerInput` is what the newcomer banner shows. */
export interface BannerInput {
  readonly config: Config;
  readonly addresses: InletAddresses;
  readonly liveEvents: readonly LiveEventSnapshot[];
  readonly createdDefault: boolean;
  readonly generatedApiToken: string | undefined;
}

/**
 * `startupBanner` is the text printed once Inlet runs: for every running live event the OBS settings
 * (Server and Stream key, RTMP and RTMPS), an ffmpeg command, the preview URL; then the REST API
 * address and, when it was just generated, the API token (printed only this once).
 */
export function startupBanner(input: BannerInput): string {
  const { config, addresses } = input;
  const host = config.publicHostname;
  const lines: string[] = ['', 'Inlet is running.', ''];
  const running = input.liveEvents.filter((e) => e.resourceState === 'Running');
  for (const e of running) {
    const rtmp = e.event.ingestEndpoints.find((x) => x.url.startsWith('rtmp://'));
    const rtmps = e.event.ingestEndpoints.find((x) => x.url.startsWith('rtmps://'));
    const preview = e.event.previewEndpoints.find((x) => x.protocol === 'Hls');
    lines.push(
      `Live event "${e.name}"${input.createdDefault && e.name === 'default' ? ' (created now)' : ''}:`,
    );
    if (rtmp !== undefined) {
      lines.push(`  OBS  Settings > Stream > Service: Custom`);
      lines.push(`       Server:     ${rtmp.url}`);
      lines.push(`       Stream Key: stream`);
    }
    if (rtmps !== undefined) {
      lines.push(`  RTMPS Server:   ${rtmps.url}   (trust ${addresses.caPath})`);
    }
    if (rtmp !== undefined) {
      lines.push(
        `  ffmpeg: ffmpeg -re -f lavfi -i testsrc2=size=1280x720:rate=30 -f lavfi -i sine -c:v libx264 -g 60 -c:a aac -f flv ${rtmp.url}/stream`,
      );
    }
    if (preview !== undefined) {
      const httpPreview =
        addresses.http === undefined ? undefined : `http://${host}:${addresses.http}/preview/${e.name}/`;
      lines.push(`  Preview: ${httpPreview ?? preview.url.replace(/index\.m3u8$/, '')}`);
      lines.push(`           HLS ${preview.url}`);
    }
    lines.push('');
  }
  const stopped = input.liveEvents.filter((e) => e.resourceState !== 'Running');
  if (stopped.length > 0) {
    lines.push(`Not running: ${stopped.map((e) => `${e.name} (${e.resourceState})`).join(', ')}`, '');
  }
  if (addresses.https !== undefined) {
    const base = `https://${host}:${addresses.https}/subscriptions/${config.account.subscriptionId}/resourceGroups/${config.account.resourceGroup}/providers/Microsoft.Media/mediaservices/${config.account.name}`;
    lines.push(`REST API (Azure Media Services v3 shape): ${base}/liveEvents?api-version=2022-08-01`);
  }
  if (input.generatedApiToken !== undefined) {
    lines.push(`API token (shown once; also in ${config.dataDir}/api-token): ${input.generatedApiToken}`);
  }
  lines.push(`Events: ws://${host}:${addresses.http ?? ''}/events/ws   Log: ${config.dataDir}/events/`, '');
  return lines.join('\n');
}
