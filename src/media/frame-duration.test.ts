import { describe, expect, it } from 'vitest';
import type { AacConfig, H264Config } from '../codecs/codec-config.js';
import { nominalFrameDuration } from './frame-duration.js';
import type { Track } from './track.js';

const aac = (sampleRate: number, samplesPerFrame: number): AacConfig => ({
  codec: 'aac',
  kind: 'audio',
  codecString: 'mp4a.40.2',
  audioObjectType: 2,
  sampleRate,
  channelCount: 2,
  channelConfiguration: 2,
  sbrPresent: samplesPerFrame === 2048,
  psPresent: false,
  samplesPerFrame,
  asc: new Uint8Array([0x11, 0x90]),
});

const h264: H264Config = {
  codec: 'h264',
  kind: 'video',
  codecString: 'avc1.64001f',
  width: 1280,
  height: 720,
  nalLengthSize: 4,
  record: new Uint8Array(0),
  profileIdc: 100,
  constraintFlags: 0,
  levelIdc: 31,
  sps: [],
  pps: [],
};

const track = (config: Track['config']): Track => ({
  id: config.kind,
  kind: config.kind,
  name: config.kind,
  timescale: 1000,
  config,
  declaredBitrate: undefined,
  revision: 0,
});

const cases: { name: string; track: Track; frameRate?: number; duration: number | undefined }[] = [
  { name: 'AAC-LC 48 kHz', track: track(aac(48_000, 1024)), duration: 64 / 3 },
  { name: 'AAC-LC 44.1 kHz', track: track(aac(44_100, 1024)), duration: 1024_000 / 44_100 },
  { name: 'HE-AAC 48 kHz output', track: track(aac(48_000, 2048)), duration: 128 / 3 },
  { name: 'audio with no sample rate', track: track(aac(0, 1024)), duration: undefined },
  { name: 'video at 30 fps', track: track(h264), frameRate: 30, duration: 1000 / 30 },
  { name: 'video at 29.97 fps', track: track(h264), frameRate: 30_000 / 1001, duration: 1001 / 30 },
  { name: 'video without a frame rate', track: track(h264), duration: undefined },
  { name: 'video with frame rate 0', track: track(h264), frameRate: 0, duration: undefined },
];

describe('nominalFrameDuration', () => {
  for (const c of cases) {
    it(c.name, () => {
      const duration = nominalFrameDuration(c.track, c.frameRate);
      if (c.duration === undefined) {
        expect(duration).toBeUndefined();
      } else {
        expect(duration).toBeCloseTo(c.duration, 9);
      }
    });
  }
});
