import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configReference } from '../../src/config/config-reference.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('documents every configuration key and environment variable', () => {
    const missing = configReference()
      .flatMap((r) => [`\`${r.key}\``, ...(r.env === undefined ? [] : [`\`${r.env}\``])])
      .filter((needle) => !readme.includes(needle));
    expect(missing).toEqual([]);
  });

  it('names the command that starts Inlet and the one that runs the tests', () => {
    expect(readme).toContain('npm start');
    expect(readme).toContain('npm test');
  });

  it('names only npm scripts that exist', () => {
    const scripts = Object.keys(
      (
        JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
          scripts: object;
        }
      ).scripts,
    );
    const named = [...readme.matchAll(/npm run ([a-z:]+)/g)].map((m) => m[1]);
    expect(named.filter((n) => n !== undefined && !scripts.includes(n))).toEqual([]);
  });
});
