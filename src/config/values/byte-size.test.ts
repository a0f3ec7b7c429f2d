import { describe, expect, it } from 'vitest';
import { parseByteSize } from './byte-size.js';

const cases: { input: unknown; bytes: number | undefined }[] = [
  { input: 0, bytes: 0 },
  { input: 8388608, bytes: 8388608 },
  { input: '8388608', bytes: 8388608 },
  { input: '8MiB', bytes: 8 * 1024 * 1024 },
  { input: '8 MiB', bytes: 8 * 1024 * 1024 },
  { input: '8mib', bytes: 8 * 1024 * 1024 },
  { input: '512MiB', bytes: 512 * 1024 * 1024 },
  { input: '1GiB', bytes: 1024 ** 3 },
  { input: '1.5KiB', bytes: 1536 },
  { input: '100kB', bytes: 100_000 },
  { input: '2MB', bytes: 2_000_000 },
  { input: '10B', bytes: 10 },
  { input: '1.5B', bytes: undefined },
  { input: '0.1KiB', bytes: undefined },
  { input: '8 megs', bytes: undefined },
  { input: '-1', bytes: undefined },
  { input: -1, bytes: undefined },
  { input: 1.5, bytes: undefined },
  { input: '', bytes: undefined },
  { input: 'MiB', bytes: undefined },
  { input: true, bytes: undefined },
];

describe('parseByteSize', () => {
  for (const c of cases) {
    it(`reads ${JSON.stringify(c.input)} as ${String(c.bytes)}`, () => {
      expect(parseByteSize(c.input)).toBe(c.bytes);
    });
  }
});
