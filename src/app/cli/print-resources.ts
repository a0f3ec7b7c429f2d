/** The fields of the ARM JSON the CLI prints. */
interface WireEndpoint {
  readonly protocol?: string;
  readonly url?: string;
}

interface WireLiveEvent {
  readonly name?: string;
  readonly properties?: {
    readonly resourceState?: string;
    readonly description?: string;
    readonly input?: { readonly endpoints?: readonly WireEndpoint[]; readonly accessToken?: string };
    readonly preview?: { readonly endpoints?: readonly WireEndpoint[] };
  };
}

interface WireLiveOutput {
  readonly name?: string;
  readonly properties?: {
    readonly assetName?: string;
    readonly archiveWindowLength?: string;
    readonly resourceState?: string;
  };
}

/**
 * `formatLiveEvent` is the human view of a live event: its state, the ingest URLs, what to type in
 * OBS (Server = the ingest URL, Stream Key = any stream name), and the preview URLs.
 */
export function formatLiveEvent(body: unknown): string {
  const ev = body as WireLiveEvent;
  const p = ev.properties ?? {};
  const ingest = p.input?.endpoints ?? [];
  const preview = p.preview?.endpoints ?? [];
  const lines = [`Live event '${ev.name ?? '?'}': ${p.resourceState ?? '?'}`];
  if (p.description) {
    lines.push(`  ${p.description}`);
  }
  lines.push('  Ingest URLs (the encoder appends a stream name):');
  lines.push(...ingest.map((e) => `    ${e.url ?? ''}`));
  // Plain RTMP for OBS: its RTMPS client checks certificates against its own trust store, which does
  // not hold Inlet's private CA unless the operator adds it.
  const obs = ingest.find((e) => e.url?.startsWith('rtmp://')) ?? ingest[0];
  if (obs?.url !== undefined) {
    lines.push('  OBS (Settings > Stream > Service: Custom...):');
    lines.push(`    Server:     ${obs.url}`);
    lines.push('    Stream Key: any stream name, e.g. stream1');
  }
  lines.push('  Preview:');
  lines.push(...preview.map((e) => `    ${(e.protocol ?? '').padEnd(5)} ${e.url ?? ''}`));
  return `${lines.join('\n')}\n`;
}

/** `formatLiveEventList` is one line per live event: name, state and primary ingest URL. */
export function formatLiveEventList(body: unknown): string {
  const events = ((body as { value?: readonly WireLiveEvent[] }).value ?? []).map((ev) => [
    ev.name ?? '?',
    ev.properties?.resourceState ?? '?',
    ev.properties?.input?.endpoints?.[0]?.url ?? '',
  ]);
  if (events.length === 0) {
    return 'No live events. Create one with: inlet live-event create <name> --auto-start\n';
  }
  const width = Math.max(4, ...events.map((e) => (e[0] ?? '').length));
  const rows = [['NAME', 'STATE', 'INGEST'], ...events].map(([name, state, url]) =>
    `${(name ?? '').padEnd(width)}  ${(state ?? '').padEnd(9)}  ${url ?? ''}`.trimEnd(),
  );
  return `${rows.join('\n')}\n`;
}

/** `formatLiveOutput` is one line describing a live output. */
export function formatLiveOutput(eventName: string, body: unknown): string {
  const o = body as WireLiveOutput;
  const p = o.properties ?? {};
  return `Live output '${o.name ?? '?'}' of '${eventName}': ${p.resourceState ?? '?'}, archiving to asset '${p.assetName ?? '?'}' (window ${p.archiveWindowLength ?? '?'})\n`;
}
