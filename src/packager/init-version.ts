import { codecHandler } from '../codecs/codec-registry.js';
import { writeInitSegment } from '../formats/fmp4/init-segment.js';
import type { Track } from '../media/track.js';
import { TRACK_ID } from './chunk-run.js';
import type { InitSegment, RenditionConfiguration } from './rendition-window.js';
import { VIDEO_TIMESCALE } from './sample-clock.js';

/** `InitVersion` is one decoder configuration of a rendition: its CMAF header and what it describes. */
export interface InitVersion {
  readonly init: InitSegment;
  readonly configuration: RenditionConfiguration;
  /** Media timescale of segments decoding with this header. */
  readonly timescale: number;
}

/** `InitFacts` are the rendition facts an init segment carries besides the track's configuration. */
export interface InitFacts {
  readonly declaredBitrate?: number | undefined;
  readonly frameRate?: number | undefined;
  /** BCP-47 language tag; only a three-letter ISO 639-2/T code reaches `mdhd`. */
  readonly language?: string | undefined;
}

/** ISO 639-2/T codes are three lowercase letters (ISO/IEC 14496-12 §8.4.2.3 packs them into `mdhd`). */
const ISO_639_2 = /^[a-z]{3}$/;

/** `mediaTimescale` is the rendition timescale of a track: 90 kHz for video, the sample rate for audio. */
export function mediaTimescale(track: Track): number {
  return track.config.kind === 'audio' ? track.config.sampleRate : VIDEO_TIMESCALE;
}

/**
 * `buildInitVersion` writes the CMAF header (ISO/IEC 23000-19 §7.3.2.1) of `track` as init `version`: one
 * track (ID 1) with the codec registry's sample entry (`btrt`/`esds` bitrates from the declared bitrate)
 * and the matching `RenditionConfiguration` for the manifests.
 */
export function buildInitVersion(version: number, track: Track, facts: InitFacts): InitVersion {
  const { config } = track;
  const bitrate = facts.declaredBitrate ?? track.declaredBitrate;
  const sampleEntry = codecHandler(config.codec).sampleEntry(
    config,
    bitrate === undefined ? {} : { averageBitrate: bitrate },
  );
  const timescale = mediaTimescale(track);
  const language =
    facts.language !== undefined && ISO_639_2.test(facts.language) ? facts.language : undefined;
  const data = writeInitSegment({
    tracks: [
      {
        trackId: TRACK_ID,
        kind: config.kind,
        timescale,
        sampleEntry,
        ...(config.kind === 'video' ? { width: config.width, height: config.height } : {}),
        ...(language === undefined ? {} : { language }),
      },
    ],
  });
  const configuration: RenditionConfiguration =
    config.kind === 'video'
      ? {
          initVersion: version,
          codecString: config.codecString,
          ...(config.width > 0 ? { width: config.width, height: config.height } : {}),
          ...(facts.frameRate === undefined ? {} : { frameRate: facts.frameRate }),
        }
      : {
          initVersion: version,
          codecString: config.codecString,
          sampleRate: config.sampleRate,
          channelCount: config.channelCount,
        };
  return { init: { version, data }, configuration, timescale };
}

/** `InitVersionsOptions` configures `InitVersions`. */
export interface InitVersionsOptions {
  readonly track: Track;
  readonly facts: InitFacts;
  /** Version of the first configuration (0, or where a removed rendition stopped). */
  readonly firstVersion: number;
  /** Called with every new version. */
  readonly onInit: (init: InitSegment) => void;
}

/**
 * `InitVersions` keeps the init segments of one rendition: the current one and the older ones that
 * segments in the window still decode with (`prune` drops the rest).
 */
export class InitVersions {
  readonly #facts: InitFacts;
  readonly #onInit: (init: InitSegment) => void;
  readonly #versions = new Map<number, InitVersion>();
  #current: InitVersion;

  constructor(options: InitVersionsOptions) {
    this.#facts = options.facts;
    this.#onInit = options.onInit;
    this.#current = this.#create(options.firstVersion, options.track);
  }

  get current(): InitVersion {
    return this.#current;
  }

  /** The versions held, by number. */
  get all(): ReadonlyMap<number, InitVersion> {
    return this.#versions;
  }

  get(version: number): InitVersion | undefined {
    return this.#versions.get(version);
  }

  /** Makes `track` the current configuration as the next version. */
  next(track: Track): InitVersion {
    this.#current = this.#create(this.#current.init.version + 1, track);
    return this.#current;
  }

  /** Drops every version but the current one and those in `inUse`. */
  prune(inUse: ReadonlySet<number>): void {
    for (const version of this.#versions.keys()) {
      if (version !== this.#current.init.version && !inUse.has(version)) {
        this.#versions.delete(version);
      }
    }
  }

  #create(version: number, track: Track): InitVersion {
    const created = buildInitVersion(version, track, this.#facts);
    this.#versions.set(version, created);
    this.#onInit(created.init);
    return created;
  }
}
