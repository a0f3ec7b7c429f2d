import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureApiToken } from './api-token.js';

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'inlet-api-token-'));

describe('ensureApiToken', () => {
  it('uses the configured tokens and writes nothing', async () => {
    const dir = tempDir();
    expect(await ensureApiToken(dir, ['a', 'b'])).toEqual({
      tokens: ['a', 'b'],
      generated: undefined,
      file: undefined,
    });
    expect(() => statSync(join(dir, 'api-token'))).toThrow();
  });

  it('generates a token once, stores it with mode 0600, and reads it back later', async () => {
    const dir = join(tempDir(), 'data');
    const first = await ensureApiToken(dir, []);
    expect(first.generated).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.tokens).toEqual([first.generated]);
    const file = join(dir, 'api-token');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.generated);
    const second = await ensureApiToken(dir, []);
    expect(second).toEqual({ tokens: first.tokens, generated: undefined, file });
  });

  it('refuses an empty token file instead of replacing it', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'api-token'), '\n');
    await expect(ensureApiToken(dir, [])).rejects.toThrow(/api-token is empty/);
    expect(readFileSync(join(dir, 'api-token'), 'utf8')).toBe('\n');
  });
});
