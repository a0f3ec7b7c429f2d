import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { loadConfig, type LoadConfigOptions } from './load-config.js';

const dir = mkdtempSync(join(tmpdir(), 'inlet-config-file-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function writeConfig(content: string, name: string): void {
  writeFileSync(join(dir, name), content);
}

function load(options: Partial<LoadConfigOptions>): void {
  loadConfig({ argv: [], env: {}, cwd: dir, hostname: 'media1', stdoutIsTty: false, ...options });
}

describe('config file problems', () => {
  const cases: {
    name: string;
    argv?: string[];
    env?: Record<string, string>;
    content?: string;
    problem: string;
  }[] = [
    {
      name: 'missing file from --config',
      argv: ['--config', 'nope.json'],
      problem: 'config file {dir}/nope.json (from --config): does not exist',
    },
    {
      name: 'missing file from INLET_CONFIG',
      env: { INLET_CONFIG: 'nope.json' },
      problem: 'config file {dir}/nope.json (from INLET_CONFIG): does not exist',
    },
    {
      name: 'invalid JSON',
      content: '{\n  "http": { "port": 80, }\n}',
      problem:
        'config file {dir}/bad.json (from --config) at line 2 column 25: invalid JSON: unexpected "}", expected a double-quoted property name',
    },
    {
      name: 'empty file',
      content: '',
      problem: 'config file {dir}/bad.json (from --config) at line 1 column 1: the file is empty',
    },
    {
      name: 'top level not an object',
      content: '[1, 2]',
      problem: 'config file {dir}/bad.json (from --config): expected a JSON object at the top level',
    },
    {
      name: '--config without a file',
      argv: ['--config'],
      problem: 'command line: --config needs a file name (--config FILE)',
    },
    {
      name: '--config= without a file',
      argv: ['--config='],
      problem: 'command line: --config= needs a file name (--config=FILE)',
    },
    {
      name: '--config twice',
      argv: ['--config', 'a.json', '--config=b.json'],
      problem: 'command line: --config given 2 times (a.json, b.json); give one file',
    },
  ];

  for (const c of cases) {
    it(`reports ${c.name}`, () => {
      if (c.content !== undefined) {
        writeConfig(c.content, 'bad.json');
      }
      const argv = c.argv ?? (c.content === undefined ? [] : ['--config', 'bad.json']);
      let error: unknown;
      try {
        load({ argv, env: c.env ?? {} });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([c.problem.replaceAll('{dir}', dir)]);
      expect((error as ConfigError).message).toContain(c.problem.replaceAll('{dir}', dir));
    });
  }

  it('does not read a directory as a config file', () => {
    mkdirSync(join(dir, 'adir'), { recursive: true });
    expect(() => load({ argv: ['--config', 'adir'] })).toThrow(
      `config file ${join(dir, 'adir')} (from --config): cannot be read (EISDIR)`,
    );
  });
});
