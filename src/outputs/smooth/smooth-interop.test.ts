import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { avcFixture } from '../../../test/support/fixtures.js';
import { ffprobePath } from '../../../test/support/media-tools.js';
import { parseAvcc } from '../../codecs/h264/avcc.js';
import { concatChunks } from '../../formats/fmp4/box.js';
import { parseTfrf } from '../../formats/fmp4/boxes/tfrf.js';
import { parseTfxd, TFXD_EXTENDED_TYPE } from '../../formats/fmp4/boxes/tfxd.js';
import { hasExtendedType } from '../../formats/fmp4/boxes/uuid-box.js';
import { childBoxes, type BoxRange } from '../../formats/fmp4/reader/box-range.js';
import { readInitSegment } from '../../formats/fmp4/reader/read-init-segment.js';
import { readMediaSegment } from '../../formats/fmp4/reader/read-media-segment.js';
import { ffprobePackets } from '../../formats/fmp4/test-support/probe-tools.js';
import { upperHexOf } from '../../lib/bytes/test-support/hex.js';
import { readFlvMedia } from '../../packager/test-support/flv-media.js';
import { PackagerPipeline } from '../../packager/test-support/packager-pipeline.js';
import type { PresentationWindow } from '../../packager/rendition-window.js';
import { childElements, parseXmlTree } from '../test-support/xml-tree.js';
import { readSampleEntryConfig } from './sample-entry-config.js';
import { readSmoothCodecData } from './smooth-codec-data.js';
import { buildSmoothFragment } from './smooth-fragment.js';
import { buildSmoothManifest } from './smooth-manifest.js';
import { parseSmoothFragmentPath } from './smooth-path.js';
import {
  LOOKAHEAD_FRAGMENT_COUNT,
  manifestFragments,
  type SmoothCodecTable,
  type SmoothPresentation,
  smoothPresentation,
} from './smooth-presentation.js';
import { resolveSmoothFragment } from './smooth-resolve.js';
import { DashMssPlayer } from './test-support/dashjs-mss.js';

/**
 * Real media end to end: an ffmpeg FLV (H.264 with B-frames + AAC) through the real timeline, fragmenter
 * and CMAF packager; the Smooth manifest and fragments made from what the packager stored; then
 * - our own readers check that every fragment holds exactly the segment's samples, `tfxd` and `tfrf`;
 * - ffprobe decodes the CMAF init segment followed by the fragments. ffmpeg has no Smooth Streaming
 *   demuxer, so this checks the fragments as fragmented MP4, not the manifest;
 * - dash.js's own Smooth code reads the manifest, builds its init segment from the manifest alone,
 *   rewrites the fragments as it does before buffering them, and ffprobe decodes that result too.
 */

