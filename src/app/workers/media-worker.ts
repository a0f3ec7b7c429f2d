import { rmSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { EventBus, type EventOutbox } from '../../events/event-bus.js';
import { EventHistory } from '../../events/event-history.js';
import { mediaServicesTopic } from '../../events/media-event.js';
import { HttpService } from '../../http/http-service.js';
import { createPackagers } from '../../http/packaging/packagers.js';
import { createPreviewHandler, type PreviewDirectory } from '../../http/preview-handler.js';
import { IngestServer } from '../../ingest/ingest-server.js';
import { createLogger } from '../create-logger.js';
import { ingestEventPublisher } from '../ingest-event-publisher.js';
import { createMediaSide, rtmpLimitsOf } from '../media-side.js';
import { MirroredCatalog } from './mirrored-catalog.js';
import { acceptRelayed } from './rtmp-relay.js';
import type { LiveOutputArchives } from '../live-output-archives.js';
import {
  readFrontMessage,
  type ArchiveAnswer,
  type ArchiveRead,
  type FrontMessage,
  type RuntimeCall,
  type WorkerMessage,
} from './worker-messages.js';
import type { WorkerSettings } from './worker-settings.js';

/** How often a worker reports its sessions and counters to the main process. */
const STATUS_INTERVAL_MS = 1_000;
/** Events after which the sessions are reported at once (besides every `STATUS_INTERVAL_MS`). */
const SESSION_EVENTS = new Set([
  'Microsoft.Media.LiveEventEncoderConnected',
  'Microsoft.Media.LiveEventEncoderDisconnected',
]);

/** `WorkerChannel` is the IPC channel to the main process (`process` in a forked worker). */
export interface WorkerChannel {
  send(message: WorkerMessage): void;
  onMessage(listener: (message: unknown, handle: unknown) => void): void;
  /** The main process went away. */
  onDisconnect(listener: () => void): void;
}

/**
 * `runMediaWorker` is the body of a media worker process: it waits for `init`, then runs the media side
 * of the live events the main process gives it (their `RunningLiveEvent`s, health, previews and live
 * output archives, one `InletRuntime`), serves their connections (sockets handed over after `connect`,
 * RTMPS relayed over a UNIX socket) and their media over HTTP on a loopback port the main process
 * forwards to. Every event goes to the main process, which owns the event log; nothing here is
 * persisted but media files. Resolves when the worker has stopped.
 */
export function runMediaWorker(channel: WorkerChannel): Promise<void> {
  return new Promise((resolveStopped) => {
    let worker: Promise<StartedWorker> | undefined;
    const early: { message: FrontMessage; handle: unknown }[] = [];
    channel.onMessage((raw, handle) => {
      const message = readFrontMessage(raw);
      if (message === undefined) {
        return;
      }
      if (message.t === 'init') {
        worker ??= startWorker(message.settings, channel).then(async (w) => {
          for (const m of early.splice(0)) {
            await w.handle(m.message, m.handle);
          }
          w.stopped.then(resolveStopped, resolveStopped);
          return w;
        });
        return;
      }
      if (worker === undefined) {
        early.push({ message, handle });
        return;
      }
      void worker.then((w) => w.handle(message, handle));
    });
    channel.onDisconnect(() => {
      if (worker === undefined) {
        resolveStopped();
        return;
      }
      void worker.then((w) => w.shutdown('the main process went away'));
    });
  });
}

interface StartedWorker {
  handle(message: FrontMessage, handle: unknown): Promise<void>;
  shutdown(why: string): Promise<void>;
  readonly stopped: Promise<void>;
}

async function startWorker(settings: WorkerSettings, channel: WorkerChannel): Promise<StartedWorker> {
  const logger: Logger = createLogger(settings.log).child({ worker: settings.index });
  let seq = 0;
  const report: { status?: () => void } = {};
  const outbox: EventOutbox = {
    append: (event) => {
      channel.send({ t: 'event', event });
      if (SESSION_EVENTS.has(event.eventType)) {
        // The dashboard lists an encoder as soon as the main process has its connect event.
        report.status?.();
      }
      return { seq: ++seq, event };
    },
  };
  const bus = new EventBus({
    topic: mediaServicesTopic({
      subscriptionId: settings.account.subscriptionId,
      resourceGroupName: settings.account.resourceGroup,
      accountName: settings.account.name,
    }),
    log: outbox,
    logger: logger.child({ component: 'event-bus' }),
  });
  const history = new EventHistory({ bus, logger: logger.child({ component: 'event-history' }) });
  const assetDirs = new Map<string, string>();
  const { health, registry, runtime } = createMediaSide(settings, {
    logger,
    bus,
    history,
    assetDir: (name) => assetDirs.get(name.toLowerCase()) ?? join(settings.dataDir, 'assets', name),
  });
  const catalog = new MirroredCatalog();
  runtime.attachCatalog(catalog);
  const ingest = new IngestServer({
    logger: logger.child({ component: 'ingest' }),
    liveEvents: registry,
    observer: ingestEventPublisher(bus),
    listeners: [],
    tls: undefined,
    maxConnections: settings.limits.maxConnections,
    limits: rtmpLimitsOf(settings.limits),
    publicHost: settings.publicHostname,
  });
  // The main process checked the preview allow list against the player's address; requests here come
  // from it, over loopback.
  const previews: PreviewDirectory = {
    preview: (name) => {
      const lookup = runtime.preview(name);
      return lookup.kind === 'ok' ? { ...lookup, allows: () => true } : lookup;
    },
  };
  const packagers = createPackagers();
  const http = new HttpService({
    logger: logger.child({ component: 'http' }),
    http: { port: 0, host: '127.0.0.1' },
    https: undefined,
    // Previews only: the main process reads the archives recorded here over IPC (`archive` messages).
    routes: [{ name: 'preview', handle: createPreviewHandler(previews, packagers) }],
    upgrades: [],
  });
  const ports = await http.listen();
  rmSync(settings.relayPath, { force: true });
  const relay = net.createServer((socket) =>
    acceptRelayed(socket, (c) => ingest.adopt(c), logger.child({ component: 'rtmps-relay' })),
  );
  await new Promise<void>((resolve, reject) => {
    relay.once('error', reject);
    relay.listen(settings.relayPath, () => resolve());
  });
  report.status = () => channel.send({ t: 'status', sessions: ingest.sessions(), totals: ingest.totals() });
  const status = setInterval(report.status, STATUS_INTERVAL_MS);
  status.unref();

  let resolveStopped: () => void = () => undefined;
  const stopped = new Promise<void>((r) => (resolveStopped = r));
  let stopping: Promise<void> | undefined;
  const shutdown = (why: string): Promise<void> => {
    stopping ??= (async () => {
      logger.info(`media worker ${settings.index} stopping: ${why}`);
      clearInterval(status);
      relay.close();
      await ingest.close();
      await runtime.close();
      await http.close();
      health.close();
      history.close();
      bus.close();
      rmSync(settings.relayPath, { force: true });
      resolveStopped();
    })();
    return stopping;
  };

  const call = async (c: RuntimeCall): Promise<void> => {
    switch (c.op) {
      case 'start':
        return runtime.start(c.event);
      case 'stop':
        return runtime.stop(c.event, c.reason);
      case 'deleted':
        return runtime.deleted(c.event);
      case 'startOutput':
        assetDirs.set(c.output.assetName.toLowerCase(), c.assetDir);
        return runtime.startOutput(c.event, c.output);
      case 'stopOutput':
        return runtime.stopOutput(c.event, c.output);
    }
  };

  const handle = async (message: FrontMessage, socketHandle: unknown): Promise<void> => {
    switch (message.t) {
      case 'init':
        return;
      case 'catalog':
        catalog.replace(message.entries);
        return;
      case 'call': {
        let error: string | undefined;
        try {
          await call(message.call);
        } catch (err) {
          error = err instanceof Error ? err.message : String(err);
        }
        channel.send({ t: 'reply', id: message.id, error });
        return;
      }
      case 'archive': {
        let error: string | undefined;
        let archive: ArchiveAnswer | undefined;
        try {
          archive = await readArchive(runtime.archives, message.assetName, message.read);
        } catch (err) {
          error = err instanceof Error ? err.message : String(err);
        }
        channel.send({ t: 'reply', id: message.id, error, ...(archive === undefined ? {} : { archive }) });
        return;
      }
      case 'rtmp': {
        if (!(socketHandle instanceof net.Socket)) {
          logger.warn('rtmp hand-over without a socket: ignored');
          return;
        }
        ingest.adopt({
          socket: socketHandle,
          endpoint: message.endpoint,
          remote: message.remote,
          resume: {
            bytesReceived: message.bytesReceived,
            data: message.data,
            answeredBytes: message.answeredBytes,
          },
        });
        return;
      }
      case 'shutdown':
        return shutdown('asked by the main process');
    }
  };

  logger.info(
    { httpPort: ports.http, relayPath: settings.relayPath },
    `media worker ${settings.index} ready (pid ${process.pid})`,
  );
  channel.send({ t: 'ready', httpPort: ports.http ?? 0, relayPath: settings.relayPath });
  return { handle, shutdown, stopped };
}

/** Answers an `ArchiveRead` of the main process from the archives this worker records. */
async function readArchive(
  archives: LiveOutputArchives,
  assetName: string,
  read: ArchiveRead,
): Promise<ArchiveAnswer> {
  const access = archives.recorderOf(assetName) === undefined ? undefined : await archives.archive(assetName);
  if (access === undefined || !access.recording) {
    return { recording: false };
  }
  const { reader } = access.route;
  const window = reader.presentation();
  const answer = {
    recording: true as const,
    manifestName: access.manifestName,
    fragmentsPerTsSegment: access.fragmentsPerTsSegment,
    publishTime: window.publishTime,
  };
  switch (read.kind) {
    case 'window':
      return read.since === window.publishTime ? answer : { ...answer, window };
    case 'init': {
      const init = await reader.init(read.rendition, read.version);
      return { ...answer, data: init === undefined ? undefined : [init] };
    }
    case 'segment':
      return { ...answer, data: await reader.loadSegment(read.rendition, read.sequence) };
  }
}
