import type { EnabledProtocols, StreamingPolicyRecord } from './streaming-policy-record.js';

/** The creation time shown for the predefined policies (they exist with every account). */
const PREDEFINED_CREATED = '2018-03-20T00:00:00Z';

const STREAMING: EnabledProtocols = { download: false, dash: true, hls: true, smoothStreaming: true };

function clear(name: string, enabledProtocols: EnabledProtocols): StreamingPolicyRecord {
  return {
    name,
    created: PREDEFINED_CREATED,
    predefined: true,
    defaultContentKeyPolicyName: null,
    noEncryption: { enabledProtocols },
    encryption: {},
    systemData: null,
  };
}

function encrypted(name: string, encryption: Record<string, unknown>): StreamingPolicyRecord {
  return {
    name,
    created: PREDEFINED_CREATED,
    predefined: true,
    defaultContentKeyPolicyName: null,
    noEncryption: null,
    encryption,
    systemData: null,
  };
}

const CENC = {
  enabledProtocols: { download: false, dash: true, hls: false, smoothStreaming: true },
  clearTracks: [],
  contentKeys: { defaultKey: { label: 'cencDefaultKey' }, keyToTrackMappings: [] },
  drm: { playReady: {}, widevine: {} },
};

const CBCS = {
  enabledProtocols: { download: false, dash: false, hls: true, smoothStreaming: false },
  clearTracks: [],
  contentKeys: { defaultKey: { label: 'cbcsDefaultKey' }, keyToTrackMappings: [] },
  drm: { fairPlay: { allowPersistentLicense: false } },
};

/**
 * `PREDEFINED_STREAMING_POLICIES` are the policies every AMS account had (Metadata 2022-08-01
 * `PredefinedStreamingPolicy` values). The three clear ones are served; `Predefined_ClearKey` (AES-128
 * envelope) and the multi-DRM ones are listed and readable, and refused for locators: Inlet has no
 * content protection.
 */
export const PREDEFINED_STREAMING_POLICIES: readonly StreamingPolicyRecord[] = [
  clear('Predefined_DownloadOnly', { download: true, dash: false, hls: false, smoothStreaming: false }),
  clear('Predefined_ClearStreamingOnly', STREAMING),
  clear('Predefined_DownloadAndClearStreaming', { ...STREAMING, download: true }),
  encrypted('Predefined_ClearKey', {
    envelopeEncryption: {
      enabledProtocols: STREAMING,
      clearTracks: [],
      contentKeys: { defaultKey: { label: 'aesDefaultKey' }, keyToTrackMappings: [] },
    },
  }),
  encrypted('Predefined_MultiDrmCencStreaming', { commonEncryptionCenc: CENC }),
  encrypted('Predefined_MultiDrmStreaming', { commonEncryptionCenc: CENC, commonEncryptionCbcs: CBCS }),
];
