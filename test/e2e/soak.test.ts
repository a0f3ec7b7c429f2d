import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SoakReport } from '../../scripts/soak/soak-report.js';
import { runProcess } from '../support/run-process.js';

/**
 * The short soak of CI: `npm run soak` for 2 minutes with 3 ffmpeg publishers and 2 load generator
 * streams with every fault mode (reconnects, timestamp jumps, stalls, garbage after the handshake).
 * Inlet runs from the TypeScript sources, so no build is needed. The soak script checks continuously
 * and exits non-zero when a check fails; this test also reads its JSON report, so a failure names the
 * check.
 */
describe('soak (short, with faults)', () => {
  const minutes = 2;

  it(
    'keeps every playlist advancing, memory flat, heartbeats and disconnect events complete, the log clean',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'inlet-soak-test-'));
      const reportFile = join(dir, 'soak.json');
      try {
        const result = await runProcess(
          process.execPath,
          [
            ...['--import', 'tsx', 'scripts/soak.ts'],
            ...[
              '--streams',
              '3',
              '--fault-streams',
              '2',
              '--minutes',
              String(minutes),
              '--report',
              reportFile,
            ],
          ],
          (minutes * 60 + 150) * 1000,
        );
        const report = JSON.parse(readFileSync(reportFile, 'utf8')) as SoakReport;
        const failed = report.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`);
        expect(failed, `${result.stdout}\n${result.stderr.slice(-3000)}`).toEqual([]);
        expect(report.checks.map((c) => c.name)).toEqual(
          expect.arrayContaining([
            'RSS slope',
            'live memory slope (after GC)',
            'playlists advancing',
            'media sequence never backwards',
            'heartbeats received = expected',
            'every disconnect matched by an event',
            'no unexpected errors in the log',
          ]),
        );
        expect(report.loadGenerator).toMatchObject({ streams: 2 });
        expect(result.code).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    (minutes * 60 + 180) * 1000,
  );
});
