import type { ConfigSources } from './config-sources.js';

/** `ListenerPorts` are the ports one key configures: a port list (`rtmp.ports`) or one port. */
export interface ListenerPorts {
  readonly key: string;
  readonly ports: readonly (number | undefined)[];
  readonly list: boolean;
}

/**
 * `checkPortConflicts` reports every port used by two listeners (or twice by one), naming both keys.
 * The problem is reported on the later key, unless only the earlier one was set explicitly (then the
 * later one is a default and the explicit setting is what to change). Port 0 (any free port) never
 * conflicts. Keys whose values were already rejected are skipped.
 */
export function checkPortConflicts(sources: ConfigSources, listeners: readonly ListenerPorts[]): void {
  const seen = new Map<number, { key: string; path: string }>();
  for (const listener of listeners) {
    if (sources.isInvalid(listener.key)) {
      continue;
    }
    for (const [i, port] of listener.ports.entries()) {
      if (port === undefined || port === 0) {
        continue;
      }
      const path = listener.list ? `[${i}]` : '';
      const owner = seen.get(port);
      if (owner === undefined) {
        seen.set(port, { key: listener.key, path });
      } else if (sources.origin(listener.key) === undefined && sources.origin(owner.key) !== undefined) {
        sources.report(
          owner.key,
          `port ${port} is also used by ${listener.key}${path} (default)`,
          owner.path,
        );
      } else {
        sources.report(listener.key, `port ${port} is also used by ${owner.key}${owner.path}`, path);
      }
    }
  }
}
