/**
 * `KeyedLanes` runs asynchronous jobs on a fixed number of lanes side by side: every job of one key goes
 * to the same lane (FNV-1a of the key) and runs there after the ones queued before it, one at a time. No
 * lane starts before `ready` settles.
 */
export class KeyedLanes<J> {
  readonly #lanes: Lane<J>[];
  readonly #run: (job: J) => Promise<void>;
  readonly #ready: Promise<void>;
  readonly #idle: (() => void)[] = [];
  #running = 0;

  /** `run` must not reject: a job's failure is the job's to handle. */
  constructor(count: number, run: (job: J) => Promise<void>, ready: Promise<void> = Promise.resolve()) {
    const lanes = Math.max(1, Math.floor(count));
    this.#lanes = Array.from({ length: lanes }, () => ({ jobs: [], head: 0, running: false }));
    this.#run = run;
    this.#ready = ready;
  }

  push(key: string, job: J): void {
    const lane = this.#laneOf(key);
    lane.jobs.push(job);
    if (!lane.running) {
      lane.running = true;
      this.#running++;
      void this.#drain(lane);
    }
  }

  /** Resolves once `ready` has settled and no lane has a job left. */
  async idle(): Promise<void> {
    await this.#ready;
    if (this.#running > 0) {
      await new Promise<void>((resolve) => this.#idle.push(resolve));
    }
  }

  #laneOf(key: string): Lane<J> {
    const lanes = this.#lanes;
    if (lanes.length === 1) {
      return lanes[0] as Lane<J>;
    }
    let h = 0x811c9dc5;
    for (let i = 0; i < key.length; i++) {
      h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    }
    return lanes[(h >>> 0) % lanes.length] as Lane<J>;
  }

  async #drain(lane: Lane<J>): Promise<void> {
    await this.#ready;
    const jobs = lane.jobs;
    while (lane.head < jobs.length) {
      const job = jobs[lane.head] as J;
      jobs[lane.head++] = undefined;
      await this.#run(job);
    }
    jobs.length = 0;
    lane.head = 0;
    lane.running = false;
    if (--this.#running === 0) {
      for (const resolve of this.#idle.splice(0)) {
        resolve();
      }
    }
  }
}

/** One lane's queue of jobs. */
interface Lane<J> {
  readonly jobs: (J | undefined)[];
  head: number;
  running: boolean;
}
