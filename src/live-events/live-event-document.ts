import { parseIpRange } from '../lib/net/ip-range.js';
import { JsonObjectReader } from '../resources/json-object-reader.js';
import { ResourceError } from '../resources/resource-error.js';
import { readSystemData } from '../resources/system-data.js';
import type {
  IpAccessControl,
  LiveEventEncodingType,
  LiveEventRecord,
  LiveEventResourceState,
  LiveOutputRecord,
  LiveOutputResourceState,
  ProvisioningState,
  StreamOption,
} from './live-event-record.js';

/**
 * `LiveEventDocument` is the content of one file `<dataDir>/live-events/<name>.json`: a live event
 * and its live outputs, written together so one atomic write keeps them consistent.
 */
export interface LiveEventDocument {
  readonly liveEvent: LiveEventRecord;
  readonly liveOutputs: readonly LiveOutputRecord[];
}

/** `LIVE_EVENT_DOCUMENT_VERSION` is the file format version; a reader refuses versions it does not know. */
export const LIVE_EVENT_DOCUMENT_VERSION = 1;

/** `serializeLiveEventDocument` writes a document as indented JSON (readable, diffable by operators). */
export function serializeLiveEventDocument(doc: LiveEventDocument): string {
  return `${JSON.stringify({ version: LIVE_EVENT_DOCUMENT_VERSION, ...doc }, null, 2)}\n`;
}

function oneOf<T extends string>(r: JsonObjectReader, key: string, allowed: readonly T[]): T {
  const v = r.string(key);
  const found = allowed.find((a) => a === v);
  if (found === undefined) {
    throw new ResourceError(
      'BadRequest',
      `${r.at(key)} must be one of ${allowed.join(', ')}, not ${JSON.stringify(v)}`,
    );
  }
  return found;
}

function nullableString(r: JsonObjectReader, key: string): string | null {
  return r.optString(key) ?? null;
}

const EVENT_STATES: readonly LiveEventResourceState[] = [
  'Stopped',
  'Allocating',
  'StandBy',
  'Starting',
  'Running',
  'Stopping',
  'Deleting',
];
const OUTPUT_STATES: readonly LiveOutputResourceState[] = ['Creating', 'Running', 'Deleting'];
const PROVISIONING: readonly ProvisioningState[] = ['InProgress', 'Succeeded', 'Failed'];
const ENCODING_TYPES: readonly LiveEventEncodingType[] = ['None', 'PassthroughBasic', 'PassthroughStandard'];
const STREAM_OPTIONS: readonly StreamOption[] = ['Default', 'LowLatency', 'LowLatencyV2'];

function accessControl(r: JsonObjectReader): IpAccessControl {
  return { allow: (r.optArray('allow') ?? []).map((e) => parseIpRange(e)) };
}

function liveEvent(r: JsonObjectReader): LiveEventRecord {
  const input = r.object('input');
  const preview = r.object('preview');
  const encoding = r.object('encoding');
  const policies = r.object('crossSiteAccessPolicies');
  return {
    name: r.string('name'),
    location: r.string('location'),
    tags: r.optStringMap('tags') ?? {},
    description: r.string('description'),
    input: {
      streamingProtocol: oneOf(input, 'streamingProtocol', ['RTMP'] as const),
      accessToken: input.string('accessToken'),
      keyFrameIntervalDuration: input.string('keyFrameIntervalDuration'),
      accessControl: accessControl(input.object('accessControl')),
      timedMetadataEndpoints: (input.optObjects('timedMetadataEndpoints') ?? []).map((e) => ({
        url: e.string('url'),
      })),
    },
    preview: {
      accessControl: accessControl(preview.object('accessControl')),
      previewLocator: preview.string('previewLocator'),
      streamingPolicyName: nullableString(preview, 'streamingPolicyName'),
      alternativeMediaId: nullableString(preview, 'alternativeMediaId'),
    },
    encoding: {
      encodingType: oneOf(encoding, 'encodingType', ENCODING_TYPES),
      presetName: nullableString(encoding, 'presetName'),
      stretchMode: nullableString(encoding, 'stretchMode'),
      keyFrameInterval: nullableString(encoding, 'keyFrameInterval'),
    },
    transcriptions: (r.optObjects('transcriptions') ?? []).map((t) => {
      const track = t.optObject('outputTranscriptionTrack');
      return {
        language: nullableString(t, 'language'),
        inputTrackSelection: (t.optObjects('inputTrackSelection') ?? []).map((s) => ({
          property: nullableString(s, 'property'),
          operation: nullableString(s, 'operation'),
          value: nullableString(s, 'value'),
        })),
        outputTranscriptionTrack: track === undefined ? null : { trackName: track.string('trackName') },
      };
    }),
    crossSiteAccessPolicies: {
      clientAccessPolicy: nullableString(policies, 'clientAccessPolicy'),
      crossDomainPolicy: nullableString(policies, 'crossDomainPolicy'),
    },
    useStaticHostname: r.optBoolean('useStaticHostname') ?? false,
    hostnamePrefix: nullableString(r, 'hostnamePrefix'),
    streamOptions: (r.optStrings('streamOptions') ?? []).map((s) => {
      const found = STREAM_OPTIONS.find((o) => o === s);
      if (found === undefined) {
        throw new ResourceError(
          'BadRequest',
          `${r.at('streamOptions')} has unknown value ${JSON.stringify(s)}`,
        );
      }
      return found;
    }),
    created: r.string('created'),
    lastModified: r.string('lastModified'),
    provisioningState: oneOf(r, 'provisioningState', PROVISIONING),
    resourceState: oneOf(r, 'resourceState', EVENT_STATES),
    systemData: readSystemData(r.object('systemData')),
  };
}

function liveOutput(r: JsonObjectReader): LiveOutputRecord {
  const hls = r.optObject('hls');
  return {
    name: r.string('name'),
    description: r.string('description'),
    assetName: r.string('assetName'),
    archiveWindowLength: r.string('archiveWindowLength'),
    rewindWindowLength: nullableString(r, 'rewindWindowLength'),
    manifestName: r.string('manifestName'),
    hls:
      hls === undefined ? null : { fragmentsPerTsSegment: hls.optInteger('fragmentsPerTsSegment') ?? null },
    outputSnapTime: r.optInteger('outputSnapTime') ?? null,
    created: r.string('created'),
    lastModified: r.string('lastModified'),
    provisioningState: oneOf(r, 'provisioningState', PROVISIONING),
    resourceState: oneOf(r, 'resourceState', OUTPUT_STATES),
    systemData: readSystemData(r.object('systemData')),
  };
}

/**
 * `parseLiveEventDocument` checks the structure and types of a parsed file and returns the document.
 * Throws an `Error` naming the first bad property (`liveEvent.input.accessToken is required`).
 */
export function parseLiveEventDocument(json: unknown): LiveEventDocument {
  const root = new JsonObjectReader(json, '');
  const version = root.optInteger('version');
  if (version !== LIVE_EVENT_DOCUMENT_VERSION) {
    throw new ResourceError(
      'BadRequest',
      `unsupported file format version ${String(version)} (this Inlet reads version ${LIVE_EVENT_DOCUMENT_VERSION})`,
    );
  }
  return {
    liveEvent: liveEvent(root.object('liveEvent')),
    liveOutputs: (root.optObjects('liveOutputs') ?? []).map(liveOutput),
  };
}
