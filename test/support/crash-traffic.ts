import type { ArmClient } from './arm-clients.js';

/**
 * Random live event traffic for crash tests: operations valid for what the client knows of an event,
 * each with every state the server may have stored if it dies during the operation (azure-compat §1.5
 * and the recovery rules of `src/live-events/README.md`: Allocating → StandBy, Starting → Running,
 * Stopping → Stopped, Deleting → deleted), and the state once the operation is confirmed.
 */

const EVENT = { location: 'West Europe', properties: { input: { streamingProtocol: 'RTMP' } } };

/** `prng` is a seeded PRNG (mulberry32): a run's operations and kill moments follow from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `Snap` is what the client can know of one live event. */
export interface Snap {
  readonly present: boolean;
  readonly state?: string;
  readonly description?: string;
  readonly outputs?: readonly string[];
}

/** `ABSENT` is a live event that does not exist. */
export const ABSENT: Snap = { present: false };

/** `snapKey` compares snapshots (outputs in any order). */
export function snapKey(s: Snap): string {
  return s.present ? JSON.stringify([s.state, s.description, [...(s.outputs ?? [])].sort()]) : 'absent';
}

/** `subsets` are all subsets of `items` (outputs removed in any order before a crash). */
function subsets<T>(items: readonly T[]): T[][] {
  return items.reduce<T[][]>((all, x) => [...all, ...all.map((s) => [...s, x])], [[]]);
}

/** `Operation` is one API call, what may be stored if the server dies during it, and the result once confirmed. */
export interface Operation {
  readonly label: string;
  readonly possible: readonly Snap[];
  readonly result: Snap;
  run(api: ArmClient): Promise<unknown>;
}

/**
 * `operations` picks, with `pick` (uniform in [0, 1)), an operation valid for `cur`; `asset` names a new
 * asset (asset names are never reused: a deleted output's archive is a finished VOD).
 */
export function operations(name: string, cur: Snap, pick: () => number, asset: () => string): Operation {
  const base = `/liveEvents/${name}`;
  const outputs = cur.outputs ?? [];
  const choose = <T>(xs: readonly T[]): T => xs[Math.floor(pick() * xs.length)] as T;
  if (!cur.present) {
    const autoStart = pick() < 0.5;
    const created: Snap = { present: true, state: 'Stopped', description: '', outputs: [] };
    return {
      label: `create ${name} autoStart=${autoStart}`,
      // With autoStart the event is stored Stopped, then Starting (a restart completes the start).
      possible: autoStart ? [ABSENT, created, { ...created, state: 'Running' }] : [ABSENT, created],
      result: { ...created, state: autoStart ? 'Running' : 'Stopped' },
      run: (api) => api.run('PUT', `${base}?autoStart=${autoStart}`, { body: EVENT }),
    };
  }
  const patch = (): Operation => {
    const description = `rev-${Math.floor(pick() * 1e9)}`;
    return {
      label: `patch ${name}`,
      possible: [cur, { ...cur, description }],
      result: { ...cur, description },
      run: async (api) => {
        const res = await api.request('PATCH', base, { body: { properties: { description } } });
        if (res.status !== 200) {
          throw new Error(`PATCH ${name} answered ${res.status}: ${res.text}`);
        }
      },
    };
  };
  const moves: Record<string, () => Operation> = {
    allocate: () => ({
      label: `allocate ${name}`,
      possible: [cur, { ...cur, state: 'StandBy' }],
      result: { ...cur, state: 'StandBy' },
      run: (api) => api.run('POST', `${base}/allocate`),
    }),
    start: () => ({
      label: `start ${name}`,
      possible: [cur, { ...cur, state: 'Running' }],
      result: { ...cur, state: 'Running' },
      run: (api) => api.run('POST', `${base}/start`),
    }),
    stop: () => ({
      label: `stop ${name}`,
      possible: [cur, ...subsets(outputs).map((o) => ({ ...cur, state: 'Stopped', outputs: o }))],
      result: { ...cur, state: 'Stopped', outputs: [] },
      run: (api) => api.run('POST', `${base}/stop`, { body: { removeOutputsOnStop: true } }),
    }),
    reset: () => ({
      label: `reset ${name}`,
      possible: [
        cur,
        ...subsets(outputs).map((o) => ({ ...cur, state: 'Stopped', outputs: o })),
        { ...cur, state: 'Running', outputs: [] },
      ],
      result: { ...cur, state: 'Running', outputs: [] },
      run: (api) => api.run('POST', `${base}/reset`),
    }),
    delete: () => ({
      label: `delete ${name}`,
      possible: [cur, ABSENT],
      result: ABSENT,
      run: (api) => api.run('DELETE', base),
    }),
    createOutput: () => {
      const output = `o${Math.floor(pick() * 1e6)}`;
      return {
        label: `create output ${name}/${output}`,
        possible: [cur, { ...cur, outputs: [...outputs, output] }],
        result: { ...cur, outputs: [...outputs, output] },
        run: (api) =>
          api.run('PUT', `${base}/liveOutputs/${output}`, {
            body: { properties: { assetName: asset(), archiveWindowLength: 'PT5M' } },
          }),
      };
    },
    deleteOutput: () => {
      const output = choose(outputs);
      const rest = outputs.filter((o) => o !== output);
      return {
        label: `delete output ${name}/${output}`,
        possible: [cur, { ...cur, outputs: rest }],
        result: { ...cur, outputs: rest },
        run: (api) => api.run('DELETE', `${base}/liveOutputs/${output}`),
      };
    },
  };
  const allowed: Record<string, string[]> = {
    Stopped: ['allocate', 'start', 'delete', 'createOutput'],
    StandBy: ['start', 'stop', 'delete'],
    Running: ['stop', 'reset', 'delete', 'createOutput', 'deleteOutput'],
  };
  const names = (allowed[cur.state ?? ''] ?? []).filter(
    (m) => (m !== 'createOutput' || outputs.length < 2) && (m !== 'deleteOutput' || outputs.length > 0),
  );
  const which = choose([...names, 'patch']);
  return which === 'patch' ? patch() : (moves[which] as () => Operation)();
}

/** `connectionLost` is true for the errors of a request that met a killed server. */
export function connectionLost(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code);
}
