import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import type net from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Logger } from 'pino';
import type { MediaEvent } from '../../events/media-event.js';
import type { IngestHandover } from '../../ingest/ingest-server.js';
import type { SessionInfo } from '../../live/publisher.js';
import { relayToWorker } from './rtmp-relay.js';
import {
  readWorkerMessage,
  type ArchiveAnswer,
  type ArchiveRead,
  type CatalogEntry,
  type FrontMessage,
  type RuntimeCall,
  type WorkerTotals,
} from './worker-messages.js';
import type { WorkerSettings } from './worker-settings.js';

/** A call a worker does not answer in this time fails (the worker is stuck or gone). */
const CALL_TIMEOUT_MS = 30_000;
/** An archive read (a player waiting) a worker does not answer in this time fails. */
const READ_TIMEOUT_MS = 10_000;
/** A worker that does not say `ready` in this time is killed and started again. */
const READY_TIMEOUT_MS = 20_000;
/** Restart delays after a crash: doubling from the first to the last, reset by a minute of uptime. */
const RESTART_DELAY_MS = { first: 200, max: 5_000, stableAfter: 60_000 };
/** How long a stopping worker may take before it is killed. */
const STOP_TIMEOUT_MS = 15_000;

/** `WorkerPoolOptions` configures a {@link WorkerPool}. */
export interface WorkerPoolOptions {
  readonly count: number;
  readonly settingsOf: (index: number) => WorkerSettings;
  readonly logger: Logger;
  /** Every event a worker published, in its order. */
  readonly onEvent: (event: MediaEvent) => void;
  /** Worker `index` was started again after it died; its live events must be given to it again. */
  readonly onRestarted: (index: number) => void;
}

interface Pending {
  readonly resolve: (archive: ArchiveAnswer | undefined) => void;
  readonly reject: (err: Error) => void;
  readonly timer: NodeJS.Timeout;
}

interface Worker {
  readonly index: number;
  child: ChildProcess | undefined;
  ready: { readonly httpPort: number; readonly relayPath: string } | undefined;
  readyWaiters: (() => void)[];
  readonly pending: Map<number, Pending>;
  sessions: readonly SessionInfo[];
  totals: WorkerTotals;
  startedAt: number;
  restartDelay: number;
  restarts: number;
}

const NO_TOTALS: WorkerTotals = { connections: 0, sessions: 0, bytesReceived: 0, refusedConnections: 0 };

/** The worker's entry module next to this one: TypeScript under `tsx` (tests), JavaScript when built. */
function workerEntry(): { readonly path: string; readonly execArgv: string[] } {
  const self = import.meta.url;
  const ts = self.endsWith('.ts');
  return {
    path: fileURLToPath(new URL(`./media-worker-main.${ts ? 'ts' : 'js'}`, self)),
    // Resolved from here, not from the process's working directory (which may hold no node_modules).
    execArgv: ts ? ['--import', pathToFileURL(createRequire(self).resolve('tsx')).href] : [],
  };
}

/**
 * `WorkerPool` runs the media worker processes of the main process: it forks them (`child_process.fork`,
 * IPC with structured clone), carries calls to them and their answers, hands them encoder connections
 * (plain TCP sockets move to the worker; RTMPS stays here and is relayed over a UNIX socket), brings
 * their events and session reports here, and starts a worker that died again after a short, growing
 * delay, telling `onRestarted` so its live events can be given to it again.
 */
export class WorkerPool {
  readonly #o: WorkerPoolOptions;
  readonly #workers: Worker[] = [];
  #catalog: readonly CatalogEntry[] = [];
  #nextId = 0;
  #closing = false;

