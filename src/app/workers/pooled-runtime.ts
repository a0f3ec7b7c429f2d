import type { Logger } from 'pino';
import type { EventHistory } from '../../events/event-history.js';
import type { AssetDirectory } from '../../http/asset-handler.js';
import type { PresentationRoute } from '../../http/presentation-handler.js';
import type { PreviewDirectory, PreviewLookup } from '../../http/preview-handler.js';
import type { IngestHandover } from '../../ingest/ingest-server.js';
import { liveEventKey, type LiveEventKey } from '../../lib/names/live-event-key.js';
import type { LiveEventCatalog } from '../../live-events/live-event-catalog.js';
import type { LiveEvent, LiveOutputRecord } from '../../live-events/live-event-record.js';
import type { LiveEventRuntime, LiveEventStopReason } from '../../live-events/live-event-runtime.js';
import type { AssetArchives, LiveOutputArchives } from '../live-output-archives.js';
import { PooledArchives } from './pooled-archives.js';
import type { CatalogEntry } from './worker-messages.js';
import type { WorkerPool } from './worker-pool.js';

/** `PooledRuntimeOptions` are what the runtime over media workers needs from the app. */
export interface PooledRuntimeOptions {
  readonly pool: WorkerPool;
  readonly logger: Logger;
  readonly history: EventHistory;
  /** Archives on disk, read here (a recording one lives in the worker that records it). */
  readonly archives: LiveOutputArchives;
  /** `packager.preview`: without it a live event is packaged only while a live output archives it. */
  readonly preview: boolean;
  /** The directory of an asset's archive (its container). */
  readonly assetDir: (assetName: string) => string;
  /** Makes sure the asset a live output records into exists. */
  readonly ensureAsset?: (assetName: string, recorder: string) => Promise<unknown>;
}

/**
 * `PooledRuntime` is the `LiveEventRuntime` of a main process whose live events run in media workers.
 * Each live event has one owner, the worker it was first given to (the one with the fewest live events),
 * for as long as it exists, so its live outputs, preview files and archives stay with one process; every
 * operation on it is carried out there. Encoder connections go to the owner of the live event their
 * access token names; previews are forwarded to it over loopback HTTP after the allow list is checked
 * here. A worker that starts again after a crash gets its live events back: their live outputs, then a
 * start for those that were running (a new run: HLS discontinuity, DASH Period; encoders reconnect).
 */
export class PooledRuntime implements LiveEventRuntime, PreviewDirectory, AssetDirectory {
  readonly #o: PooledRuntimeOptions;
  readonly #owner = new Map<LiveEventKey, number>();
  /** Live events running, with the record they were started with. */
  readonly #running = new Map<LiveEventKey, LiveEvent>();
  readonly #archives: PooledArchives;
  #catalog: LiveEventCatalog | undefined;
  #nextForUnknown = 0;

