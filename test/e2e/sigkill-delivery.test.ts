import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RawResponse } from '../../src/api/test-support/https-request.js';
import { ArmClient } from '../support/arm-clients.js';
import { connectionLost, prng } from '../support/crash-traffic.js';
import { spawnInlet, type InletProcess } from '../support/inlet-process.js';

/**
 * The delivery resources survive SIGKILL at any moment of API traffic: assets with their streaming
 * locators, and streaming endpoints created, started, stopped and deleted by concurrent clients. After
 * every kill the restarted process loads every resource whole (nothing corrupt, no error logged), each
 * in a state the interrupted request may have left (before or after it; an endpoint caught Starting is
 * Running, Stopping is Stopped, Deleting is gone), and a locator never outlives its asset.
 */

const CYCLES = 8;
const PAIRS = 4;
const ENDPOINTS = 2;

/** An asset and its one locator: `-` absent, `A` the asset alone, `AL` the asset and its locator. */
type PairState = '-' | 'A' | 'AL';
type EndpointState = '-' | 'Stopped' | 'Running';

interface Step<S> {
  readonly label: string;
  readonly run: (api: ArmClient) => Promise<void>;
  /** States the server may hold if it dies during the request. */
  readonly possible: readonly S[];
  readonly result: S;
}

async function send(api: ArmClient, method: string, path: string, body?: unknown): Promise<RawResponse> {
  const res = await api.request(method, path, body === undefined ? {} : { body });
  if (![200, 201, 202, 204].includes(res.status)) {
    throw new Error(`${method} ${path} answered ${res.status}: ${res.text}`);
  }
  if (typeof res.headers['azure-asyncoperation'] === 'string') {
    const op = await api.wait(res);
    if (op.status !== 'Succeeded') {
      throw new Error(`${method} ${path}: operation ${op.status}: ${JSON.stringify(op.error)}`);
    }
  }
  return res;
}

function pairStep(i: number, cur: PairState, pick: () => number): Step<PairState> {
  const asset = `/assets/da${i}`;
  const locator = `/streamingLocators/dl${i}`;
  const body = { properties: { assetName: `da${i}`, streamingPolicyName: 'Predefined_ClearStreamingOnly' } };
  if (cur === '-') {
    return {
      label: `create asset da${i}`,
      run: async (api) => void (await send(api, 'PUT', asset, { properties: { description: `d${i}` } })),
      possible: ['-', 'A'],
      result: 'A',
    };
  }
  if (cur === 'A' && pick() < 0.6) {
    return {
      label: `create locator dl${i}`,
      run: async (api) => void (await send(api, 'PUT', locator, body)),
      possible: ['A', 'AL'],
      result: 'AL',
    };
  }
  if (cur === 'AL' && pick() < 0.5) {
    return {
      label: `delete locator dl${i}`,
      run: async (api) => void (await send(api, 'DELETE', locator)),
      possible: ['AL', 'A'],
      result: 'A',
    };
  }
  // Deleting the asset takes its locator with it.
  return {
    label: `delete asset da${i}`,
    run: async (api) => void (await send(api, 'DELETE', asset)),
    possible: cur === 'AL' ? ['AL', 'A', '-'] : ['A', '-'],
    result: '-',
  };
}

function endpointStep(i: number, cur: EndpointState, pick: () => number): Step<EndpointState> {
  const path = `/streamingEndpoints/de${i}`;
  if (cur === '-') {
    const body = { location: 'West Europe', properties: { scaleUnits: 0 } };
    return {
      label: `create endpoint de${i}`,
      run: async (api) => void (await send(api, 'PUT', path, body)),
      possible: ['-', 'Stopped'],
      result: 'Stopped',
    };
  }
  if (cur === 'Stopped' && pick() < 0.35) {
    // AMS deletes only a stopped endpoint.
    return {
      label: `delete endpoint de${i}`,
      run: async (api) => void (await send(api, 'DELETE', path)),
      possible: ['Stopped', '-'],
      result: '-',
    };
  }
  const next = cur === 'Stopped' ? 'Running' : 'Stopped';
  return {
    label: `${cur === 'Stopped' ? 'start' : 'stop'} endpoint de${i}`,
    run: async (api) => void (await send(api, 'POST', `${path}/${cur === 'Stopped' ? 'start' : 'stop'}`)),
    possible: [cur, next],
    result: next,
  };
}

interface Listed {
  readonly name: string;
  readonly properties: Record<string, unknown>;
}

async function list(api: ArmClient, path: string): Promise<Listed[]> {
  const res = await api.request('GET', path);
  expect(res.status, `GET ${path}: ${res.text}`).toBe(200);
  return (res.json as { value: Listed[] }).value;
}

