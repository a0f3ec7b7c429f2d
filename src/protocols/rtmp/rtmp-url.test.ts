import { describe, expect, it } from 'vitest';
import { parseRtmpUrl, type RtmpUrl } from './rtmp-url.js';

const cases: { url: string; streamInUrl?: boolean; value: RtmpUrl }[] = [
  {
    url: 'rtmp://example.com/live/stream',
    value: {
      secure: false,
      host: 'example.com',
      port: 1935,
      app: 'live',
      streamName: 'stream',
      tcUrl: 'rtmp://example.com:1935/live',
    },
  },
  {
    url: 'rtmp://127.0.0.1:1936/live/token/stream',
    value: {
      secure: false,
      host: '127.0.0.1',
      port: 1936,
      app: 'live/token',
      streamName: 'stream',
      tcUrl: 'rtmp://127.0.0.1:1936/live/token',
    },
  },
  {
    url: 'rtmps://host.example/live/token/a/b?x=1',
    value: {
      secure: true,
      host: 'host.example',
      port: 2935,
      app: 'live/token',
      streamName: 'a/b?x=1',
      tcUrl: 'rtmps://host.example:2935/live/token',
    },
  },
  {
    url: 'rtmp://[::1]:1935/live',
    value: {
      secure: false,
      host: '::1',
      port: 1935,
      app: 'live',
      streamName: undefined,
      tcUrl: 'rtmp://[::1]:1935/live',
    },
  },
  {
    url: 'rtmps://host:443/live/token',
    streamInUrl: false,
    value: {
      secure: true,
      host: 'host',
      port: 443,
      app: 'live/token',
      streamName: undefined,
      tcUrl: 'rtmps://host:443/live/token',
    },
  },
];

describe('parseRtmpUrl', () => {
  for (const c of cases) {
    it(`parses ${c.url}${c.streamInUrl === false ? ' (server url)' : ''}`, () => {
      expect(parseRtmpUrl(c.url, c.streamInUrl === undefined ? {} : { streamInUrl: c.streamInUrl })).toEqual(
        c.value,
      );
    });
  }

  it('rejects other schemes', () => {
    expect(() => parseRtmpUrl('http://host/live/x')).toThrow(TypeError);
  });
});
