import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cursorFileStem, EventCursorStore } from './event-cursor-store.js';

describe('EventCursorStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = path.join(mkdtempSync(path.join(tmpdir(), 'inlet-cursors-')), 'cursors');
  });
  afterEach(() => {
    rmSync(path.dirname(dir), { recursive: true, force: true });
  });

  it('persists cursors across instances and lists them all for pruning', async () => {
    const store = new EventCursorStore({ dir, logger: pino({ level: 'silent' }) });
    expect(store.load('hook-1')).toBeUndefined();
    await store.save('hook-1', 0);
    await store.save('hook 2/ä', 42);
    const again = new EventCursorStore({ dir, logger: pino({ level: 'silent' }) });
    expect(again.load('hook-1')).toBe(0);
    expect(again.load('hook 2/ä')).toBe(42);
    expect(await again.readAll()).toEqual(
      new Map([
        ['hook-1', 0],
        ['hook 2/ä', 42],
      ]),
    );
    await again.remove('hook-1');
    expect(again.load('hook-1')).toBeUndefined();
  });

  it('coalesces concurrent saves, ends with the newest value and leaves no temp files', async () => {
    const store = new EventCursorStore({ dir, logger: pino({ level: 'silent' }) });
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.save('hook', i + 1)));
    expect(store.load('hook')).toBe(50);
    expect(readdirSync(dir)).toEqual(['hook.json']);
  });

  it('maps names to distinct safe file names', () => {
    expect(cursorFileStem('hook-1.a_b')).toBe('hook-1.a_b');
    expect(cursorFileStem('a/b')).toMatch(/^a_b-[0-9a-f]{12}$/);
    expect(cursorFileStem('a/b')).not.toBe(cursorFileStem('a?b'));
    expect(cursorFileStem('..')).toMatch(/^_\.-[0-9a-f]{12}$/);
  });
});
