/** The fields of the ARM JSON of delivery resources the CLI prints. */
interface WireAsset {
  readonly name?: string;
  readonly properties?: {
    readonly assetId?: string;
    readonly container?: string;
    readonly description?: string;
    readonly created?: string;
  };
}

interface WireLocator {
  readonly name?: string;
  readonly properties?: {
    readonly assetName?: string;
    readonly streamingLocatorId?: string;
    readonly streamingPolicyName?: string;
    readonly endTime?: string;
  };
}

interface WireEndpoint {
  readonly name?: string;
  readonly properties?: { readonly hostName?: string; readonly resourceState?: string };
}

interface WirePaths {
  readonly streamingPaths?: readonly {
    readonly streamingProtocol?: string;
    readonly paths?: readonly string[];
  }[];
  readonly downloadPaths?: readonly string[];
}

/** `LocatorView` is a streaming locator with its paths and the streaming endpoint whose URLs are printed. */
export interface LocatorView {
  readonly locator: unknown;
  readonly paths: unknown;
  readonly endpoint: unknown;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]): string =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return `${[header, ...rows].map(line).join('\n')}\n`;
}

function values<T>(body: unknown): readonly T[] {
  return (body as { value?: readonly T[] }).value ?? [];
}

/** `formatAssetList` is one line per asset: name, container and description. */
export function formatAssetList(body: unknown): string {
  const assets = values<WireAsset>(body);
  if (assets.length === 0) {
    return 'No assets. A live output creates its asset, or: inlet asset create <name>\n';
  }
  return table(
    ['NAME', 'CONTAINER', 'DESCRIPTION'],
    assets.map((a) => [a.name ?? '?', a.properties?.container ?? '', a.properties?.description ?? '']),
  );
}

/** `formatAsset` is the human view of an asset and its streaming locators. */
export function formatAsset(body: unknown, locators: unknown): string {
  const a = body as WireAsset;
  const p = a.properties ?? {};
  const list =
    (locators as { streamingLocators?: readonly { name?: string; streamingLocatorId?: string }[] })
      .streamingLocators ?? [];
  const lines = [`Asset '${a.name ?? '?'}' (${p.assetId ?? '?'}), container '${p.container ?? '?'}'`];
  if (p.description) {
    lines.push(`  ${p.description}`);
  }
  lines.push(
    list.length === 0
      ? `  No streaming locators. Publish it with: inlet locator create <name> --asset ${a.name ?? '<asset>'}`
      : `  Streaming locators: ${list.map((l) => `${l.name ?? '?'} (${l.streamingLocatorId ?? '?'})`).join(', ')}`,
  );
  return `${lines.join('\n')}\n`;
}

/** `formatLocatorList` is one line per streaming locator: name, asset, policy and id. */
export function formatLocatorList(body: unknown): string {
  const locators = values<WireLocator>(body);
  if (locators.length === 0) {
    return 'No streaming locators. Create one with: inlet locator create <name> --asset <asset>\n';
  }
  return table(
    ['NAME', 'ASSET', 'POLICY', 'ID'],
    locators.map((l) => [
      l.name ?? '?',
      l.properties?.assetName ?? '',
      l.properties?.streamingPolicyName ?? '',
      l.properties?.streamingLocatorId ?? '',
    ]),
  );
}

/**
 * `formatLocator` is a streaming locator with the playback URLs on its streaming endpoint's host name
 * (every format `listPaths` names, the download paths, and the player page for the first HLS and DASH
 * URL), or what to do while there are none: start the endpoint, or wait for media.
 */
export function formatLocator(view: LocatorView): string {
  const l = view.locator as WireLocator;
  const e = view.endpoint as WireEndpoint;
  const paths = view.paths as WirePaths;
  const host = e.properties?.hostName ?? '';
  const lines = [
    `Streaming locator '${l.name ?? '?'}' (${l.properties?.streamingLocatorId ?? '?'}): asset '${l.properties?.assetName ?? '?'}', policy ${l.properties?.streamingPolicyName ?? '?'}`,
  ];
  const state = e.properties?.resourceState ?? '?';
  if (state !== 'Running') {
    lines.push(
      `  Streaming endpoint '${e.name ?? '?'}' is ${state}: its URLs play once it runs (inlet streaming-endpoint start ${e.name ?? ''}).`,
    );
  }
  const streaming = paths.streamingPaths ?? [];
  const downloads = paths.downloadPaths ?? [];
  if (streaming.length === 0 && downloads.length === 0) {
    lines.push(
      '  No playback URLs yet: the asset has no media. Start its live event and push, then run `inlet locator show` again.',
    );
    return `${lines.join('\n')}\n`;
  }
  for (const s of streaming) {
    lines.push(`  ${s.streamingProtocol ?? '?'}:`);
    lines.push(...(s.paths ?? []).map((p) => `    https://${host}${p}`));
  }
  if (downloads.length > 0) {
    lines.push('  Download:');
    lines.push(...downloads.map((p) => `    https://${host}${p}`));
  }
  const players = streaming
    .filter((s) => s.streamingProtocol === 'Hls' || s.streamingProtocol === 'Dash')
    .map((s) => s.paths?.at(-1))
    .filter((p) => p !== undefined);
  if (players.length > 0) {
    lines.push('  Player:');
    lines.push(
      ...players.map((p) => `    https://${host}/play?url=${encodeURIComponent(`https://${host}${p}`)}`),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** `formatStreamingEndpointList` is one line per streaming endpoint: name, state and host name. */
export function formatStreamingEndpointList(body: unknown): string {
  return table(
    ['NAME', 'STATE', 'HOST'],
    values<WireEndpoint>(body).map((e) => [
      e.name ?? '?',
      e.properties?.resourceState ?? '?',
      e.properties?.hostName ?? '',
    ]),
  );
}
