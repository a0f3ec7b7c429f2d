import { JsonObjectReader } from '../../resources/json-object-reader.js';
import { ResourceError } from '../../resources/resource-error.js';
import { readSystemData } from '../../resources/system-data.js';
import type { EnabledProtocols, StreamingPolicyRecord } from './streaming-policy-record.js';

/** `STREAMING_POLICY_DOCUMENT_VERSION` is the file format version of a custom policy. */
export const STREAMING_POLICY_DOCUMENT_VERSION = 1;

/** `serializeStreamingPolicy` is the file content of a custom policy. */
export function serializeStreamingPolicy(policy: StreamingPolicyRecord): string {
  return `${JSON.stringify({ version: STREAMING_POLICY_DOCUMENT_VERSION, streamingPolicy: policy }, null, 2)}\n`;
}

/** `readEnabledProtocols` reads an `enabledProtocols` object (every flag required, as the ARM model). */
export function readEnabledProtocols(r: JsonObjectReader): EnabledProtocols {
  const flag = (key: string): boolean => {
    const v = r.optBoolean(key);
    if (v === undefined) {
      throw new ResourceError('BadRequest', `${r.at(key)} is required (true or false)`, r.at(key));
    }
    return v;
  };
  return {
    download: flag('download'),
    dash: flag('dash'),
    hls: flag('hls'),
    smoothStreaming: flag('smoothStreaming'),
  };
}

/** `parseStreamingPolicy` checks a custom policy file and returns the record. */
export function parseStreamingPolicy(json: unknown): StreamingPolicyRecord {
  const root = new JsonObjectReader(json, '');
  const version = root.optInteger('version');
  if (version !== STREAMING_POLICY_DOCUMENT_VERSION) {
    throw new ResourceError(
      'BadRequest',
      `unsupported file format version ${String(version)} (this Inlet reads version ${STREAMING_POLICY_DOCUMENT_VERSION})`,
    );
  }
  const r = root.object('streamingPolicy');
  return {
    name: r.string('name'),
    created: r.string('created'),
    predefined: false,
    defaultContentKeyPolicyName: null,
    noEncryption: {
      enabledProtocols: readEnabledProtocols(r.object('noEncryption').object('enabledProtocols')),
    },
    encryption: {},
    systemData: readSystemData(r.object('systemData')),
  };
}
