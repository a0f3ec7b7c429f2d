/**
 * The benchmark's vocabulary: which server, which publishers, which topology, and what one measured point
 * holds. `normalizePoint` reads points of runs saved before publishers, topologies and PSS were measured.
 */
import type { LoadReport } from '../load/load-generator.js';
import type { Summary } from '../common/stats.js';

/**
 * `ServerKind`: nginx-rtmp (HLS + DASH), Node-Media-Server (pure ingest), Inlet's full pipeline in one
 * process (`INLET_WORKERS=0`) and with one media worker process per core, Inlet with the least packaging that still
 * keeps a preview, Inlet ingest only (`INLET_PREVIEW=false`), a low-latency event.
 */
export type ServerKind =
  'nginx' | 'nms' | 'inlet' | 'inlet-workers' | 'inlet-lean' | 'inlet-ingest' | 'inlet-ll';

export const SERVER_KINDS: readonly ServerKind[] = [
  'nginx',
  'nms',
  'inlet',
  'inlet-workers',
  'inlet-lean',
  'inlet-ingest',
  'inlet-ll',
];

/** `PublisherKind`: one ffmpeg process per stream, or the load generator (one process, every stream). */
export type PublisherKind = 'ffmpeg' | 'load';
export const PUBLISHER_KINDS: readonly PublisherKind[] = ['ffmpeg', 'load'];

/**
 * `Topology`: `per-event` is one live event per stream (`e0`…`eN-1`, stream `s0` each, its own token: one
 * event per channel, the AMS case); `one-event` is one live event `load` with N stream names. `any` marks
 * a peer's point: nginx and NMS have one application and N stream names either way, so one measurement
 * serves both topologies.
 */
export type Topology = 'per-event' | 'one-event';
export const TOPOLOGIES: readonly Topology[] = ['per-event', 'one-event'];
export type PointTopology = Topology | 'any';

/** `isPeer`: a server that is not Inlet (its point serves every topology). */
export function isPeer(server: ServerKind): boolean {
  return server === 'nginx' || server === 'nms';
}

/** `PointOptions` configures one measurement. Durations in ms. */
export interface PointOptions {
  readonly server: ServerKind;
  readonly streams: number;
  readonly publisher: PublisherKind;
  readonly topology: PointTopology;
  readonly fixture: string;
  readonly warmupMs: number;
  readonly measureMs: number;
  readonly secure: boolean;
  readonly log: (line: string) => void;
  /** Node flags for the Inlet process (e.g. `--cpu-prof --cpu-prof-dir DIR`). */
  readonly inletNodeArgs?: readonly string[];
}

/** `PointResult` is what one measurement found. Sizes in bytes, CPU in % of one core. */
export interface PointResult {
  readonly server: ServerKind;
  readonly streams: number;
  readonly publisher: PublisherKind;
  readonly topology: PointTopology;
  /** Server process tree (children and threads), over the measurement window. */
  readonly cpuPercent: number;
  readonly cpuPercentPerStream: number;
  /**
   * Process tree RSS / PSS before any stream, and the mean over the window; per stream: (mean − idle) / N,
   * for PSS of its anonymous part (`Pss_Anon` + `Pss_Shmem`), which unrelated processes mapping the same
   * files (other Node processes: the node binary) do not move.
   */
  readonly idleRssBytes: number;
  readonly rssBytes: number;
  readonly rssPerStreamBytes: number;
  readonly idlePssBytes?: number;
  readonly pssBytes?: number;
  readonly idlePssAnonBytes?: number;
  readonly pssAnonBytes?: number;
  readonly pssPerStreamBytes?: number;
  /** The publishers' own CPU (every ffmpeg process, or the load generator). */
  readonly publisherCpuPercent: number;
  readonly loadGenerator?: LoadReport['totals'];
  /** ffmpeg publishers: the slowest one's media time over wall time in the window (1 = real time). */
  readonly publisherPace?: number;
  /** Playlists (Inlet: video and audio of every stream over HTTP; nginx: HLS on disk) that advanced. */
  readonly playlists?: { readonly checked: number; readonly advancing: number };
  /** Inlet with the load generator: coded frames sent vs samples packaged. */
  readonly frames?: { readonly sent: number; readonly packaged: number; readonly lost: number };
  readonly segmentLatency?: Summary;
  readonly partLatency?: Summary;
  /** Inlet: `process.memoryUsage()` at the end of the window (heap, external, array buffers). */
  readonly memory?: NodeJS.MemoryUsage & { readonly packagerBytes: number };
  /** Server CPU over the window by thread (`main`, `others`, `main <comm>[pid]` of children), % of a core. */
  readonly threads?: Record<string, { readonly user: number; readonly system: number }>;
  /** Inlet: log lines at error level or above. */
  readonly logErrors?: number;
  /** Inlet: "segment not stored" warnings (segments lost because the disk write queue was full). */
  readonly notStoredWarnings?: number;
  /**
   * Playlists advanced, no frame lost, no segment left unstored, publishers kept their schedule, no
   * thread saturated.
   */
  readonly keptUp: boolean;
  readonly notes: string[];
}

/** `PointFailure` is a point that could not be measured (the server or a publisher failed). */
export interface PointFailure {
  readonly server: ServerKind;
  readonly streams: number;
  readonly publisher: PublisherKind;
  readonly topology: PointTopology;
  readonly error: string;
}

type SavedPoint = Partial<PointResult> & {
  readonly server: ServerKind;
  readonly streams: number;
  readonly loadGeneratorCpuPercent?: number;
};

/**
 * `normalizePoint` fills what runs saved before publisher kinds and topologies were measured lack: they
 * used the load generator and one live event (Node-Media-Server's points serve either topology).
 */
export function normalizePoint(p: SavedPoint): PointResult {
  return {
    ...p,
    publisher: p.publisher ?? 'load',
    topology: p.topology ?? (isPeer(p.server) ? 'any' : 'one-event'),
    cpuPercent: p.cpuPercent ?? 0,
    cpuPercentPerStream: p.cpuPercentPerStream ?? 0,
    idleRssBytes: p.idleRssBytes ?? 0,
    rssBytes: p.rssBytes ?? 0,
    rssPerStreamBytes: p.rssPerStreamBytes ?? 0,
    publisherCpuPercent: p.publisherCpuPercent ?? p.loadGeneratorCpuPercent ?? 0,
    keptUp: p.keptUp ?? false,
    notes: p.notes ?? [],
  };
}
