import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeAmf0 } from '../amf0/amf0-decoder.js';
import { encodeAmf0 } from '../amf0/amf0-encoder.js';
import { Amf0EcmaArray, Amf0TypedObject, type Amf0Value } from '../amf0/amf0-value.js';
import { readStreamMetadata, type StreamMetadata } from './stream-metadata.js';

const none: StreamMetadata = {
  width: undefined,
  height: undefined,
  frameRate: undefined,
  videoDataRate: undefined,
  audioDataRate: undefined,
  videoCodecId: undefined,
  audioCodecId: undefined,
  audioSampleRate: undefined,
  audioChannels: undefined,
  stereo: undefined,
  encoder: undefined,
};

const obs = {
  duration: 0,
  fileSize: 0,
  width: 1920,
  height: 1080,
  videocodecid: 7,
  videodatarate: 6000,
  framerate: 30,
  audiocodecid: 10,
  audiodatarate: 160,
  audiosamplerate: 48000,
  audiosamplesize: 16,
  audiochannels: 2,
  stereo: true,
  '2.1': false,
  '3.1': false,
  '4.0': false,
  '4.1': false,
  '5.1': false,
  '7.1': false,
  encoder: 'obs-output module (libobs version 30.0.2)',
};

/** 'hvc1' packed as the UI32 FourCC that Enhanced RTMP encoders put in `videocodecid`. */
const HVC1_NUMBER = 0x68766331;

/** One table: AMF0 bytes of the data message → metadata (encoded with `encodeAmf0`, decoded back). */
const cases: { name: string; values: Amf0Value[]; value: StreamMetadata | undefined }[] = [
  {
    name: 'OBS @setDataFrame with an ECMA array',
    values: ['@setDataFrame', 'onMetaData', new Amf0EcmaArray(obs)],
    value: {
      width: 1920,
      height: 1080,
      frameRate: 30,
      videoDataRate: 6000,
      audioDataRate: 160,
      videoCodecId: 7,
      audioCodecId: 10,
      audioSampleRate: 48000,
      audioChannels: 2,
      stereo: true,
      encoder: 'obs-output module (libobs version 30.0.2)',
    },
  },
  {
    name: 'FLV file onMetaData object, videoframerate, E-RTMP numeric FourCCs, stereo false',
    values: [
      'onMetaData',
      {
        width: 640,
        height: 360,
        videoframerate: 25,
        videocodecid: HVC1_NUMBER,
        audiocodecid: 0x6d703461,
        stereo: false,
      },
    ],
    value: {
      ...none,
      width: 640,
      height: 360,
      frameRate: 25,
      videoCodecId: 'hvc1',
      audioCodecId: 'mp4a',
      audioChannels: 1,
      stereo: false,
    },
  },
  {
    name: 'FourCC strings and numeric strings',
    values: ['onMetaData', { videocodecid: 'hvc1', framerate: '29.97', width: '1280' }],
    value: { ...none, videoCodecId: 'hvc1', frameRate: 29.97, width: 1280 },
  },
  {
    name: 'garbage values become undefined',
    values: [
      'onMetaData',
      {
        width: -1,
        height: 'tall',
        framerate: null,
        videodatarate: Number.POSITIVE_INFINITY,
        audiodatarate: true,
        videocodecid: 1.5,
        audiocodecid: -3,
        audiosamplerate: [48000],
        audiochannels: 0,
        stereo: 'yes',
        encoder: 42,
      },
    ],
    value: none,
  },
  {
    name: 'a numeric codec id with unprintable bytes stays a number',
    values: ['onMetaData', { videocodecid: 0x01020304 }],
    value: { ...none, videoCodecId: 0x01020304 },
  },
  {
    name: 'typed object',
    values: ['onMetaData', new Amf0TypedObject('Meta', { width: 320 })],
    value: { ...none, width: 320 },
  },
  { name: 'onMetaData without an object', values: ['onMetaData'], value: none },
  { name: 'onMetaData with a string', values: ['onMetaData', 'x'], value: none },
  { name: 'not onMetaData', values: ['@setDataFrame', 'onTextData', { text: 'hi' }], value: undefined },
  { name: 'empty message', values: [], value: undefined },
];

describe('readStreamMetadata', () => {
  for (const c of cases) {
    it(`reads ${c.name}`, () => {
      expect(readStreamMetadata(decodeAmf0(encodeAmf0(...c.values)))).toEqual(c.value);
    });
  }

  it('ignores inherited keys such as constructor or toString', () => {
    const values = decodeAmf0(encodeAmf0('onMetaData', { encoder: 'x' }));
    expect(readStreamMetadata(values)?.width).toBeUndefined();
    expect(readStreamMetadata(['onMetaData', {}])).toEqual(none);
  });

  it('never throws on arbitrary AMF0 values (property)', () => {
    const leaf = fc.oneof(fc.double(), fc.boolean(), fc.string(), fc.constant(null), fc.constant(undefined));
    const obj = fc.dictionary(
      fc.constantFrom(
        'width',
        'height',
        'framerate',
        'videocodecid',
        'stereo',
        'encoder',
        'audiochannels',
        'x',
      ),
      fc.oneof(leaf, fc.array(leaf, { maxLength: 2 })),
    );
    fc.assert(
      fc.property(fc.boolean(), obj, fc.boolean(), (setDataFrame, o, ecma) => {
        const values: Amf0Value[] = [
          ...(setDataFrame ? ['@setDataFrame'] : []),
          'onMetaData',
          ecma ? new Amf0EcmaArray(o) : o,
        ];
        const m = readStreamMetadata(values);
        expect(m).toBeDefined();
        for (const v of [m?.width, m?.height, m?.frameRate, m?.audioChannels]) {
          expect(v === undefined || (Number.isFinite(v) && v > 0)).toBe(true);
        }
      }),
      { numRuns: 1000, seed: 21 },
    );
  });
});
