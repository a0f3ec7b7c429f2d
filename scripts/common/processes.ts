/**
 * Child processes of the benchmark and soak scripts: started with their output in a log file, stopped
 * with SIGTERM (then SIGKILL after a grace period), never left behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';

/** `Managed` is a started child process. */
export interface Managed {
  readonly name: string;
  readonly child: ChildProcess;
  readonly pid: number;
  /** Resolves with the exit code (or signal name) when the process ended. */
  readonly exited: Promise<number | string>;
  /** Stdout + stderr so far (bounded to the last 1 MB). */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when it ended. */
  stop(graceMs?: number): Promise<number | string>;
}

/** Output kept in memory per child: enough for a banner and the errors of a run. */
const KEEP_OUTPUT = 1_000_000;
const live = new Set<Managed>();

/** `startManaged` starts `cmd args`, its output also appended to `logFile` when given. */
export function startManaged(
  name: string,
  cmd: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; logFile?: string } = {},
): Managed {
  const child = spawn(cmd, [...args], {
    env: options.env ?? process.env,
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = options.logFile === undefined ? undefined : createWriteStream(options.logFile, { flags: 'a' });
  let text = '';
  const onData = (b: Buffer): void => {
    log?.write(b);
    text += b.toString();
    if (text.length > KEEP_OUTPUT) {
      text = text.slice(-KEEP_OUTPUT / 2);
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | string>((resolve) => {
    child.on('error', (e) => resolve(`spawn error: ${e.message}`));
    child.on('exit', (code, signal) => {
      live.delete(managed);
      log?.end();
      resolve(code ?? signal ?? 'unknown');
    });
  });
  const managed: Managed = {
    name,
    child,
    pid: child.pid ?? 0,
    exited,
    output: () => text,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) {
        return exited;
      }
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
  live.add(managed);
  return managed;
}

/** `stopAll` stops every child still running (on exit or interruption). */
export async function stopAll(): Promise<void> {
  await Promise.all([...live].map((m) => m.stop(5000)));
}

/** `killAllNow` SIGKILLs every child still running (last resort on process exit). */
export function killAllNow(): void {
  for (const m of live) {
    m.child.kill('SIGKILL');
  }
}

/** `freePort` asks the kernel for a free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** `waitFor` polls `predicate` every 100 ms until it holds, or throws after `timeoutMs`. */
export async function waitFor(
  what: string,
  predicate: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > end) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await sleep(100);
  }
}

/** `sleep` resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * `tsxImport` is the `--import` argument that loads TypeScript through tsx, resolved from this repository
 * (a bare `tsx` would be resolved from the child's working directory).
 */
export function tsxImport(): string {
  return import.meta.resolve('tsx');
}

/** `loadGeneratorCommand` is how the scripts start `scripts/load.ts` in its own process (no tsx CLI wrapper). */
export function loadGeneratorCommand(scriptsDir: string, args: readonly string[]): [string, string[]] {
  return [process.execPath, ['--import', tsxImport(), `${scriptsDir}/load.ts`, ...args]];
}
