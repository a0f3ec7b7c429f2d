import type { SystemData } from '../../resources/system-data.js';

/** `EnabledProtocols` are the protocols a streaming policy lets a locator serve (AMS `EnabledProtocols`). */
export interface EnabledProtocols {
  readonly download: boolean;
  readonly dash: boolean;
  readonly hls: boolean;
  readonly smoothStreaming: boolean;
}

/**
 * `StreamingPolicyRecord` is one streaming policy (AMS v3 `StreamingPolicy`). Inlet serves clear
 * (unencrypted) media only, so a policy it can apply has `noEncryption`; the predefined DRM and AES
 * policies exist so clients can list and read them, and a locator naming one is refused. `encryption`
 * holds the wire form of the encryption sections of those predefined policies.
 */
export interface StreamingPolicyRecord {
  readonly name: string;
  readonly created: string;
  readonly predefined: boolean;
  readonly defaultContentKeyPolicyName: string | null;
  /** The protocols served in the clear; `null` for a policy that encrypts (not servable by Inlet). */
  readonly noEncryption: { readonly enabledProtocols: EnabledProtocols } | null;
  /** `envelopeEncryption`, `commonEncryptionCenc`, `commonEncryptionCbcs` as AMS shows them (predefined only). */
  readonly encryption: Readonly<Record<string, unknown>>;
  readonly systemData: SystemData | null;
}
