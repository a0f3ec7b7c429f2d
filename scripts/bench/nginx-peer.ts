/**
 * nginx-rtmp (Debian's nginx 1.22 with `libnginx-mod-rtmp`) as a benchmark peer that does what a user runs
 * it for: RTMP ingest plus HLS and DASH of every stream, with the fragment length and window of Inlet's
 * preview (2 s segments: a live event's default key frame interval `PT2S`, `src/media/stream-fragmenter.ts`;
 * 30 s window: `packager.previewWindow`, `src/config/sections/packager.ts`). One master and one worker
 * process (`worker_processes 1`), nothing but the `rtmp` block (no `http`: the keep-up check reads the HLS
 * playlists on disk), every file in a scratch directory that is removed when the peer stops.
 *
 * `startNginxPeer` installs nginx and the module with `apt-get install -y nginx libnginx-mod-rtmp` when
 * either is missing (logging it), writes the config, starts `nginx -c <conf> -p <dir>` as a managed process
 * and waits until it listens; on failure the error names what failed and quotes nginx's error log.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { parseMediaPlaylist } from '../common/playlist-probe.js';
import { freePort, startManaged, waitFor, type Managed } from '../common/processes.js';

/** Inlet's segment duration (live event `keyFrameIntervalDuration` default PT2S), s. */
export const INLET_SEGMENT_SECONDS = 2;
/** Inlet's preview window (`packager.previewWindow` default 30s), s. */
export const INLET_PREVIEW_WINDOW_SECONDS = 30;

const MODULE_FILE = 'ngx_rtmp_module.so';
const DEFAULT_MODULE = `/usr/lib/nginx/modules/${MODULE_FILE}`;
const MODULES_ENABLED = '/etc/nginx/modules-enabled';
const APT_PACKAGES = ['nginx', 'libnginx-mod-rtmp'];

/** `NginxConfOptions` are what the generated nginx.conf depends on. */
export interface NginxConfOptions {
  /** The scratch directory: error log, pid file, `hls/` and `dash/`. */
  readonly dir: string;
  readonly port: number;
  readonly modulePath: string;
  readonly fragmentSeconds?: number;
  readonly windowSeconds?: number;
}

/** `nginxConf` is the nginx.conf of the peer (see the module comment). */
export function nginxConf(o: NginxConfOptions): string {
  const fragment = `${o.fragmentSeconds ?? INLET_SEGMENT_SECONDS}s`;
  const window = `${o.windowSeconds ?? INLET_PREVIEW_WINDOW_SECONDS}s`;
  return [
    `load_module ${o.modulePath};`,
    'daemon off;',
    'master_process on;',
    'worker_processes 1;',
    'worker_rlimit_nofile 8192;',
    `error_log ${join(o.dir, 'error.log')} warn;`,
    `pid ${join(o.dir, 'nginx.pid')};`,
    'events {',
    '    worker_connections 4096;',
    '}',
    'rtmp {',
    '    server {',
    `        listen 127.0.0.1:${o.port};`,
    '        chunk_size 4096;',
    '        application live {',
    '            live on;',
    '            record off;',
    '            hls on;',
    `            hls_path ${join(o.dir, 'hls')};`,
    `            hls_fragment ${fragment};`,
    `            hls_playlist_length ${window};`,
    '            dash on;',
    `            dash_path ${join(o.dir, 'dash')};`,
    `            dash_fragment ${fragment};`,
    `            dash_playlist_length ${window};`,
    '        }',
    '    }',
    '}',
    '',
  ].join('\n');
}

/**
 * `rtmpModuleFromConf` is the path of the rtmp module a `modules-enabled` file loads
 * (`load_module modules/ngx_rtmp_module.so;`), relative paths resolved against nginx's `prefix`.
 */
export function rtmpModuleFromConf(text: string, prefix: string): string | undefined {
  for (const m of text.matchAll(/^\s*load_module\s+([^;\s]+)\s*;/gm)) {
    const path = m[1] ?? '';
    if (path.includes('rtmp')) {
      return isAbsolute(path) ? path : join(prefix, path);
    }
  }
  return undefined;
}

