import { createRequire } from 'node:module';
import { parseXmlTree, type XmlElement } from '../../test-support/xml-tree.js';

/**
 * dash.js 5's own Smooth Streaming code (the `dashjs/mss` bundle: MssParser, MssFragmentMoovProcessor,
 * MssFragmentMoofProcessor, driven through its MssHandler as the player drives it) run in Node: the
 * manifest as the player reads it, the init segment the player builds from the manifest, and fragments
 * as the player rewrites them before they reach Media Source Extensions. The player's surroundings
 * (event bus, stream processors, playback and metrics controllers, the browser's DOMParser) are small
 * stand-ins; the XML goes through `parseXmlTree`.
 */

/** One entry of a dash.js SegmentTimeline as MssParser makes it from `c` elements. */
export interface MssSegment {
  t: number;
  d: number;
  tManifest?: string;
}

/** The fields of a dash.js Representation that MssParser fills in. */
export interface MssRepresentation {
  readonly id: string;
  readonly bandwidth: number;
  readonly width?: number;
  readonly height?: number;
  readonly codecs: string;
  readonly codecPrivateData: string;
  readonly audioSamplingRate?: number;
  readonly audioChannels?: number;
  readonly mimeType: string;
}

/** A dash.js AdaptationSet as MssParser makes it from a StreamIndex. */
export interface MssAdaptationSet {
  readonly id: string;
  readonly contentType: string;
  readonly lang: string;
  readonly SegmentTemplate: {
    readonly media: string;
    readonly timescale: number;
    readonly presentationTimeOffset?: number;
    readonly SegmentTimeline: { readonly S: MssSegment[]; readonly duration: number };
  };
  readonly Representation: readonly MssRepresentation[];
}

/** The dash.js manifest object MssParser returns. */
export interface MssManifest {
  readonly protocol: string;
  readonly type: 'dynamic' | 'static';
  readonly timescale: number;
  readonly timeShiftBufferDepth?: number;
  readonly mediaPresentationDuration: number;
  readonly minBufferTime: number;
  readonly Period: readonly [
    {
      readonly start: number;
      readonly duration: number;
      readonly AdaptationSet: readonly MssAdaptationSet[];
    },
  ];
}

/** A dash.js error as its error handler receives it (`MSS_NO_TFRF`, `MSS_UNSUPPORTED_CODEC`, ...). */
export interface MssError {
  readonly code: number;
  readonly message: string;
}

type Handler = (e: Record<string, unknown>) => void;

interface MssHandlerInstance {
  registerEvents(): void;
  createMssFragmentProcessor(): void;
  createMssParser(): { parse(text: string): unknown };
}

interface DashjsGlobal {
  dashjs?: { MssHandler: (context: object) => { create(config: object): MssHandlerInstance } };
  self?: unknown;
  window?: unknown;
}

/** DOM-like element over `parseXmlTree`: the calls MssParser makes. */
class ShimElement {
  readonly tagName: string;
  readonly firstChild = null;
  readonly #attributes: Record<string, string>;
  readonly #children: ShimElement[];

  constructor(element: XmlElement | undefined, children?: ShimElement[]) {
    this.tagName = element?.name ?? '#document';
    this.#attributes = { ...(element?.attributes ?? {}) };
    this.#children = children ?? (element?.children ?? []).map((c) => new ShimElement(c));
  }

  getAttribute(name: string): string | null {
    return Object.hasOwn(this.#attributes, name) ? (this.#attributes[name] ?? null) : null;
  }

  setAttribute(name: string, value: unknown): void {
    this.#attributes[name] = String(value);
  }

  getElementsByTagName(name: string): ShimElement[] {
    const out: ShimElement[] = [];
    const walk = (e: ShimElement): void => {
      for (const c of e.#children) {
        if (c.tagName === name) {
          out.push(c);
        }
        walk(c);
      }
    };
    walk(this);
    return out;
  }
}

const bundleRequire = createRequire(import.meta.url);
const bundlePath = bundleRequire.resolve('dashjs/mss');

/** Loads the bundle once per process; it needs `self` and, when parsing, `window.DOMParser`. */
function mssHandlerFactory(): NonNullable<DashjsGlobal['dashjs']>['MssHandler'] {
  const g = globalThis as DashjsGlobal;
  g.self ??= globalThis;
  g.window ??= {
    performance,
    DOMParser: class {
      parseFromString(text: string): ShimElement {
        return new ShimElement(undefined, [new ShimElement(parseXmlTree(text))]);
      }
    },
  };
  if (g.dashjs === undefined) {
    bundleRequire(bundlePath);
  }
  const factory = g.dashjs?.MssHandler;
  if (factory === undefined) {
    throw new Error(`${bundlePath} did not define dashjs.MssHandler`);
  }
  return factory;
}

const EVENTS = {
  INIT_FRAGMENT_NEEDED: 'initFragmentNeeded',
  INIT_FRAGMENT_LOADED: 'initFragmentLoaded',
  FRAGMENT_LOADING_COMPLETED: 'fragmentLoadingCompleted',
  FRAGMENT_LOADING_PROGRESS: 'fragmentLoadingProgress',
  PLAYBACK_PAUSED: 'playbackPaused',
  PLAYBACK_SEEKING: 'playbackSeeking',
  TTML_TO_PARSE: 'ttmlToParse',
} as const;

const noop = (): void => {};

/** `DashMssPlayer` is one dash.js Smooth session: parse a manifest, then build inits and convert fragments. */
export class DashMssPlayer {
  readonly errors: MssError[] = [];
  readonly #handlers = new Map<string, Handler>();
  readonly #parser: { parse(text: string): unknown };
  #manifest: MssManifest | undefined;
  #current: Record<string, unknown> | undefined;
  #lastInit: ArrayBuffer | undefined;

