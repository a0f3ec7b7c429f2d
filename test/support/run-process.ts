import { spawn, type ChildProcess } from 'node:child_process';

/** `ProcessResult` is how a process ended. */
export interface ProcessResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `runProcess` runs a command to completion, killing it after `timeoutMs`. */
export function runProcess(cmd: string, args: readonly string[], timeoutMs: number): Promise<ProcessResult> {
  const { done } = startProcess(cmd, args, timeoutMs);
  return done;
}

/** `startProcess` starts a command; `done` resolves when it ends (killed after `timeoutMs`). */
export function startProcess(
  cmd: string,
  args: readonly string[],
  timeoutMs: number,
): { child: ChildProcess; done: Promise<ProcessResult> } {
  const child = spawn(cmd, [...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr?.on('data', (b: Buffer) => {
    stderr += b.toString();
    if (stderr.length > 200_000) {
      stderr = stderr.slice(-100_000);
    }
  });
  const done = new Promise<ProcessResult>((resolve, reject) => {
    const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(t);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, done };
}
