/**
 * `startInletProcess` starts Inlet in its own process on free loopback ports with a config file that
 * declares the live events, and waits until the live events run. Four ways to start it: `dist` (the
 * build, `node dist/main.js`), `metrics` (the build plus the metrics endpoint,
 * `scripts/bench/inlet-metrics-server.mjs`), `src` (TypeScript through tsx, for CI where nothing is
 * built) and `metrics-src` (the metrics endpoint on the TypeScript sources).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startManaged, tsxImport, waitFor, type Managed } from './processes.js';

/** The repository root. */
export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `InletLiveEventDecl` is one `liveEvents[]` item of the config file. */
export interface InletLiveEventDecl {
  readonly name: string;
  readonly streamOptions?: readonly string[];
}

/** `InletProcessOptions` configures `startInletProcess`. */
export interface InletProcessOptions {
  /** `metrics-src`: the metrics wrapper on the TypeScript sources (no build needed). */
  readonly mode: 'dist' | 'metrics' | 'src' | 'metrics-src';
  readonly liveEvents: readonly InletLiveEventDecl[];
  /** Extra config file keys (e.g. `events: { webhooks: [...] }`). */
  readonly config?: Record<string, unknown>;
  /** Extra environment (INLET_*); an undefined value removes the variable (Inlet's default applies). */
  readonly env?: Record<string, string | undefined>;
  readonly dataDir?: string;
  /** Extra node flags (e.g. `--cpu-prof`). */
  readonly nodeArgs?: readonly string[];
}

/** `InletProcess` is a running Inlet. */
export interface InletProcess {
  readonly process: Managed;
  readonly dataDir: string;
  readonly logFile: string;
  readonly rtmpPort: number;
  readonly rtmpsPort: number;
  readonly httpPort: number;
  readonly metricsPort: number | undefined;
  /** Access token of each live event, by name. */
  readonly tokens: ReadonlyMap<string, string>;
  /** `rtmp://127.0.0.1:<port>/live/<token>` (or rtmps) of a live event. */
  ingestUrl(liveEvent: string, secure?: boolean): string;
  http(path: string): string;
  stop(): Promise<number | string>;
}

/** `startInletProcess`: see the module comment. */
export async function startInletProcess(o: InletProcessOptions): Promise<InletProcess> {
  const dataDir = o.dataDir ?? mkdtempSync(join(tmpdir(), 'inlet-load-'));
  const tokens = new Map(o.liveEvents.map((e) => [e.name, randomUUID()]));
  const configFile = join(dataDir, 'inlet-config.json');
  writeFileSync(
    configFile,
    JSON.stringify(
      {
        ...o.config,
        liveEvents: o.liveEvents.map((e) => ({
          name: e.name,
          accessToken: tokens.get(e.name),
          autoStart: true,
          ...(e.streamOptions === undefined ? {} : { streamOptions: e.streamOptions }),
        })),
      },
      null,
      2,
    ),
  );
  const ports = await Promise.all(Array.from({ length: 6 }, () => freePort()));
  const [rtmpPort = 0, rtmp2 = 0, rtmpsPort = 0, rtmps2 = 0, httpPort = 0, httpsPort = 0] = ports;
  const withMetrics = o.mode === 'metrics' || o.mode === 'metrics-src';
  const metricsPort = withMetrics ? await freePort() : undefined;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    INLET_DATA_DIR: dataDir,
    INLET_RTMP_PORTS: `${rtmpPort},${rtmp2}`,
    INLET_RTMPS_PORTS: `${rtmpsPort},${rtmps2}`,
    INLET_HTTP_PORT: String(httpPort),
    INLET_HTTPS_PORT: String(httpsPort),
    INLET_RTMP_HOST: '127.0.0.1',
    INLET_RTMPS_HOST: '127.0.0.1',
    INLET_HTTP_HOST: '127.0.0.1',
    INLET_HTTPS_HOST: '127.0.0.1',
    INLET_PUBLIC_HOSTNAME: 'localhost',
    INLET_LOG_PRETTY: 'false',
    ...(metricsPort === undefined ? {} : { INLET_BENCH_METRICS_PORT: String(metricsPort) }),
    ...(o.mode === 'metrics-src' ? { INLET_BENCH_SOURCE: 'src' } : {}),
  };
  for (const [name, value] of Object.entries(o.env ?? {})) {
    if (value === undefined) {
      delete env[name];
    } else {
      env[name] = value;
    }
  }
  const nodeArgs = [...(o.nodeArgs ?? [])];
  let entry: string[];
  if (o.mode === 'src') {
    entry = ['--import', tsxImport(), join(REPO, 'src', 'main.ts')];
  } else if (o.mode === 'metrics-src') {
    entry = ['--import', tsxImport(), join(REPO, 'scripts', 'bench', 'inlet-metrics-server.mjs')];
  } else {
    if (!existsSync(join(REPO, 'dist', 'main.js'))) {
      throw new Error('dist/main.js is missing: run "npm run build" first');
    }
    entry = [
      o.mode === 'dist'
        ? join(REPO, 'dist', 'main.js')
        : join(REPO, 'scripts', 'bench', 'inlet-metrics-server.mjs'),
    ];
  }
  const logFile = join(dataDir, 'inlet.log');
  const proc = startManaged('inlet', process.execPath, [...nodeArgs, ...entry, '--config', configFile], {
    env,
    cwd: dataDir,
    logFile,
  });
  const url = (path: string): string => `http://127.0.0.1:${httpPort}${path}`;
  const lastEvent = o.liveEvents[o.liveEvents.length - 1]?.name ?? 'default';
  try {
    await waitFor(
      'Inlet to start',
      async () => {
        if (proc.child.exitCode !== null) {
          throw new Error(`Inlet exited with ${proc.child.exitCode}: ${proc.output().slice(-2000)}`);
        }
        try {
          const r = await fetch(url(`/preview/${lastEvent}/index.m3u8`));
          await r.arrayBuffer();
          // 404 until a stream publishes, but no longer "not running" (503 / missing event).
          return (
            proc.output().includes('Inlet is running') &&
            (metricsPort === undefined || proc.output().includes('bench metrics on port'))
          );
        } catch {
          return false;
        }
      },
      60_000,
    );
  } catch (e) {
    await proc.stop();
    throw e;
  }
  return {
    process: proc,
    dataDir,
    logFile,
    rtmpPort,
    rtmpsPort,
    httpPort,
    metricsPort,
    tokens,
    ingestUrl(liveEvent, secure = false) {
      const token = tokens.get(liveEvent) ?? '';
      return secure
        ? `rtmps://127.0.0.1:${rtmpsPort}/live/${token}`
        : `rtmp://127.0.0.1:${rtmpPort}/live/${token}`;
    },
    http: url,
    stop: () => proc.stop(),
  };
}

/** `readInletLog` parses Inlet's JSON log lines (pino), skipping the banner's plain text. */
export function readInletLog(file: string): { level: number; msg: string; line: string }[] {
  const out: { level: number; msg: string; line: string }[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.startsWith('{')) {
      continue;
    }
    try {
      const parsed = JSON.parse(line) as { level?: unknown; msg?: unknown };
      out.push({ level: Number(parsed.level ?? 0), msg: String(parsed.msg ?? ''), line });
    } catch {
      // A line cut by a crash: ignore it.
    }
  }
  return out;
}