function nginxPrefix(): string {
  try {
    const v = execFileSync('nginx', ['-V'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return /--prefix=(\S+)/.exec(v)?.[1] ?? '/usr/share/nginx';
  } catch (e) {
    const text = String((e as { stderr?: unknown }).stderr ?? '');
    return /--prefix=(\S+)/.exec(text)?.[1] ?? '/usr/share/nginx';
  }
}

/** `findRtmpModule` is the rtmp module's file: the Debian path, or what `/etc/nginx/modules-enabled` loads. */
export function findRtmpModule(): string | undefined {
  if (existsSync(DEFAULT_MODULE)) {
    return DEFAULT_MODULE;
  }
  if (!existsSync(MODULES_ENABLED)) {
    return undefined;
  }
  const prefix = nginxPrefix();
  for (const name of readdirSync(MODULES_ENABLED)) {
    try {
      const path = rtmpModuleFromConf(readFileSync(join(MODULES_ENABLED, name), 'utf8'), prefix);
      if (path !== undefined && existsSync(path)) {
        return path;
      }
    } catch {
      // A dangling link: look at the next file.
    }
  }
  return undefined;
}

function hasNginx(): boolean {
  try {
    execFileSync('nginx', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** `ensureNginx` returns the rtmp module's path, installing nginx and the module with apt-get if missing. */
export function ensureNginx(log: (line: string) => void): string {
  const found = hasNginx() ? findRtmpModule() : undefined;
  if (found !== undefined) {
    return found;
  }
  log(
    `nginx-rtmp peer: ${hasNginx() ? 'the nginx rtmp module is' : 'nginx is'} missing; installing ` +
      `${APT_PACKAGES.join(' ')} (apt-get install -y ${APT_PACKAGES.join(' ')})`,
  );
  try {
    execFileSync('apt-get', ['install', '-y', ...APT_PACKAGES], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  } catch (e) {
    throw new Error(
      `could not install nginx-rtmp (apt-get install -y ${APT_PACKAGES.join(' ')} failed: ` +
        `${e instanceof Error ? e.message : String(e)}). Install it as root (after apt-get update), ` +
        'or leave nginx out with --servers.',
      { cause: e },
    );
  }
  const module = findRtmpModule();
  if (!hasNginx() || module === undefined) {
    throw new Error(
      `nginx or ${MODULE_FILE} still missing after apt-get install (looked at ${DEFAULT_MODULE} and ` +
        `${MODULES_ENABLED}); install ${APT_PACKAGES.join(' ')} by hand or leave nginx out with --servers.`,
    );
  }
  return module;
}

/** `NginxPeer` is a running nginx-rtmp. */
export interface NginxPeer {
  readonly process: Managed;
  /** `rtmp://127.0.0.1:<port>/live`: stream names are appended. */
  readonly url: string;
  readonly dir: string;
  /** Last listed HLS sequence number of each stream's playlist on disk, −1 when it has none. */
  hlsSnapshot(streams: readonly string[]): number[];
  /** nginx's error log so far (for failures). */
  errorLog(): string;
  stop(): Promise<void>;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** `startNginxPeer`: see the module comment. */
export async function startNginxPeer(log: (line: string) => void): Promise<NginxPeer> {
  const modulePath = ensureNginx(log);
  const dir = mkdtempSync(join(tmpdir(), 'nginx-peer-'));
  // Started as root, nginx runs its worker as `nobody`: the worker writes the HLS and DASH files.
  chmodSync(dir, 0o755);
  for (const sub of ['hls', 'dash']) {
    mkdirSync(join(dir, sub));
    chmodSync(join(dir, sub), 0o777);
  }
  const port = await freePort();
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, nginxConf({ dir, port, modulePath }));
  const errorFile = join(dir, 'error.log');
  const errorLog = (): string => (existsSync(errorFile) ? readFileSync(errorFile, 'utf8') : '');
  const proc = startManaged('nginx', 'nginx', ['-c', conf, '-p', dir, '-e', errorFile], {
    logFile: join(dir, 'nginx.out'),
  });
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    await waitFor(
      `nginx-rtmp to listen on 127.0.0.1:${port}`,
      async () => {
        if (proc.child.exitCode !== null || proc.child.signalCode !== null) {
          throw new Error(`nginx exited with ${proc.child.exitCode ?? proc.child.signalCode}`);
        }
        return canConnect(port);
      },
      15_000,
    );
  } catch (e) {
    const detail = `${proc.output()}${errorLog()}`.trim().slice(-3000);
    await proc.stop(2000);
    cleanup();
    throw new Error(
      `nginx-rtmp failed to start (${e instanceof Error ? e.message : String(e)}; config ${conf}). ` +
        `nginx said:\n${detail || '(nothing)'}\nCheck that "nginx -t -c <conf>" accepts the config and the module ` +
        `${modulePath} matches the nginx version.`,
      { cause: e },
    );
  }
  return {
    process: proc,
    url: `rtmp://127.0.0.1:${port}/live`,
    dir,
    hlsSnapshot: (streams) =>
      streams.map((s) => {
        try {
          return parseMediaPlaylist(readFileSync(join(dir, 'hls', `${s}.m3u8`), 'utf8')).lastSequence;
        } catch {
          return -1;
        }
      }),
    errorLog,
    async stop() {
      await proc.stop(5000);
      cleanup();
    },
  };
}
