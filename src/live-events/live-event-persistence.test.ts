import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { LiveEventResourceState } from './live-event-record.js';
import { openManager, tempDataDir, type ManagerFixture } from './test-support/manager-fixture.js';
import { RecordingRuntime } from './test-support/recording-runtime.js';

const RTMP = { location: 'West US', input: { streamingProtocol: 'RTMP' } } as const;
/** tsx's loader by absolute URL, so the child resolves it whatever its working directory. */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const SETTLED: readonly LiveEventResourceState[] = ['Stopped', 'StandBy', 'Running'];

function fileOf(dataDir: string, name: string): string {
  return join(dataDir, 'live-events', `${name}.json`);
}

function editFile(dataDir: string, name: string, edit: (doc: Record<string, unknown>) => void): void {
  const doc = JSON.parse(readFileSync(fileOf(dataDir, name), 'utf8')) as Record<string, unknown>;
  edit(doc);
  writeFileSync(fileOf(dataDir, name), JSON.stringify(doc));
}

describe('live event persistence', () => {
  const open: ManagerFixture[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((f) => f.manager.close()));
  });
  async function reopen(dataDir?: string): Promise<ManagerFixture> {
    const fx = await openManager(dataDir === undefined ? {} : { dataDir });
    open.push(fx);
    return fx;
  }

  it('restores every resource and state after a restart and restarts what ran', async () => {
    const first = await reopen();
    const m = first.manager;
    await m.create('stopped', { ...RTMP, tags: { team: 'a' }, description: 'd' }).done;
    await m.create('standby', RTMP).done;
    await m.allocate('standby').done;
    await m.create('running', { ...RTMP, streamOptions: ['LowLatency'] }, { autoStart: true }).done;
    await m.createOutput('running', 'out1', {
      assetName: 'asset1',
      archiveWindowLength: 'PT2H',
      rewindWindowLength: 'PT30M',
    }).done;
    await m.createOutput('stopped', 'early', { assetName: 'asset2', archiveWindowLength: 'PT1H' }).done;
    const before = m.list();
    const outputsBefore = ['stopped', 'running'].map((n) => m.listOutputs(n));
    await m.close();

    const second = await reopen(first.dataDir);
    expect(second.manager.list()).toEqual(before);
    expect(['stopped', 'running'].map((n) => second.manager.listOutputs(n))).toEqual(outputsBefore);
    expect(second.runtime.callsOf('start')).toEqual(['running']);
    expect(second.runtime.callsOf('startOutput').sort()).toEqual(['running/out1', 'stopped/early']);
    expect(second.manager.catalog.get('running')?.resourceState).toBe('Running');
  });

  it('completes operations interrupted by a crash when it loads', async () => {
    const first = await reopen();
    const m = first.manager;
    for (const name of ['starting', 'stopping', 'allocating', 'deleting', 'outputs']) {
      await m.create(name, RTMP).done;
    }
    await m.createOutput('outputs', 'creating', { assetName: 'c', archiveWindowLength: 'PT1H' }).done;
    await m.createOutput('outputs', 'deleting', { assetName: 'd', archiveWindowLength: 'PT1H' }).done;
    await m.close();
    const dir = first.dataDir;
    const setState = (name: string, state: string) =>
      editFile(dir, name, (doc) => {
        Object.assign(doc['liveEvent'] as object, { resourceState: state, provisioningState: 'InProgress' });
      });
    setState('starting', 'Starting');
    setState('stopping', 'Stopping');
    setState('allocating', 'Allocating');
    setState('deleting', 'Deleting');
    editFile(dir, 'outputs', (doc) => {
      const outputs = doc['liveOutputs'] as { resourceState: string }[];
      outputs[0]!.resourceState = 'Creating';
      outputs[1]!.resourceState = 'Deleting';
    });

    const second = await reopen(dir);
    const m2 = second.manager;
    expect(m2.get('starting')?.resourceState).toBe('Running');
    expect(m2.get('stopping')?.resourceState).toBe('Stopped');
    expect(m2.get('allocating')?.resourceState).toBe('StandBy');
    expect(m2.get('deleting')).toBeUndefined();
    expect(existsSync(fileOf(dir, 'deleting'))).toBe(false);
    expect(m2.list().map((e) => e.provisioningState)).toEqual([
      'Succeeded',
      'Succeeded',
      'Succeeded',
      'Succeeded',
    ]);
    expect(m2.listOutputs('outputs').map((o) => `${o.name}:${o.resourceState}`)).toEqual([
      'creating:Running',
    ]);
    expect(second.runtime.callsOf('deleted')).toEqual(['deleting']);
    expect(second.runtime.callsOf('stopOutput')).toEqual(['outputs/deleting']);
    expect(second.runtime.callsOf('start')).toEqual(['starting']);
    // The completed states were written back.
    await m2.close();
    const third = await reopen(dir);
    expect(third.manager.get('starting')?.resourceState).toBe('Running');
    expect(third.manager.listOutputs('outputs')).toHaveLength(1);
  });

  it('reports a corrupt file, keeps it untouched and refuses to create that name', async () => {
    const first = await reopen();
    await first.manager.create('good', RTMP).done;
    await first.manager.create('torn', RTMP).done;
    await first.manager.close();
    const dir = first.dataDir;
    const whole = readFileSync(fileOf(dir, 'torn'));
    const torn = whole.subarray(0, whole.length >> 1);
    writeFileSync(fileOf(dir, 'torn'), torn);
    const wrongType = '{"version":1,"liveEvent":{"name":"typed","input":"x"}}';
    writeFileSync(fileOf(dir, 'typed'), wrongType);

    const second = await reopen(dir);
    const m = second.manager;
    expect(m.list().map((e) => e.name)).toEqual(['good']);
    expect(m.corruptFiles().map((c) => c.key)).toEqual(['torn', 'typed']);
    expect(m.corruptFiles()[0]?.reason).toMatch(/corrupt file .*torn\.json/);
    expect(m.corruptFiles()[1]?.reason).toMatch(/location is required|input must be a JSON object/);
    expect(() => m.create('TORN', RTMP)).toThrow(/torn\.json cannot be read/);
    expect(m.notFoundMessage('torn')).toMatch(/is not loaded: its file .*torn\.json/);
    expect(await m.ensureDefaultLiveEvent()).toBe(false);
    await m.close();
    expect(readFileSync(fileOf(dir, 'torn'))).toEqual(torn);
    expect(readFileSync(fileOf(dir, 'typed'), 'utf8')).toBe(wrongType);
  });

  it('survives being killed in the middle of writes: every file loads, nothing half-written', async () => {
    const dataDir = tempDataDir();
    const script = fileURLToPath(new URL('./test-support/churn-writer.ts', import.meta.url));
    const rounds = 10;
    let seen = 0;
    for (let i = 0; i < rounds; i += 1) {
      const child = spawn(process.execPath, ['--import', TSX, script, dataDir], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
      });
      const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          if (d.toString().includes('ready')) {
            resolve();
          }
        });
        child.on('exit', (code) => reject(new Error(`churn writer exited with ${code}: ${stderr}`)));
      });
      // Let it write for a varying while (5..80 ms), then kill it without warning.
      await new Promise((r) => setTimeout(r, 5 + ((i * 37) % 76)));
      child.kill('SIGKILL');
      await exited;

      const fx = await openManager({ dataDir, runtime: new RecordingRuntime() });
      expect(fx.manager.corruptFiles()).toEqual([]);
      for (const ev of fx.manager.list()) {
        expect(SETTLED).toContain(ev.resourceState);
        expect(ev.provisioningState).not.toBe('InProgress');
        for (const o of fx.manager.listOutputs(ev.name)) {
          expect(o.resourceState).toBe('Running');
        }
      }
      seen += fx.manager.list().length;
      const names = readdirSync(join(dataDir, 'live-events'));
      expect(names.filter((n) => !n.endsWith('.json'))).toEqual([]);
      await fx.manager.close();
    }
    // The writer made progress between kills (live events existed to be checked).
    expect(seen).toBeGreaterThan(rounds);
  }, 120_000);
});
