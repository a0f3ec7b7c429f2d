/**
 * `ConfigError` is thrown by `loadConfig` when the configuration is invalid. `problems` lists every
 * problem found, each saying where (`config file /etc/inlet.json: rtmp.ports[1]`, `environment
 * INLET_RTMP_PORTS: rtmp.ports`) and what is wrong with which value.
 */
export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`invalid configuration (${count}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}
