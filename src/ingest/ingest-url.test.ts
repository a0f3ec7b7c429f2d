import { describe, expect, it } from 'vitest';
import { IngestUrlError, normalizeAccessToken, parseIngestUrl } from './ingest-url.js';

const token = '1fce2e4b-fb15-4718-8adc-68c6eb4c26a7';
const bare = '1fce2e4bfb1547188adc68c6eb4c26a7';

describe('parseIngestUrl', () => {
  const ok: { name: string; app: string; stream: string; token: string; streamName: string }[] = [
    {
      name: 'token in app (OBS server)',
      app: `live/${token}`,
      stream: 'stream',
      token,
      streamName: 'stream',
    },
    { name: 'token in stream key', app: 'live', stream: `${token}/cam1`, token, streamName: 'cam1' },
    { name: 'whole URL in app', app: `live/${token}/cam2`, stream: '', token, streamName: 'cam2' },
    { name: 'trailing slash in app', app: `live/${token}/`, stream: 'x', token, streamName: 'x' },
    {
      name: 'token without dashes',
      app: `live/${bare}`,
      stream: 'a.b-c_d~e',
      token: bare,
      streamName: 'a.b-c_d~e',
    },
  ];
  for (const c of ok) {
    it(`accepts ${c.name}`, () => {
      const u = parseIngestUrl(c.app, c.stream);
      expect(u.accessToken).toBe(c.token);
      expect(u.normalizedToken).toBe(bare);
      expect(u.streamName).toBe(c.streamName);
    });
  }

  it('reads declared bitrates from either query string, the stream name winning', () => {
    const u = parseIngestUrl(`live/${token}?videodatarate=2500&audiodatarate=96`, 'cam?videodatarate=3000');
    expect(u.videoBitrate).toBe(3_000_000);
    expect(u.audioBitrate).toBe(96_000);
    expect(u.streamName).toBe('cam');
  });

  const bad: { name: string; app: string; stream: string; message: RegExp }[] = [
    { name: 'wrong app', app: 'app', stream: `${token}/s`, message: /must start with \/live\// },
    {
      name: 'no token, no stream',
      app: 'live',
      stream: '',
      message: /missing the access token and stream name/,
    },
    { name: 'no stream name', app: `live/${token}`, stream: '', message: /missing the stream name/ },
    { name: 'too many segments', app: `live/${token}/a`, stream: 'b', message: /too many path segments/ },
    {
      name: 'unsafe stream name',
      app: `live/${token}`,
      stream: 'a%2f..',
      message: /stream name "a%2f.." must be/,
    },
    {
      name: 'bad bitrate',
      app: `live/${token}`,
      stream: 's?videodatarate=fast',
      message: /videodatarate=fast/,
    },
  ];
  for (const c of bad) {
    it(`rejects ${c.name}`, () => {
      expect(() => parseIngestUrl(c.app, c.stream)).toThrow(IngestUrlError);
      expect(() => parseIngestUrl(c.app, c.stream)).toThrow(c.message);
    });
  }

  it('keeps non-GUID tokens as written so they simply fail to match', () => {
    expect(normalizeAccessToken('not-a-guid')).toBe('not-a-guid');
    expect(parseIngestUrl('live/secret', 's').normalizedToken).toBe('secret');
  });
});
