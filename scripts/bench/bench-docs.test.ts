import { describe, expect, it } from 'vitest';
import type { BenchRun } from './bench-markdown.js';
import {
  BEGIN,
  END,
  measureCommand,
  REPRODUCE_BEGIN,
  REPRODUCE_END,
  reproduceSection,
  updateBenchDocs,
} from './bench-docs.js';

const run = {
  startedAt: '2026-12-07T08:00:00.000Z',
  finishedAt: '2026-12-07T08:45:00.000Z',
  command: 'npm run bench -- --docs --max-streams 350',
} as BenchRun;

describe('updateBenchDocs', () => {
  const doc = `# Benchmarks\n\nIntro paragraph.\nSecond line.\n\n## Commands\n\ntext\n\n${BEGIN}\nold\n${END}\n\n## Caveats\n`;

  it('replaces the generated section and adds How to reproduce below the introduction', () => {
    const out = updateBenchDocs(doc, 'NEW', 'REPRO');
    expect(out).toBe(
      `# Benchmarks\n\nIntro paragraph.\nSecond line.\n\n${REPRODUCE_BEGIN}\nREPRO\n${REPRODUCE_END}\n\n` +
        `## Commands\n\ntext\n\n${BEGIN}\nNEW\n${END}\n\n## Caveats\n`,
    );
  });

  it('replaces How to reproduce in place the next time', () => {
    const once = updateBenchDocs(doc, 'NEW', 'REPRO');
    expect(updateBenchDocs(once, 'NEWER', 'REPRO 2')).toBe(
      once.replace('REPRO', 'REPRO 2').replace('NEW', 'NEWER'),
    );
  });

  it('starts a file that does not exist', () => {
    const out = updateBenchDocs(undefined, 'S', 'R');
    expect(out.startsWith('# Benchmarks\n\n')).toBe(true);
    expect(out).toContain(`${BEGIN}\nS\n${END}`);
    expect(out).toContain(`${REPRODUCE_BEGIN}\nR\n${REPRODUCE_END}`);
  });
});

describe('reproduceSection', () => {
  it('lists the apt packages, the command and how long it took', () => {
    const text = reproduceSection(run);
    expect(text).toContain('apt-get install -y nginx libnginx-mod-rtmp');
    expect(text).toContain('npm run bench -- --docs --max-streams 350   # builds first; took 45 min');
  });

  it('measureCommand drops --from and adds --docs', () => {
    expect(measureCommand('npm run bench -- --streams 5 --from x.json')).toBe(
      'npm run bench -- --streams 5 --docs',
    );
    expect(measureCommand('npm run bench')).toBe('npm run bench -- --docs');
  });
});
