/**
 * CPU and memory of a process tree from Linux `/proc` (proc(5)): `/proc/<pid>/stat` fields 14–17 (utime,
 * stime, cutime, cstime, in clock ticks), `/proc/<pid>/status` `VmRSS`, and `/proc/<pid>/smaps_rollup`
 * `Rss` and `Pss` (proportional set size: each shared page divided among the processes mapping it, so the
 * PSS of a tree's processes sums to what the tree costs, where their RSS counts shared pages repeatedly).
 */
import { readdirSync, readFileSync } from 'node:fs';

/** USER_HZ: the unit of the `/proc/<pid>/stat` times; 100 on every Linux architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

interface StatFields {
  readonly ppid: number;
  /** utime + stime, ms. */
  readonly ownMs: number;
  /** cutime + cstime (children that were waited for), ms. */
  readonly reapedChildrenMs: number;
}

function readStat(pid: number): StatFields | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces: split after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const num = (fieldNumber: number): number => Number(fields[fieldNumber - 3] ?? 0);
  const toMs = (ticks: number): number => (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
  return { ppid: num(4), ownMs: toMs(num(14) + num(15)), reapedChildrenMs: toMs(num(16) + num(17)) };
}

/** `descendants` lists the live descendants of `pid` (children, grandchildren, …). */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    const child = Number(name);
    if (!Number.isInteger(child)) {
      continue;
    }
    const stat = readStat(child);
    if (stat !== undefined) {
      const list = children.get(stat.ppid) ?? [];
      list.push(child);
      children.set(stat.ppid, list);
    }
  }
  const out: number[] = [];
  const queue = [...(children.get(pid) ?? [])];
  while (queue.length > 0) {
    const next = queue.shift() ?? 0;
    out.push(next);
    queue.push(...(children.get(next) ?? []));
  }
  return out;
}

/** `cpuMs` is the CPU time (user + system, ms) of `pid`, with its children (live and reaped) when asked. */
export function cpuMs(pid: number, withChildren = true): number {
  const own = readStat(pid);
  if (own === undefined) {
    return 0;
  }
  if (!withChildren) {
    return own.ownMs;
  }
  let total = own.ownMs + own.reapedChildrenMs;
  for (const child of descendants(pid)) {
    total += readStat(child)?.ownMs ?? 0;
  }
  return total;
}

function vmRss(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m === null ? 0 : Number(m[1]) * 1024;
  } catch {
    return 0;
  }
}

/** `rssBytes` is the resident set size of `pid` (plus its live descendants when asked), bytes. */
export function rssBytes(pid: number, withChildren = true): number {
  let total = vmRss(pid);
  if (withChildren) {
    for (const child of descendants(pid)) {
      total += vmRss(child);
    }
  }
  return total;
}

/**
 * `SmapsRollup` is what `parseSmapsRollup` reads, bytes. `pssAnonBytes` is the anonymous and shmem part
 * of PSS (`Pss_Anon` + `Pss_Shmem`, Linux 5.1+; all of PSS on older kernels): what a process allocated,
 * shared only with its fork relatives, unlike file pages (the executable, libraries) whose share moves
 * whenever an unrelated process maps the same file.
 */
export interface SmapsRollup {
  readonly rssBytes: number;
  readonly pssBytes: number;
  readonly pssAnonBytes: number;
}

/** `parseSmapsRollup` reads `Rss:` and `Pss:` (kB) of a `/proc/<pid>/smaps_rollup` text; undefined without `Pss`. */
export function parseSmapsRollup(text: string): SmapsRollup | undefined {
  const kb = (name: string): number | undefined => {
    const m = new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(text);
    return m === null ? undefined : Number(m[1]) * 1024;
  };
  const pss = kb('Pss');
  if (pss === undefined) {
    return undefined;
  }
  const anon = kb('Pss_Anon');
  const pssAnonBytes = anon === undefined ? pss : anon + (kb('Pss_Shmem') ?? 0);
  return { rssBytes: kb('Rss') ?? 0, pssBytes: pss, pssAnonBytes };
}

function smapsRollup(pid: number): SmapsRollup | undefined {
  try {
    return parseSmapsRollup(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * `treeMemory` is the RSS (`VmRSS`) and PSS (`smaps_rollup`, and its anonymous part) of `pid` and its live
 * descendants, summed, bytes; PSS is 0 where the kernel has no `smaps_rollup` (before Linux 4.14) or it
 * cannot be read.
 */
export function treeMemory(pid: number): SmapsRollup {
  let rss = 0;
  let pss = 0;
  let anon = 0;
  for (const p of [pid, ...descendants(pid)]) {
    rss += vmRss(p);
    const rollup = smapsRollup(p);
    pss += rollup?.pssBytes ?? 0;
    anon += rollup?.pssAnonBytes ?? 0;
  }
  return { rssBytes: rss, pssBytes: pss, pssAnonBytes: anon };
}

/** `CpuMeter` measures the CPU share of a process tree between `start()` and `stop()`. */
export class CpuMeter {
  readonly #pid: number;
  readonly #withChildren: boolean;
  #cpu0 = 0;
  #t0 = 0;

  constructor(pid: number, withChildren = true) {
    this.#pid = pid;
    this.#withChildren = withChildren;
  }

  start(): void {
    this.#cpu0 = cpuMs(this.#pid, this.#withChildren);
    this.#t0 = performance.now();
  }

  /** Percent of one core since `start()`. */
  percent(): number {
    const elapsed = performance.now() - this.#t0;
    return elapsed <= 0 ? 0 : ((cpuMs(this.#pid, this.#withChildren) - this.#cpu0) / elapsed) * 100;
  }
}

/**
 * `threadCpuMs` is the CPU time (ms) of `pid`'s threads (`/proc/<pid>/task/<tid>/stat`), user and system
 * apart, as `main` (the thread whose id is the process id: Node's JavaScript thread) and `others` (V8's GC
 * helpers and libuv's thread pool; Node 20 names them all `node`, so they are not told apart). With
 * `withChildren`, every live descendant adds its main thread as `main <comm>[<pid>]` (an nginx worker, an
 * Inlet worker process) and its other threads to `others`.
 */
export function threadCpuMs(
  pid: number,
  withChildren = false,
): Map<string, { userMs: number; systemMs: number }> {
  const out = new Map<string, { userMs: number; systemMs: number }>();
  const add = (name: string, userMs: number, systemMs: number): void => {
    const entry = out.get(name) ?? { userMs: 0, systemMs: 0 };
    entry.userMs += userMs;
    entry.systemMs += systemMs;
    out.set(name, entry);
  };
  for (const p of withChildren ? [pid, ...descendants(pid)] : [pid]) {
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      try {
        const text = readFileSync(`/proc/${p}/task/${tid}/stat`, 'utf8');
        const comm = text.slice(text.indexOf('(') + 1, text.lastIndexOf(')'));
        const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
        const ms = (fieldNumber: number): number =>
          (Number(fields[fieldNumber - 3] ?? 0) * 1000) / CLOCK_TICKS_PER_SECOND;
        const main = Number(tid) === p;
        const name = !main ? 'others' : p === pid ? 'main' : `main ${comm}[${p}]`;
        add(name, ms(14), ms(15));
      } catch {
        // The thread ended meanwhile.
      }
    }
  }
  return out;
}
