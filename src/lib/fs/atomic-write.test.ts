import fc from 'fast-check';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readJsonFile, readJsonFileSync, writeFileAtomic, writeJsonFileAtomic } from './atomic-write.js';
import { CorruptFileError } from './corrupt-file-error.js';
import { locateJsonSyntaxError } from './json-syntax-error.js';

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'inlet-atomic-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a new file and leaves no temp file behind', async () => {
    const path = join(dir, 'a.json');
    await writeFileAtomic(path, '{"a":1}');
    expect(readFileSync(path, 'utf8')).toBe('{"a":1}');
    expect(readdirSync(dir)).toEqual(['a.json']);
  });

  it('replaces an existing file with bytes', async () => {
    const path = join(dir, 'b.bin');
    writeFileSync(path, 'old content that is longer');
    await writeFileAtomic(path, Uint8Array.of(1, 2, 3));
    expect([...readFileSync(path)]).toEqual([1, 2, 3]);
  });

  it('sets the mode exactly, whatever the umask (0600 for keys)', async () => {
    const path = join(dir, 'key.pem');
    await writeFileAtomic(path, 'secret', { mode: 0o600 });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    await writeFileAtomic(path, 'public');
    expect(statSync(path).mode & 0o777).toBe(0o644);
  });

  it('leaves the target unchanged and removes the temp file when the rename fails', async () => {
    const path = join(dir, 'target');
    mkdirSync(path);
    writeFileSync(join(path, 'inside'), 'x');
    await expect(writeFileAtomic(path, 'data')).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['target']);
    expect(readFileSync(join(path, 'inside'), 'utf8')).toBe('x');
  });

  it('rejects when the directory does not exist', async () => {
    await expect(writeFileAtomic(join(dir, 'missing', 'a.json'), 'x')).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });

  it('ends with one complete version when many writes race', async () => {
    const path = join(dir, 'race.json');
    const versions = Array.from({ length: 20 }, (_, i) => ({ version: i, pad: 'x'.repeat(1000 * (i + 1)) }));
    await Promise.all(versions.map((v) => writeJsonFileAtomic(path, v)));
    const final = readJsonFileSync(path) as { version: number };
    expect(versions[final.version]).toEqual(final);
    expect(readdirSync(dir)).toEqual(['race.json']);
  });
});

/** Files that must be reported as corrupt, with where reading stopped. */
const corrupt: {
  name: string;
  bytes: Uint8Array | string;
  reason: string;
  line?: number;
  column?: number;
}[] = [
  { name: 'empty (torn before the first byte)', bytes: '', reason: 'the file is empty', line: 1, column: 1 },
  {
    name: 'truncated in the middle of an array',
    bytes: '{\n  "a": [1, 2',
    reason: 'invalid JSON: unexpected end of file inside an array',
    line: 2,
    column: 13,
  },
  {
    name: 'truncated inside a string',
    bytes: '{"name": "stud',
    reason: 'invalid JSON: unterminated string',
    line: 1,
    column: 10,
  },
  {
    name: 'zero-filled block (torn write on a journaling file system)',
    bytes: new Uint8Array(16),
    reason: 'invalid JSON: unexpected "\\u0000", expected a value',
    line: 1,
    column: 1,
  },
  {
    name: 'missing value',
    bytes: '{"a": }',
    reason: `invalid JSON: unexpected "}", expected a value`,
    line: 1,
    column: 7,
  },
  {
    name: 'garbage after the value',
    bytes: '{"a": 1}\n}',
    reason: 'invalid JSON: unexpected "}" after the end of the JSON value',
    line: 2,
    column: 1,
  },
  {
    name: 'trailing comma',
    bytes: '[1,\n 2,\n]',
    reason: 'invalid JSON: unexpected "]", expected a value',
    line: 3,
    column: 1,
  },
  {
    name: 'invalid UTF-8',
    bytes: Uint8Array.of(0x7b, 0xff, 0x7d),
    reason: 'the file is not valid UTF-8 text',
  },
];

describe('readJsonFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'inlet-json-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads what writeJsonFileAtomic wrote', async () => {
    const path = join(dir, 'v.json');
    await writeJsonFileAtomic(path, { a: [1, 'b', null] });
    expect(await readJsonFile(path)).toEqual({ a: [1, 'b', null] });
    expect(readFileSync(path, 'utf8').endsWith('\n')).toBe(true);
  });

  it('accepts a UTF-8 byte order mark', async () => {
    const path = join(dir, 'bom.json');
    writeFileSync(path, '\uFEFF{"ok": true}');
    expect(await readJsonFile(path)).toEqual({ ok: true });
  });

  it('rejects a missing file with ENOENT', async () => {
    await expect(readJsonFile(join(dir, 'nope.json'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(() => readJsonFileSync(join(dir, 'nope.json'))).toThrow(
      expect.objectContaining({ code: 'ENOENT' }),
    );
  });

  for (const c of corrupt) {
    it(`reports a corrupt file: ${c.name}, and leaves it as it is`, async () => {
      const path = join(dir, 'c.json');
      writeFileSync(path, c.bytes);
      const before = readFileSync(path);
      const error = await readJsonFile(path).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CorruptFileError);
      const e = error as CorruptFileError;
      expect(e.path).toBe(path);
      expect(e.line).toBe(c.line);
      expect(e.column).toBe(c.column);
      expect(e.message).toContain(`corrupt file ${path}`);
      expect(e.message).toContain(c.reason);
      if (c.line !== undefined) {
        expect(e.message).toContain(`at line ${c.line} column ${c.column} (position ${e.position})`);
      }
      expect(() => readJsonFileSync(path)).toThrow(e.message);
      expect(readFileSync(path).equals(before)).toBe(true);
    });
  }
});

describe('locateJsonSyntaxError', () => {
  it('agrees with JSON.parse on valid JSON, truncations and single-character edits (property)', () => {
    const text = fc.jsonValue().map((v) => JSON.stringify(v, null, 1));
    const edited = fc.tuple(
      text,
      fc.nat(),
      fc.nat(),
      fc.constantFrom('', ',', '}', ']', '"', ':', '0', ' ', '\\'),
    );
    fc.assert(
      fc.property(edited, ([t, cut, at, insert]) => {
        const candidates = [
          t,
          t.slice(0, cut % (t.length + 1)),
          t.slice(0, at % (t.length + 1)) + insert + t.slice(at % (t.length + 1)),
        ];
        for (const candidate of candidates) {
          let valid = true;
          try {
            JSON.parse(candidate);
          } catch {
            valid = false;
          }
          const located = locateJsonSyntaxError(candidate);
          expect(located === undefined).toBe(valid);
          if (located !== undefined) {
            expect(located.position).toBeGreaterThanOrEqual(0);
            expect(located.position).toBeLessThanOrEqual(candidate.length);
          }
        }
      }),
      { numRuns: 1500, seed: 8259 },
    );
  });

  it('does not overflow the stack on deep nesting', () => {
    expect(locateJsonSyntaxError('['.repeat(200_000))?.message).toBe(
      'unexpected end of file inside an array',
    );
  });
});