  constructor(options: PooledRuntimeOptions) {
    this.#o = options;
    this.#archives = new PooledArchives({
      read: (worker, assetName, read) => options.pool.readArchive(worker, assetName, read),
      recorderOf: (assetName) => this.#recorderOf(assetName),
      local: options.archives,
      logger: options.logger,
    });
  }

  /** The asset archives: a recording one read from its worker, the others from disk here. */
  get archives(): AssetArchives {
    return this.#archives;
  }

  /** Connects the catalog: every change is mirrored to the workers. */
  attachCatalog(catalog: LiveEventCatalog): void {
    this.#catalog = catalog;
    const mirror = (): void => {
      const entries: CatalogEntry[] = catalog.list().map((s) => ({ event: s.event, outputs: s.liveOutputs }));
      this.#o.pool.setCatalog(entries);
    };
    mirror();
    catalog.onChange(mirror);
  }

  /** The worker owning live event `name`, if it has one. */
  ownerOf(name: string): number | undefined {
    return this.#owner.get(liveEventKey(name));
  }

  // LiveEventRuntime

  async start(event: LiveEvent): Promise<void> {
    const key = liveEventKey(event.name);
    const owner = this.#assign(key);
    await this.#o.pool.call(owner, { op: 'start', event });
    this.#running.set(key, event);
    this.#o.logger.info(
      { liveEvent: event.name, worker: owner },
      `live event ${event.name} runs in media worker ${owner}`,
    );
  }

  async stop(event: LiveEvent, reason: LiveEventStopReason): Promise<void> {
    const key = liveEventKey(event.name);
    this.#running.delete(key);
    const owner = this.#owner.get(key);
    if (owner !== undefined) {
      await this.#o.pool.call(owner, { op: 'stop', event, reason });
    }
  }

  async deleted(event: LiveEvent): Promise<void> {
    const key = liveEventKey(event.name);
    const owner = this.#owner.get(key);
    this.#owner.delete(key);
    this.#running.delete(key);
    this.#o.history.forget(event.name);
    if (owner !== undefined) {
      await this.#o.pool.call(owner, { op: 'deleted', event });
    }
  }

  async startOutput(event: LiveEvent, output: LiveOutputRecord): Promise<void> {
    await this.#o.ensureAsset?.(
      output.assetName,
      `live output '${output.name}' of live event '${event.name}'`,
    );
    const owner = this.#assign(liveEventKey(event.name));
    await this.#o.pool.call(owner, {
      op: 'startOutput',
      event,
      output,
      assetDir: this.#o.assetDir(output.assetName),
    });
    this.#archives.forget(output.assetName);
  }

  async stopOutput(event: LiveEvent, output: LiveOutputRecord): Promise<void> {
    const owner = this.#owner.get(liveEventKey(event.name));
    if (owner !== undefined) {
      await this.#o.pool.call(owner, { op: 'stopOutput', event, output });
    }
    this.#archives.forget(output.assetName);
  }

  // Connections

  /** Hands an encoder connection to the worker owning the live event its `connect` names. */
  handOver(handover: IngestHandover): void {
    const owner = this.#ownerOfToken(handover.accessToken);
    this.#o.pool.handOver(owner, handover);
  }

  // PreviewDirectory

  preview(liveEventName: string): PreviewLookup {
    const snapshot = this.#catalog?.get(liveEventName);
    if (snapshot === undefined) {
      return { kind: 'missing', reason: `no live event named "${liveEventName}"` };
    }
    const key = liveEventKey(liveEventName);
    const owner = this.#owner.get(key);
    if (owner === undefined || !this.#running.has(key)) {
      return {
        kind: 'missing',
        reason: `live event ${snapshot.name} is ${snapshot.resourceState}: its preview exists only while it is Running`,
      };
    }
    if (!this.#o.preview && snapshot.liveOutputs.length === 0) {
      return {
        kind: 'missing',
        reason: `live event ${snapshot.name} has no preview: Inlet runs ingest only (packager.preview is false) and no live output archives it`,
      };
    }
    const pool = this.#o.pool;
    return {
      kind: 'forward',
      allows: (ip) => snapshot.previewAllow.allows(ip),
      target: {
        get port() {
          return pool.httpPort(owner);
        },
        unavailable: `the media worker running live event ${snapshot.name} is restarting; retry in a moment`,
      },
    };
  }

  // AssetDirectory

  async asset(assetName: string): Promise<PresentationRoute | undefined> {
    return (await this.#archives.archive(assetName))?.route;
  }

  /** Worker `index` started again: its live outputs are registered again and its running events started. */
  restarted(index: number): void {
    const catalog = this.#catalog;
    void (async () => {
      for (const [key, owner] of this.#owner) {
        if (owner !== index) {
          continue;
        }
        const snapshot = catalog?.get(key);
        const running = this.#running.get(key);
        const event = snapshot?.event ?? running;
        if (event === undefined) {
          continue;
        }
        try {
          for (const output of snapshot?.liveOutputs ?? []) {
            await this.#o.pool.call(index, {
              op: 'startOutput',
              event,
              output,
              assetDir: this.#o.assetDir(output.assetName),
            });
          }
          if (running !== undefined) {
            await this.#o.pool.call(index, { op: 'start', event: snapshot?.event ?? running });
            this.#o.logger.warn(
              { liveEvent: event.name, worker: index },
              `live event ${event.name} running again in media worker ${index} after it restarted`,
            );
          }
        } catch (err) {
          this.#o.logger.error(
            { err, liveEvent: event.name, worker: index },
            `live event ${event.name} could not be started again in media worker ${index}: stop and start it`,
          );
        }
      }
    })();
  }

  /** The owner of the running live event with a live output recording into `assetName`. */
  #recorderOf(assetName: string): number | undefined {
    const asset = assetName.toLowerCase();
    for (const snapshot of this.#catalog?.list() ?? []) {
      const key = liveEventKey(snapshot.name);
      if (this.#running.has(key) && snapshot.liveOutputs.some((o) => o.assetName.toLowerCase() === asset)) {
        return this.#owner.get(key);
      }
    }
    return undefined;
  }

  /** The owner of `key`, or the worker with the fewest live events (lowest index on a tie). */
  #assign(key: LiveEventKey): number {
    const known = this.#owner.get(key);
    if (known !== undefined) {
      return known;
    }
    const counts = new Array<number>(this.#o.pool.size).fill(0);
    for (const owner of this.#owner.values()) {
      counts[owner] = (counts[owner] ?? 0) + 1;
    }
    let best = 0;
    for (let i = 1; i < counts.length; i++) {
      if ((counts[i] ?? 0) < (counts[best] ?? 0)) {
        best = i;
      }
    }
    this.#owner.set(key, best);
    return best;
  }

  /**
   * The worker for a connection naming `token`: the owner of the live event with that token. A token
   * that names no live event with an owner goes to the workers in turn, whose admission refuses it with
   * the right result code.
   */
  #ownerOfToken(token: string | undefined): number {
    const snapshot = token === undefined ? undefined : this.#catalog?.findByAccessToken(token);
    const owner = snapshot === undefined ? undefined : this.#owner.get(liveEventKey(snapshot.name));
    if (owner !== undefined) {
      return owner;
    }
    this.#nextForUnknown = (this.#nextForUnknown + 1) % this.#o.pool.size;
    return this.#nextForUnknown;
  }
}