describe.sequential(
  'SIGKILL while the delivery API writes: assets, locators and endpoints load whole',
  () => {
    const children: InletProcess[] = [];
    const dataDir = mkdtempSync(join(tmpdir(), 'inlet-kill-delivery-'));

    afterAll(async () => {
      for (const c of children) {
        if (c.child.exitCode === null && c.child.signalCode === null) {
          c.child.kill('SIGKILL');
          await c.exited;
        }
      }
      rmSync(dataDir, { recursive: true, force: true });
    });

    it(`survives ${CYCLES} kills at random moments of asset, locator and endpoint traffic`, async () => {
      const seed = Number(process.env['INLET_KILL_SEED'] ?? Date.now() % 1_000_000);
      const random = prng(seed);
      const token = randomBytes(24).toString('base64url');
      const pairs = new Map<number, PairState[]>(Array.from({ length: PAIRS }, (_, i) => [i, ['-']]));
      const endpoints = new Map<number, EndpointState[]>(
        Array.from({ length: ENDPOINTS }, (_, i) => [i, ['-']]),
      );
      const history: string[] = [];
      const context = (): string =>
        `seed ${seed} (INLET_KILL_SEED), operations:\n${history.slice(-40).join('\n')}`;

      for (let cycle = 0; cycle <= CYCLES; cycle++) {
        const inlet = await spawnInlet({ dataDir, apiToken: token });
        children.push(inlet);
        const api = new ArmClient({
          origin: `https://localhost:${inlet.httpsPort}`,
          ca: inlet.ca,
          token,
          account: {
            subscriptionId: '00000000-0000-0000-0000-000000000000',
            resourceGroup: 'inlet',
            name: 'inlet',
          },
        });

        const problems = inlet
          .logLines()
          .filter((l) => l.level >= 50 || /corrupt|cannot be loaded/i.test(l.msg))
          .map((l) => l.msg);
        expect(problems, context()).toEqual([]);
        const assets = await list(api, '/assets');
        const locators = await list(api, '/streamingLocators');
        const eps = await list(api, '/streamingEndpoints');
        // A locator never names an asset that is gone.
        for (const l of locators) {
          expect(
            assets.map((a) => a.name),
            `locator ${l.name}: ${context()}`,
          ).toContain(l.properties['assetName']);
        }
        for (let i = 0; i < PAIRS; i++) {
          const hasAsset = assets.some((a) => a.name === `da${i}`);
          const locator = locators.find((l) => l.name === `dl${i}`);
          const seen: PairState = !hasAsset ? '-' : locator === undefined ? 'A' : 'AL';
          expect(pairs.get(i), `pair ${i} after restart ${cycle}: ${context()}`).toContain(seen);
          pairs.set(i, [seen]);
          if (locator !== undefined) {
            const paths = await api.request('POST', `/streamingLocators/dl${i}/listPaths`);
            expect(paths.status, `listPaths dl${i}: ${paths.text}`).toBe(200);
          }
        }
        for (const e of eps) {
          expect(['Stopped', 'Running'], `${e.name}: ${context()}`).toContain(e.properties['resourceState']);
        }
        for (let i = 0; i < ENDPOINTS; i++) {
          const e = eps.find((x) => x.name === `de${i}`);
          const seen = (e?.properties['resourceState'] as EndpointState | undefined) ?? '-';
          expect(endpoints.get(i), `endpoint de${i} after restart ${cycle}: ${context()}`).toContain(seen);
          endpoints.set(i, [seen]);
        }
        if (cycle === CYCLES) {
          inlet.child.kill('SIGTERM');
          expect((await inlet.exited).code).toBe(0);
          break;
        }

        let killed = false;
        const drive = async <S>(
          models: Map<number, S[]>,
          owned: number[],
          step: (i: number, cur: S, pick: () => number) => Step<S>,
        ): Promise<void> => {
          while (!killed) {
            const i = owned[Math.floor(random() * owned.length)] as number;
            const cur = (models.get(i) ?? [])[0] as S;
            const op = step(i, cur, random);
            history.push(`${cycle}: ${op.label}`);
            models.set(i, [...new Set(op.possible)]);
            try {
              await op.run(api);
            } catch (error) {
              if (killed && connectionLost(error)) {
                history.push(`${cycle}: ${op.label} interrupted`);
                return;
              }
              throw new Error(`${op.label}: ${(error as Error).message}\n${context()}`, { cause: error });
            }
            models.set(i, [op.result]);
          }
        };
        const delay = 100 + Math.floor(random() * 800);
        const kill = new Promise<void>((resolve) =>
          setTimeout(() => {
            killed = true;
            inlet.child.kill('SIGKILL');
            resolve();
          }, delay),
        );
        await Promise.all([
          kill,
          drive(pairs, [0, 1], pairStep),
          drive(pairs, [2, 3], pairStep),
          drive(endpoints, [0, 1], endpointStep),
        ]);
        expect((await inlet.exited).signal).toBe('SIGKILL');
      }
    }, 120_000);
  },
);