  constructor(options: WorkerPoolOptions) {
    this.#o = options;
    for (let index = 0; index < options.count; index++) {
      this.#workers.push({
        index,
        child: undefined,
        ready: undefined,
        readyWaiters: [],
        pending: new Map(),
        sessions: [],
        totals: NO_TOTALS,
        startedAt: 0,
        restartDelay: RESTART_DELAY_MS.first,
        restarts: 0,
      });
    }
  }

  get size(): number {
    return this.#workers.length;
  }

  /** Starts every worker; resolves once all are ready. */
  async start(): Promise<void> {
    for (const w of this.#workers) {
      this.#spawn(w);
    }
    await Promise.all(this.#workers.map((w) => this.#whenReady(w)));
    this.#o.logger.info(`${this.#workers.length} media workers ready`);
  }

  /** Process ids of the running workers (benchmarks measure the whole process tree). */
  pids(): number[] {
    return this.#workers.flatMap((w) => (w.child?.pid === undefined ? [] : [w.child.pid]));
  }

  /** Times worker `index` was started again after dying. */
  restarts(index: number): number {
    return this.#workers[index]?.restarts ?? 0;
  }

  /** Loopback HTTP port of worker `index`'s media, while it is ready. */
  httpPort(index: number): number | undefined {
    return this.#workers[index]?.ready?.httpPort;
  }

  /** Replaces the live-event catalog every worker mirrors (kept for workers started later). */
  setCatalog(entries: readonly CatalogEntry[]): void {
    this.#catalog = entries;
    for (const w of this.#workers) {
      if (w.ready !== undefined) {
        this.#send(w, { t: 'catalog', entries });
      }
    }
  }

  /** Runs `call` in worker `index` (waiting while it starts); rejects with the worker's error. */
  async call(index: number, call: RuntimeCall): Promise<void> {
    await this.#ask(index, call.op, CALL_TIMEOUT_MS, (id) => ({ t: 'call', id, call }));
  }

  /** Reads what worker `index` records into asset `assetName` (see `ArchiveRead`). */
  async readArchive(index: number, assetName: string, read: ArchiveRead): Promise<ArchiveAnswer> {
    if (this.#workers[index]?.ready === undefined) {
      // A player is waiting: do not hold it for a restart.
      throw new Error(`media worker ${index} is restarting`);
    }
    const answer = await this.#ask(index, `archive ${read.kind}`, READ_TIMEOUT_MS, (id) => ({
      t: 'archive',
      id,
      assetName,
      read,
    }));
    return answer ?? { recording: false };
  }

  /** Sends the message `make(id)` makes and waits for the reply with that id. */
  async #ask(
    index: number,
    what: string,
    timeoutMs: number,
    make: (id: number) => FrontMessage,
  ): Promise<ArchiveAnswer | undefined> {
    const w = this.#workers[index];
    if (w === undefined) {
      throw new Error(`no media worker ${index}`);
    }
    await this.#whenReady(w);
    const id = ++this.#nextId;
    return new Promise<ArchiveAnswer | undefined>((resolve, reject) => {
      const timer = setTimeout(() => {
        w.pending.delete(id);
        reject(new Error(`media worker ${index} did not answer ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      w.pending.set(id, { resolve, reject, timer });
      this.#send(w, make(id));
    });
  }

  /**
   * Hands an encoder connection read up to `connect` to worker `index`. A worker that is not ready (it
   * is starting again) cannot take it: the connection is closed and the encoder retries.
   */
  handOver(index: number, handover: IngestHandover): void {
    const w = this.#workers[index];
    const { socket } = handover;
    if (w?.ready === undefined || w.child === undefined) {
      this.#o.logger.warn(
        { worker: index, remote: handover.remote.address },
        `media worker ${index} is restarting: connection closed, the encoder should retry`,
      );
      socket.destroy();
      return;
    }
    if ('encrypted' in socket) {
      relayToWorker(w.ready.relayPath, handover, this.#o.logger.child({ worker: index }));
      return;
    }
    const child = w.child;
    const send = (): void => {
      const message: FrontMessage = {
        t: 'rtmp',
        endpoint: handover.endpoint,
        remote: handover.remote,
        bytesReceived: handover.resume.bytesReceived,
        data: handover.resume.data,
        answeredBytes: handover.resume.answeredBytes ?? 0,
      };
      child.send(message, socket as net.Socket, (err) => {
        if (err !== null && err !== undefined) {
          this.#o.logger.warn(
            { err, worker: index },
            'hand-over to the media worker failed: connection closed',
          );
          socket.destroy();
        }
      });
    };
    // The handshake answer must have left before the socket moves.
    if (socket.writableLength === 0) {
      send();
    } else {
      socket.once('drain', send);
    }
  }

  /** Sessions of every worker, as last reported (every second). */
  sessions(): SessionInfo[] {
    return this.#workers.flatMap((w) => w.sessions);
  }

  /** Ingest counters summed over the workers. */
  totals(): WorkerTotals {
    let connections = 0;
    let sessions = 0;
    let bytesReceived = 0;
    let refusedConnections = 0;
    for (const { totals } of this.#workers) {
      connections += totals.connections;
      sessions += totals.sessions;
      bytesReceived += totals.bytesReceived;
      refusedConnections += totals.refusedConnections;
    }
    return { connections, sessions, bytesReceived, refusedConnections };
  }

  /** Stops every worker (their live events end with `MPI_SYSTEM_MAINTENANCE`). Idempotent. */
  async close(): Promise<void> {
    this.#closing = true;
    await Promise.all(
      this.#workers.map(async (w) => {
        const child = w.child;
        if (child === undefined || child.exitCode !== null || child.signalCode !== null) {
          return;
        }
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        if (child.connected) {
          child.send({ t: 'shutdown' } satisfies FrontMessage);
        }
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      }),
    );
  }

  #whenReady(w: Worker): Promise<void> {
    return w.ready !== undefined ? Promise.resolve() : new Promise((resolve) => w.readyWaiters.push(resolve));
  }

  #send(w: Worker, message: FrontMessage): void {
    const child = w.child;
    if (child?.connected === true) {
      child.send(message);
    }
  }

  #spawn(w: Worker): void {
    const entry = workerEntry();
    const settings = this.#o.settingsOf(w.index);
    const child = fork(entry.path, [], {
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: entry.execArgv,
    });
    w.child = child;
    w.startedAt = Date.now();
    const readyTimer = setTimeout(() => {
      this.#o.logger.error(`media worker ${w.index} was not ready within ${READY_TIMEOUT_MS} ms: killed`);
      child.kill('SIGKILL');
    }, READY_TIMEOUT_MS);
    child.on('message', (raw) => {
      const message = readWorkerMessage(raw);
      if (message === undefined) {
        this.#o.logger.warn({ worker: w.index }, 'malformed message from a media worker: ignored');
        return;
      }
      switch (message.t) {
        case 'ready':
          clearTimeout(readyTimer);
          w.ready = { httpPort: message.httpPort, relayPath: message.relayPath };
          this.#send(w, { t: 'catalog', entries: this.#catalog });
          for (const resolve of w.readyWaiters.splice(0)) {
            resolve();
          }
          if (w.restarts > 0) {
            this.#o.onRestarted(w.index);
          }
          return;
        case 'event':
          this.#o.onEvent(message.event);
          return;
        case 'reply': {
          const pending = w.pending.get(message.id);
          if (pending !== undefined) {
            w.pending.delete(message.id);
            clearTimeout(pending.timer);
            if (message.error === undefined) {
              pending.resolve(message.archive);
            } else {
              pending.reject(new Error(message.error));
            }
          }
          return;
        }
        case 'status':
          w.sessions = message.sessions;
          w.totals = message.totals;
          return;
      }
    });
    child.on('error', (err) => this.#o.logger.error({ err, worker: w.index }, 'media worker process error'));
    child.once('exit', (code, signal) => {
      clearTimeout(readyTimer);
      this.#exited(w, child, code, signal);
    });
    child.send({ t: 'init', settings } satisfies FrontMessage);
  }

  #exited(w: Worker, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (w.child !== child) {
      return;
    }
    w.child = undefined;
    w.ready = undefined;
    w.sessions = [];
    w.totals = NO_TOTALS;
    for (const [id, pending] of w.pending) {
      w.pending.delete(id);
      clearTimeout(pending.timer);
      pending.reject(new Error(`media worker ${w.index} exited before it answered`));
    }
    if (this.#closing) {
      return;
    }
    if (Date.now() - w.startedAt > RESTART_DELAY_MS.stableAfter) {
      w.restartDelay = RESTART_DELAY_MS.first;
    }
    const delay = w.restartDelay;
    w.restartDelay = Math.min(RESTART_DELAY_MS.max, delay * 2);
    w.restarts++;
    this.#o.logger.error(
      { worker: w.index, pid: child.pid, code, signal },
      `media worker ${w.index} (pid ${child.pid}) exited (${signal ?? `code ${code}`}): starting it again in ${delay} ms; its live events come back with a discontinuity, encoders reconnect`,
    );
    setTimeout(() => {
      if (!this.#closing) {
        this.#spawn(w);
      }
    }, delay).unref();
  }
}
