import type { StreamingConfig } from '../config.js';
import { field } from '../config-field.js';
import type { ConfigSources } from '../config-sources.js';
import { enumValue, integerValue } from '../values/scalar-values.js';

const defaultEndpoint = field({
  key: 'streaming.defaultEndpoint',
  env: 'INLET_DEFAULT_STREAMING_ENDPOINT',
  default: 'Stopped',
  description:
    'State of the streaming endpoint "default" created at the first start: Stopped (as in AMS; start it before locator URLs play) or Running.',
  parse: enumValue(['Stopped', 'Running'] as const),
  fallback: () => 'Stopped' as const,
});

const fragmentsPerTsSegment = field({
  key: 'streaming.fragmentsPerTsSegment',
  env: 'INLET_FRAGMENTS_PER_TS_SEGMENT',
  default: '3',
  description:
    'CMAF fragments per HLS TS segment (m3u8-aapl) when a live output sets no hls.fragmentsPerTsSegment; previews of low-latency live events use 1.',
  parse: integerValue({ min: 1, max: 1000 }),
  fallback: () => 3,
});

/** `streamingFields` are the `streaming.*` keys. */
export const streamingFields = [defaultEndpoint, fragmentsPerTsSegment] as const;

/** `readStreaming` reads the `streaming` section. */
export function readStreaming(sources: ConfigSources): StreamingConfig {
  return {
    defaultEndpoint: sources.read(defaultEndpoint),
    fragmentsPerTsSegment: sources.read(fragmentsPerTsSegment),
  };
}
