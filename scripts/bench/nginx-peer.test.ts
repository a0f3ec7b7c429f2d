import { describe, expect, it } from 'vitest';
import { packagerFields } from '../../src/config/sections/packager.js';
import { KEY_FRAME_INTERVAL_DEFAULT } from '../../src/live-events/live-event-fields.js';
import {
  INLET_PREVIEW_WINDOW_SECONDS,
  INLET_SEGMENT_SECONDS,
  nginxConf,
  rtmpModuleFromConf,
} from './nginx-peer.js';

describe('nginxConf', () => {
  const conf = nginxConf({ dir: '/tmp/peer', port: 19350, modulePath: '/usr/lib/nginx/modules/m.so' });

  it('runs one worker in the foreground with its files in the scratch directory', () => {
    expect(conf.split('\n')[0]).toBe('load_module /usr/lib/nginx/modules/m.so;');
    for (const line of [
      'daemon off;',
      'master_process on;',
      'worker_processes 1;',
      'error_log /tmp/peer/error.log warn;',
      'pid /tmp/peer/nginx.pid;',
    ]) {
      expect(conf).toContain(line);
    }
    expect(conf).not.toContain('http {');
  });

  it('listens on loopback and makes HLS and DASH of 2 s fragments over a 30 s window', () => {
    const app = /application live \{([^}]*)\}/.exec(conf)?.[1] ?? '';
    expect(conf).toContain('listen 127.0.0.1:19350;');
    expect(conf).toContain('chunk_size 4096;');
    expect(app.split(';').map((s) => s.trim())).toEqual([
      'live on',
      'record off',
      'hls on',
      'hls_path /tmp/peer/hls',
      'hls_fragment 2s',
      'hls_playlist_length 30s',
      'dash on',
      'dash_path /tmp/peer/dash',
      'dash_fragment 2s',
      'dash_playlist_length 30s',
      '',
    ]);
  });

  it('takes other fragment lengths and windows', () => {
    const other = nginxConf({ dir: '/d', port: 1, modulePath: 'm', fragmentSeconds: 4, windowSeconds: 8 });
    expect(other).toContain('hls_fragment 4s;');
    expect(other).toContain('dash_playlist_length 8s;');
  });

  it("uses Inlet's preview defaults: segment = key frame interval, window = packager.previewWindow", () => {
    expect(KEY_FRAME_INTERVAL_DEFAULT).toBe(`PT${INLET_SEGMENT_SECONDS}S`);
    const window = packagerFields.find((f) => f.key === 'packager.previewWindow');
    expect(window?.default).toBe(`${INLET_PREVIEW_WINDOW_SECONDS}s`);
  });
});

describe('rtmpModuleFromConf', () => {
  it("resolves a relative load_module against nginx's prefix", () => {
    expect(rtmpModuleFromConf('load_module modules/ngx_rtmp_module.so;\n', '/usr/share/nginx')).toBe(
      '/usr/share/nginx/modules/ngx_rtmp_module.so',
    );
  });

  it('keeps an absolute path and skips other modules', () => {
    const text = 'load_module /x/ngx_stream_module.so;\n  load_module /y/ngx_rtmp_module.so ;\n';
    expect(rtmpModuleFromConf(text, '/p')).toBe('/y/ngx_rtmp_module.so');
    expect(rtmpModuleFromConf('load_module /x/ngx_stream_module.so;', '/p')).toBeUndefined();
  });
});