const dir = mkdtempSync(join(tmpdir(), 'inlet-smooth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  readonly p: PackagerPipeline;
  readonly window: PresentationWindow;
  readonly codecs: SmoothCodecTable;
  readonly smooth: SmoothPresentation;
  readonly manifest: string;
}

async function packageFixture(lowLatency: boolean, ended: boolean): Promise<Run> {
  const file = await avcFixture({ seconds: 8, gopSeconds: 2, fps: 30 });
  const media = readFlvMedia(new Uint8Array(readFileSync(file)));
  const { video, audio } = media;
  const p = new PackagerPipeline({
    ...(video === undefined ? {} : { video }),
    ...(audio === undefined ? {} : { audio }),
    fps: media.frameRate ?? 30,
    packager: { lowLatency },
  });
  p.push(media.units);
  p.end(ended);
  const window = p.packager.presentation();
  const codecs: Record<string, ReturnType<typeof readSmoothCodecData>> = {};
  for (const r of window.renditions) {
    codecs[r.id] = readSmoothCodecData(p.packager.init(r.id, r.initVersion) ?? new Uint8Array());
  }
  return {
    p,
    window,
    codecs,
    smooth: smoothPresentation(window, codecs),
    manifest: buildSmoothManifest(window, codecs),
  };
}

/** The fragment the HTTP layer would answer for `url` (a filled-in `Url` template). */
function fragmentFor(run: Run, url: string, headerOnly = false) {
  const path = parseSmoothFragmentPath(url);
  const target = path && resolveSmoothFragment(run.smooth, path);
  if (target === undefined) {
    throw new Error(`${url} resolves to nothing`);
  }
  const segment = run.p.packager.segment(target.renditionId, target.segment.sequence);
  if (segment === undefined) {
    throw new Error(`segment ${target.segment.sequence} of ${target.renditionId} is not stored`);
  }
  const init = run.p.packager.init(target.renditionId, target.segment.initVersion);
  const fragment = buildSmoothFragment({
    segment,
    init,
    lookahead: target.lookahead,
    startTime: target.segment.startTime,
    headerOnly,
  });
  return { target, segment, fragment };
}

function urlOf(template: string, bitrate: number, time: number): string {
  return template.replace('{bitrate}', String(bitrate)).replace('{start time}', String(time));
}

function countFrames(bytes: Uint8Array, name: string): number {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  const out = execFileSync(
    ffprobePath(),
    [
      '-v',
      'error',
      '-count_frames',
      '-select_streams',
      '0',
      '-show_entries',
      'stream=nb_read_frames',
      '-of',
      'json',
      file,
    ],
    { encoding: 'utf8' },
  );
  return Number((JSON.parse(out) as { streams: { nb_read_frames: string }[] }).streams[0]?.nb_read_frames);
}

describe.each([
  [false, true],
  [true, true],
  [true, false],
])('Smooth from real CMAF (low latency %s, ended %s)', (lowLatency, ended) => {
  let run: Run;
  const tag = `${lowLatency ? 'll' : 'plain'}-${ended ? 'ended' : 'live'}`;

  beforeAll(async () => {
    run = await packageFixture(lowLatency, ended);
  });

  it('lists one video and one audio stream with every stored segment', () => {
    expect(run.smooth.live).toBe(!ended);
    expect(run.smooth.streams.map((s) => [s.type, s.name, s.timescale])).toEqual([
      ['video', 'video', 90_000],
      ['audio', 'audio', 48_000],
    ]);
    for (const s of run.smooth.streams) {
      const id = s.qualityLevels[0]?.renditionId ?? '';
      expect(s.fragments).toEqual(
        run.p.published(id).map(({ segment }) => ({ time: segment.startTime, duration: segment.duration })),
      );
      // Segments of several CMAF chunks (parts with low latency), each becoming one Smooth fragment.
      expect(run.p.published(id).some(({ segment }) => segment.parts.length > 1)).toBe(true);
    }
  });

  it('fragments hold exactly the CMAF samples, with tfxd and tfrf', () => {
    for (const s of run.smooth.streams) {
      const q = s.qualityLevels[0];
      const template = `QualityLevels({bitrate})/Fragments(${s.name}={start time})`;
      s.fragments.forEach((entry, i) => {
        const { target, segment, fragment } = fragmentFor(run, urlOf(template, q?.bitrate ?? 0, entry.time));
        const cmaf = readMediaSegment(concatChunks(segment)).movieFragments.flatMap((f) =>
          f.tracks.flatMap((t) => t.samples),
        );
        const bytes = concatChunks(fragment.chunks);
        const read = readMediaSegment(bytes);
        expect(read.boxes.map((b) => b.type)).toEqual(['moof', 'mdat']);
        const track = read.movieFragments[0]?.tracks[0];
        expect(track?.baseMediaDecodeTime).toBe(entry.time);
        const fields = (x: readonly (typeof cmaf)[number][]) =>
          x.map((v) => [v.duration, v.size, v.flags, v.compositionOffset]);
        expect(fields(track?.samples ?? [])).toEqual(fields(cmaf));
        expect(
          Buffer.compare(
            concatChunks((track?.samples ?? []).map((v) => v.data)),
            concatChunks(cmaf.map((v) => v.data)),
          ),
        ).toBe(0);
        expect(fragment.duration).toBe(target.segment.duration);
        const moof = read.movieFragments[0]?.moof as BoxRange;
        const traf = childBoxes(bytes, moof).find((b) => b.type === 'traf') as BoxRange;
        const uuids = childBoxes(bytes, traf).filter((b) => b.type === 'uuid');
        const tfxd = uuids.find((b) => hasExtendedType(bytes, b, TFXD_EXTENDED_TYPE)) as BoxRange;
        const tfrf = uuids.find((b) => b !== tfxd) as BoxRange;
        expect(parseTfxd(bytes, tfxd)).toEqual({
          fragmentAbsoluteTime: entry.time,
          fragmentDuration: entry.duration,
        });
        expect(parseTfrf(bytes, tfrf)).toEqual(
          s.fragments
            .slice(i + 1, i + 3)
            .map((c) => ({ fragmentAbsoluteTime: c.time, fragmentDuration: c.duration })),
        );
      });
    }
  });

  it('ffprobe decodes the CMAF init segment followed by the fragments, every frame', () => {
    for (const s of run.smooth.streams) {
      const q = s.qualityLevels[0];
      const id = q?.renditionId ?? '';
      const init = run.p.packager.init(id, 0) ?? new Uint8Array();
      const fragments = s.fragments.map(
        (c) => fragmentFor(run, `QualityLevels(${q?.bitrate})/Fragments(${s.name}=${c.time})`).fragment,
      );
      const frames = countFrames(
        concatChunks([init, ...fragments.flatMap((f) => f.chunks)]),
        `${tag}-${s.name}.mp4`,
      );
      expect(frames).toBe(run.p.released.get(id)?.length);
    }
  });

  it('dash.js reads the manifest: codecs, bitrates, sizes, timelines and fragment URLs', () => {
    const player = new DashMssPlayer();
    const manifest = player.parse(run.manifest);
    expect(manifest.protocol).toBe('MSS');
    expect(manifest.type).toBe(ended ? 'static' : 'dynamic');
    const sets = manifest.Period[0].AdaptationSet;
    expect(sets.map((a) => [a.id, a.contentType, a.lang])).toEqual([
      ['video', 'video', 'und'],
      ['audio', 'audio', 'eng'],
    ]);
    sets.forEach((set, i) => {
      const stream = run.smooth.streams[i];
      const window = run.window.renditions.find((r) => r.id === stream?.qualityLevels[0]?.renditionId);
      const rep = set.Representation[0];
      expect(rep?.codecs.toLowerCase()).toBe(window?.codecString);
      expect(rep?.bandwidth).toBe(stream?.qualityLevels[0]?.bitrate);
      expect(set.SegmentTemplate.timescale).toBe(window?.timescale);
      // dash.js moves an on-demand timeline to start at 0 and keeps the manifest time for the URLs.
      const times = set.SegmentTemplate.SegmentTimeline.S.map((x) => [Number(x.tManifest ?? x.t), x.d]);
      expect(times).toEqual(stream && manifestFragments(run.smooth, stream).map((c) => [c.time, c.duration]));
      for (const x of set.SegmentTemplate.SegmentTimeline.S) {
        const url = set.SegmentTemplate.media
          .replace('$Bandwidth$', String(rep?.bandwidth))
          .replace('$Time$', x.tManifest ?? String(x.t));
        expect(fragmentFor(run, url).target.renditionId).toBe(window?.id);
      }
      if (set.contentType === 'video') {
        expect([rep?.width, rep?.height]).toEqual([320, 240]);
      } else {
        expect([rep?.audioSamplingRate, rep?.audioChannels]).toEqual([48_000, 2]);
      }
    });
    expect(player.errors).toEqual([]);
  });

  it('the XML carries what MssParser reads, and CodecPrivateData is the avcC parameter sets', () => {
    const root = parseXmlTree(run.manifest);
    const [video, audio] = childElements(root, 'StreamIndex');
    const level = video && childElements(video, 'QualityLevel')[0];
    expect(Object.keys(video?.attributes ?? {})).toEqual(
      expect.arrayContaining(['Type', 'Name', 'Url', 'TimeScale', 'MaxWidth', 'MaxHeight']),
    );
    expect(Object.keys(level?.attributes ?? {})).toEqual([
      'Index',
      'Bitrate',
      'FourCC',
      'MaxWidth',
      'MaxHeight',
      'CodecPrivateData',
    ]);
    const init = readInitSegment(run.p.packager.init('video', 0) ?? new Uint8Array());
    const entry = readSampleEntryConfig(init.tracks[0]?.sampleEntries[0] ?? new Uint8Array());
    const avc = entry.kind === 'avc' ? parseAvcc(entry.record) : undefined;
    const units = (level?.attributes['CodecPrivateData'] ?? '').split('00000001').slice(1);
    expect(units).toEqual([...(avc?.sps ?? []), ...(avc?.pps ?? [])].map(upperHexOf));
    const audioLevel = audio && childElements(audio, 'QualityLevel')[0];
    expect(audioLevel?.attributes).toMatchObject({
      FourCC: 'AACL',
      SamplingRate: '48000',
      Channels: '2',
      AudioTag: '255',
    });
    expect(childElements(video as never, 'c').every((c) => c.attributes['d'] !== undefined)).toBe(true);
  });

  it('what dash.js builds from the manifest and our fragments decodes, frame for frame', () => {
    const player = new DashMssPlayer();
    const manifest = player.parse(run.manifest);
    manifest.Period[0].AdaptationSet.forEach((set, i) => {
      const stream = run.smooth.streams[i];
      const q = stream?.qualityLevels[0];
      const init = player.init(i, 0);
      // Live, the timeline grows by the tfrf of each fragment converted, up to the newest fragment.
      const timeline = set.SegmentTemplate.SegmentTimeline.S;
      const converted: Uint8Array[] = [];
      for (let k = 0; k < timeline.length; k++) {
        const x = timeline[k]!;
        const url = set.SegmentTemplate.media
          .replace('$Bandwidth$', String(q?.bitrate))
          .replace('$Time$', x.tManifest ?? String(x.t));
        converted.push(player.convert(i, 0, x, concatChunks(fragmentFor(run, url).fragment.chunks)));
      }
      expect(timeline).toHaveLength(stream?.fragments.length ?? -1);
      const bytes = concatChunks([init, ...converted]);
      expect(countFrames(bytes, `${tag}-dashjs-${set.id}.mp4`)).toBe(
        run.p.released.get(q?.renditionId ?? '')?.length,
      );
      // Same packets, at the same times, as the CMAF init segment with our fragments.
      const ours = concatChunks([
        run.p.packager.init(q?.renditionId ?? '', 0) ?? new Uint8Array(),
        ...(stream?.fragments ?? []).flatMap(
          (c) =>
            fragmentFor(run, `QualityLevels(${q?.bitrate})/Fragments(${stream?.name}=${c.time})`).fragment
              .chunks,
        ),
      ]);
      writeFileSync(join(dir, `${tag}-ours-${set.id}.mp4`), ours);
      const pick = (file: string) =>
        ffprobePackets(join(dir, file)).map((x) => [x.pts, x.dts, x.size, x.keyframe]);
      expect(pick(`${tag}-dashjs-${set.id}.mp4`)).toEqual(pick(`${tag}-ours-${set.id}.mp4`));
    });
    expect(player.errors).toEqual([]);
  });
});

describe('a live Smooth session in dash.js', () => {
  let run: Run;
  beforeAll(async () => {
    run = await packageFixture(false, false);
  });

  it('learns the fragments after its manifest from tfrf, and FragmentInfo carries the same', () => {
    // The live manifest leaves out the newest fragments; the player learns them from tfrf.
    const player = new DashMssPlayer();
    const manifest = player.parse(buildSmoothManifest(run.window, run.codecs));
    const set = manifest.Period[0].AdaptationSet[0];
    const timeline = set?.SegmentTemplate.SegmentTimeline.S ?? [];
    const listed = timeline.length;
    expect(listed).toBe((run.smooth.streams[0]?.fragments.length ?? 0) - LOOKAHEAD_FRAGMENT_COUNT);
    const last = timeline.at(-1) as { t: number; d: number };
    const url = `QualityLevels(${set?.Representation[0]?.bandwidth})/Fragments(video=${last.t})`;
    player.convert(0, 0, last, concatChunks(fragmentFor(run, url).fragment.chunks));
    const all = run.smooth.streams[0]?.fragments ?? [];
    expect(timeline.length).toBe(listed + 1);
    expect(timeline.at(-1)).toMatchObject({ t: all[listed]?.time, d: all[listed]?.duration });
    expect(player.errors).toEqual([]);
    const info = fragmentFor(run, url.replace('/Fragments(', '/FragmentInfo('), true).fragment;
    const full = fragmentFor(run, url).fragment;
    expect(info.chunks).toHaveLength(1);
    expect(
      Buffer.from(concatChunks(full.chunks).subarray(0, info.byteLength)).equals(
        Buffer.from(info.chunks[0] ?? []),
      ),
    ).toBe(true);
  });

  it('reports MSS_NO_TFRF for a live fragment without tfrf, so every live fragment carries one', () => {
    const player = new DashMssPlayer();
    const manifest = player.parse(run.manifest);
    const first = manifest.Period[0].AdaptationSet[0]?.SegmentTemplate.SegmentTimeline.S[0] as {
      t: number;
      d: number;
    };
    const { target, segment } = fragmentFor(run, `QualityLevels(1)/Fragments(video=${first.t})`);
    const bare = buildSmoothFragment({ segment, startTime: target.segment.startTime });
    player.convert(0, 0, first, concatChunks(bare.chunks));
    expect(player.errors.map((e) => e.message)).toEqual([expect.stringMatching(/tfrf/i)]);
  });
});