  constructor() {
    const isoBoxer: unknown = createRequire(bundlePath)('codem-isoboxer');
    const logger = { debug: noop, info: noop, warn: noop, error: noop };
    const settings = {
      streaming: {
        delay: { liveDelay: NaN, liveDelayFragmentCount: NaN },
        buffer: {},
        timeShiftBuffer: {},
      },
    };
    const processor = (type: string) => ({
      getType: () => type,
      getRepresentationController: () => ({ getCurrentRepresentation: () => this.#current }),
      getMediaInfo: () => this.#current?.['mediaInfo'],
      getStreamInfo: () => (this.#current?.['mediaInfo'] as { streamInfo: unknown }).streamInfo,
      getFragmentModel: () => ({ isFragmentLoadedOrPending: () => true, executeRequest: noop }),
    });
    const config = {
      eventBus: {
        on: (name: string, fn: Handler) => this.#handlers.set(name, fn),
        off: noop,
        trigger: (name: string, payload: { chunk?: { bytes: ArrayBuffer } }) => {
          if (name === EVENTS.INIT_FRAGMENT_LOADED) {
            this.#lastInit = payload.chunk?.bytes;
          }
        },
      },
      events: EVENTS,
      constants: { AUDIO: 'audio', VIDEO: 'video', TEXT: 'text', STPP: 'stpp' },
      initSegmentType: 'InitializationSegment',
      debug: { getLogger: () => logger },
      ISOBoxer: isoBoxer,
      errHandler: { error: (e: MssError) => this.errors.push({ code: e.code, message: e.message }) },
      dashMetrics: { getCurrentDVRInfo: () => null, addDVRInfo: noop },
      playbackController: {
        isPaused: () => false,
        getTime: () => 0,
        updateCurrentTime: noop,
        getIsDynamic: () => this.#manifest?.type === 'dynamic',
      },
      streamController: {
        getActiveStreamProcessors: () => [
          processor(String((this.#current?.['adaptation'] as { type: string }).type)),
        ],
      },
      manifestModel: { getValue: () => null },
      settings: { get: () => settings, update: noop },
    };
    const handler = mssHandlerFactory()({}).create(config);
    handler.registerEvents();
    handler.createMssFragmentProcessor();
    this.#parser = handler.createMssParser();
  }

  /** `parse` runs MssParser on a client manifest. */
  parse(text: string): MssManifest {
    this.#manifest = this.#parser.parse(text) as MssManifest;
    return this.#manifest;
  }

  #select(adaptationIndex: number, representationIndex: number): Record<string, unknown> {
    const manifest = this.#manifest;
    const set = manifest?.Period[0].AdaptationSet[adaptationIndex];
    const representation = set?.Representation[representationIndex];
    if (manifest === undefined || set === undefined || representation === undefined) {
      throw new Error(`no representation ${adaptationIndex}/${representationIndex} in the parsed manifest`);
    }
    const period = { index: 0, duration: manifest.Period[0].duration, mpd: { manifest } };
    const adaptation = { index: adaptationIndex, type: set.contentType, lang: set.lang, period };
    const manifestInfo = {
      isDynamic: manifest.type === 'dynamic',
      dvrWindowSize: manifest.timeShiftBufferDepth ?? Infinity,
    };
    this.#current = {
      ...representation,
      adaptation,
      mediaInfo: { index: adaptationIndex, streamInfo: { id: 'p0', manifestInfo } },
    };
    return this.#current;
  }

  /** `init` is the init segment dash.js generates for a representation from the manifest alone. */
  init(adaptationIndex: number, representationIndex: number): Uint8Array {
    const representation = this.#select(adaptationIndex, representationIndex);
    this.#lastInit = undefined;
    const type = (representation['adaptation'] as { type: string }).type;
    this.#handlers.get(EVENTS.INIT_FRAGMENT_NEEDED)?.({
      type: EVENTS.INIT_FRAGMENT_NEEDED,
      mediaType: type,
      sender: {},
    });
    if (this.#lastInit === undefined) {
      throw new Error(`dash.js built no init segment: ${JSON.stringify(this.errors)}`);
    }
    return new Uint8Array(this.#lastInit);
  }

  /**
   * `convert` hands a downloaded fragment to dash.js as its fragment loader would (a MediaSegment
   * request for `segment` of the representation) and returns the bytes dash.js appends to its buffer.
   * For a live manifest dash.js also extends the SegmentTimeline from the fragment's `tfrf`.
   */
  convert(
    adaptationIndex: number,
    representationIndex: number,
    segment: MssSegment,
    fragment: Uint8Array,
  ): Uint8Array {
    const representation = this.#select(adaptationIndex, representationIndex);
    const set = this.#manifest?.Period[0].AdaptationSet[adaptationIndex];
    const timescale = set?.SegmentTemplate.timescale ?? 1;
    const e: Record<string, unknown> = {
      request: {
        type: 'MediaSegment',
        mediaType: (representation['adaptation'] as { type: string }).type,
        representation,
        startTime: segment.t / timescale,
        duration: segment.d / timescale,
        timescale,
        index: 0,
      },
      response: fragment.slice().buffer,
      sender: {},
    };
    this.#handlers.get(EVENTS.FRAGMENT_LOADING_COMPLETED)?.(e);
    return new Uint8Array(e['response'] as ArrayBuffer);
  }
}
