import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_ENV } from './test-env.js';

/** The repository root: the child runs `src/main.ts` from here. */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The test environment (`TEST_ENV`), logging at info level: the tests read the child's log lines. */
const CHILD_ENV: Record<string, string> = { ...TEST_ENV, INLET_LOG_LEVEL: 'info' };

/** `InletLogLine` is one JSON log line of the child (pino). */
export interface InletLogLine {
  readonly level: number;
  readonly msg: string;
  readonly [key: string]: unknown;
}

/** `InletProcessOptions` configure {@link spawnInlet}. */
export interface InletProcessOptions {
  readonly dataDir: string;
  /** The API token (`INLET_API_TOKENS`). */
  readonly apiToken: string;
  readonly env?: Record<string, string>;
  /** How long to wait for "Inlet is running."; default 30 s. */
  readonly readyTimeoutMs?: number;
}

/** `InletProcess` is Inlet running as a real child process (`node --import tsx src/main.ts`). */
export interface InletProcess {
  readonly child: ChildProcess;
  readonly httpsPort: number;
  /** PEM of the private CA in the data dir. */
  readonly ca: string;
  /** Every stdout line so far (JSON log lines and the banner). */
  readonly stdout: readonly string[];
  /** The JSON log lines so far. */
  logLines(): InletLogLine[];
  /** Resolves when the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function parseLogLine(line: string): InletLogLine | undefined {
  if (!line.startsWith('{')) {
    return undefined;
  }
  try {
    const v = JSON.parse(line) as Partial<InletLogLine>;
    return typeof v.level === 'number' && typeof v.msg === 'string' ? (v as InletLogLine) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `spawnInlet` starts Inlet as a child process with the test environment and resolves once it printed
 * its banner ("Inlet is running."), with the HTTPS port it logged. The child's process id is Inlet's
 * own (no wrapper), so a signal sent to `child` reaches the server itself. Rejects (after killing the
 * child) when it exits or is not ready in time.
 */
export function spawnInlet(o: InletProcessOptions): Promise<InletProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...CHILD_ENV, INLET_DATA_DIR: o.dataDir, INLET_API_TOKENS: o.apiToken, ...o.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  let stderr = '';
  let partial = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  return new Promise<InletProcess>((resolve, reject) => {
    let httpsPort: number | undefined;
    const fail = (why: string): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${why}\nstdout:\n${stdout.join('\n')}\nstderr:\n${stderr}`));
    };
    const timer = setTimeout(() => fail('Inlet was not ready in time'), o.readyTimeoutMs ?? 30_000);
    child.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
    const early = (code: number | null, signal: NodeJS.Signals | null): void =>
      fail(`Inlet exited (${code ?? signal}) before it was ready`);
    child.on('exit', early);
    child.stdout?.on('data', (b: Buffer) => {
      const lines = (partial + b.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        stdout.push(line);
        const log = parseLogLine(line);
        if (log?.['component'] === 'http' && log.msg.startsWith('https listening')) {
          httpsPort = log['port'] as number;
        }
        if (line.trim() === 'Inlet is running.' && httpsPort !== undefined) {
          clearTimeout(timer);
          child.off('exit', early);
          resolve({
            child,
            httpsPort,
            ca: readFileSync(join(o.dataDir, 'tls', 'ca.pem'), 'utf8'),
            stdout,
            logLines: () => stdout.map(parseLogLine).filter((l): l is InletLogLine => l !== undefined),
            exited,
          });
        }
      }
    });
  });
}
