import { describe, expect, it } from 'vitest';
import { hexBytes, hexOf, hexText } from '../../lib/bytes/test-support/hex.js';
import { MediaFormatError } from '../../lib/media-format-error.js';
import { readEsdsAudioSpecificConfig } from './esds-descriptors.js';

/** `desc` is a descriptor with a one-byte size: tag, size, body. */
const desc = (tag: string, ...body: string[]): string => {
  const b = hexText(...body);
  return hexText(tag, (b.length / 2).toString(16).padStart(2, '0'), b);
};
/** DecoderConfigDescriptor: objectTypeIndication, streamType 5, bufferSizeDB, max and avg bitrate, then `rest`. */
const dcd = (oti: string, rest: string): string => desc('04', oti, '15 000300 0001f400 0001f400', rest);
const SL = desc('06', '02');

describe('readEsdsAudioSpecificConfig', () => {
  it.each([
    {
      name: 'an ES_Descriptor as the packager writes it',
      esds: hexText('00000000', desc('03', '0000 00', dcd('40', desc('05', '1190')), SL)),
      asc: '1190',
    },
    {
      name: 'sizes in the four-byte expandable form',
      // ES_Descriptor of 3 + 2 + 13 + 7 + 3 = 28 bytes, DecoderSpecificInfo of 2, sizes 0x80 0x80 0x80 n
      esds: hexText(
        '00000000',
        '03 8080801c',
        '0000 00',
        '04 14',
        '40 15 000300 0001f400 0001f400',
        '05 80808002 1190',
        SL,
      ),
      asc: '1190',
    },
    {
      name: 'streamDependence, URL and OCR fields before the DecoderConfigDescriptor',
      // flags 0xe0: dependsOn_ES_ID(2), URLlength 3 + "a.b", OCR_ES_Id(2)
      esds: hexText(
        '00000000',
        desc('03', '0001 e0', '0002', '03 612e62', '0003', dcd('40', desc('05', '1190'))),
      ),
      asc: '1190',
    },
    {
      name: 'MP3 (objectTypeIndication 0x6b): not MPEG-4 audio',
      esds: hexText('00000000', desc('03', '0000 00', dcd('6b', ''), SL)),
      asc: undefined,
    },
  ])('reads $name', ({ esds, asc }) => {
    const got = readEsdsAudioSpecificConfig(hexBytes(esds));
    expect(got && hexOf(got)).toBe(asc);
  });

  it.each([
    ['no ES_Descriptor', hexText('00000000', SL), 'esds-no-es-descriptor'],
    ['no DecoderConfigDescriptor', hexText('00000000', desc('03', '0000 00', SL)), 'esds-no-decoder-config'],
    ['no DecoderSpecificInfo', hexText('00000000', desc('03', '0000 00', dcd('40', ''))), 'esds-no-asc'],
    ['a size of five bytes', hexText('00000000', '03 8080808001 00'), 'esds-bad-size'],
    ['a descriptor cut off', hexText('00000000', '03 30 0000'), 'truncated'],
  ])('rejects %s', (_name, esds, code) => {
    expect(() => readEsdsAudioSpecificConfig(hexBytes(esds))).toThrow(expect.objectContaining({ code }));
    expect(() => readEsdsAudioSpecificConfig(hexBytes(esds))).toThrow(MediaFormatError);
  });
});
