import { describe, expect, it } from 'vitest';
import { corsPolicyOf } from './cors-policy.js';
import { parseManifestRequest, protocolOf } from './manifest-request.js';

describe('parseManifestRequest', () => {
  it.each([
    ['manifest', 'smooth'],
    ['Manifest', 'smooth'],
    ['manifest(format=m3u8-cmaf)', 'hls-cmaf'],
    ['manifest(format=m3u8-cmaf).m3u8', 'hls-cmaf'],
    ['manifest(format=M3U8-AAPL,audio-only=false)', 'hls-ts'],
    ['manifest(format=m3u8-aapl-v3)', 'hls-ts-v3'],
    ['manifest(format=mpd-time-csf)', 'dash'],
    ['manifest(format=mpd-time-cmaf).mpd', 'dash'],
  ])('%s is %s', (path, format) => {
    expect(parseManifestRequest(path)).toEqual({ ok: true, format });
  });

  it.each([
    ['manifest(format=mp4)', 'unknown format'],
    ['manifest(filter=f1,format=m3u8-cmaf)', 'filters'],
    ['manifest(quality=high)', 'unknown manifest option'],
    ['manifest(audio-only=false)', 'needs format'],
  ])('%s is refused', (path, reason) => {
    expect(parseManifestRequest(path)).toEqual({
      ok: false,
      status: 400,
      reason: expect.stringContaining(reason),
    });
  });

  it('leaves other paths alone and maps formats to policy protocols', () => {
    expect(parseManifestRequest('video/3.m4s')).toBeUndefined();
    expect(parseManifestRequest('QualityLevels(1)/Fragments(video=0)')).toBeUndefined();
    expect(['smooth', 'hls-ts', 'dash'].map((f) => protocolOf(f as 'smooth'))).toEqual([
      'smoothStreaming',
      'hls',
      'dash',
    ]);
  });
});

describe('corsPolicyOf', () => {
  it('lets everybody in without policies or with a * entry, else the listed origins', () => {
    expect(corsPolicyOf(undefined)).toBe('*');
    expect(corsPolicyOf({ clientAccessPolicy: '<domain uri="*"/>', crossDomainPolicy: null })).toBe('*');
    expect(
      corsPolicyOf({
        clientAccessPolicy:
          '<access-policy><cross-domain-access><policy><allow-from><domain uri="https://player.example.com"/></allow-from></policy></cross-domain-access></access-policy>',
        crossDomainPolicy:
          '<cross-domain-policy><allow-access-from domain="*.tv.example"/></cross-domain-policy>',
      }),
    ).toEqual({ origins: ['https://player.example.com', '*.tv.example'] });
  });
});
