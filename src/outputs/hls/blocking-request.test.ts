import { describe, expect, it } from 'vitest';
import type { RenditionWindow } from '../../packager/rendition-window.js';
import { seconds, testRendition } from '../test-support/test-window.js';
import {
  blockingTimeoutMs,
  isSatisfied,
  parseBlockingRequest,
  type BlockingRequest,
} from './blocking-request.js';

/** Segments 10..13 of four 0.5 s parts each, and pending segment 14 with parts 0 and 1. */
const ll = testRendition({
  id: 'video',
  kind: 'video',
  firstSequence: 10,
  partTarget: 0.5,
  segments: Array.from({ length: 4 }, () => ({ duration: seconds(2), parts: 4 })),
  pending: { parts: [seconds(0.5), seconds(0.5)] },
});
const plain = testRendition({ id: 'video', kind: 'video', segments: [{ duration: seconds(2) }] });
const llWithoutPending: RenditionWindow = { ...ll, pending: undefined };

const ok = (directives: object): BlockingRequest => ({ ok: true, directives });

const cases: { name: string; query: string; window?: RenditionWindow; expected: BlockingRequest | 400 }[] = [
  { name: 'no directives', query: '', expected: ok({}) },
  { name: 'the next segment', query: '_HLS_msn=14', expected: ok({ msn: 14 }) },
  { name: 'two segments ahead (the limit)', query: '_HLS_msn=15', expected: ok({ msn: 15 }) },
  { name: 'three segments ahead', query: '_HLS_msn=16', expected: 400 },
  { name: 'part without msn', query: '_HLS_part=1', expected: 400 },
  { name: 'msn not a number', query: '_HLS_msn=abc', expected: 400 },
  { name: 'negative msn', query: '_HLS_msn=-1', expected: 400 },
  { name: 'fractional part', query: '_HLS_msn=14&_HLS_part=1.5', expected: 400 },
  { name: 'empty msn', query: '_HLS_msn=', expected: 400 },
  { name: 'msn beyond exact integers', query: '_HLS_msn=12345678901234567', expected: 400 },
  { name: 'msn given twice', query: '_HLS_msn=14&_HLS_msn=15', expected: 400 },
  { name: 'skip YES', query: '_HLS_skip=YES', expected: ok({ skip: 'YES' }) },
  { name: 'skip v2', query: '_HLS_skip=v2', expected: ok({ skip: 'v2' }) },
  { name: 'skip with an unknown value', query: '_HLS_skip=yes', expected: 400 },
  {
    name: 'part six ahead (3 / 0.5 s)',
    query: '_HLS_msn=14&_HLS_part=7',
    expected: ok({ msn: 14, part: 7 }),
  },
  { name: 'part seven ahead', query: '_HLS_msn=14&_HLS_part=8', expected: 400 },
  {
    name: 'part of the next segment within the limit',
    query: '_HLS_msn=15&_HLS_part=5',
    expected: ok({ msn: 15, part: 5 }),
  },
  { name: 'part of the next segment beyond the limit', query: '_HLS_msn=15&_HLS_part=6', expected: 400 },
  { name: 'an old part', query: '_HLS_msn=11&_HLS_part=99', expected: ok({ msn: 11, part: 99 }) },
  {
    name: 'query after a path',
    query: 'video/index.m3u8?_HLS_msn=14&_HLS_part=2&_HLS_skip=YES',
    expected: ok({ msn: 14, part: 2, skip: 'YES' }),
  },
  { name: 'other parameters', query: '?token=abc&_HLS_future=1&_HLS_msn=14', expected: ok({ msn: 14 }) },
  {
    name: 'directives of an ended playlist are ignored',
    query: '_HLS_msn=99&_HLS_skip=YES',
    window: { ...ll, ended: true },
    expected: ok({}),
  },
  {
    name: 'unadvertised directives are ignored',
    query: '_HLS_msn=99&_HLS_skip=YES',
    window: plain,
    expected: ok({}),
  },
  {
    name: 'part without msn is refused even unadvertised',
    query: '_HLS_part=0',
    window: plain,
    expected: 400,
  },
];

describe('parseBlockingRequest (RFC 8216bis 6.2.5)', () => {
  for (const c of cases) {
    it(`${c.name}: ${c.query || '(empty)'}`, () => {
      const result = parseBlockingRequest(c.query, c.window ?? ll);
      if (c.expected === 400) {
        expect(result.ok).toBe(false);
        expect(result.ok ? 0 : result.status).toBe(400);
        expect(result.ok ? '' : result.reason).not.toBe('');
      } else {
        expect(result).toEqual(c.expected);
      }
    });
  }

  it('reads URLSearchParams', () => {
    expect(parseBlockingRequest(new URLSearchParams({ _HLS_msn: '14' }), ll)).toEqual(ok({ msn: 14 }));
  });

  it('honours blocking reload on a plain playlist when it is advertised', () => {
    expect(parseBlockingRequest('_HLS_msn=1', plain, { blockingReload: true })).toEqual(ok({ msn: 1 }));
    expect(parseBlockingRequest('_HLS_msn=3', plain, { blockingReload: true }).ok).toBe(false);
  });
});

describe('isSatisfied', () => {
  const table: {
    name: string;
    target: { msn: number; part?: number };
    window?: RenditionWindow;
    expected: boolean;
  }[] = [
    { name: 'a complete segment', target: { msn: 13 }, expected: true },
    { name: 'the pending segment is not complete', target: { msn: 14 }, expected: false },
    { name: 'a segment that slid out', target: { msn: 5 }, expected: true },
    { name: 'a published part of the pending segment', target: { msn: 14, part: 1 }, expected: true },
    { name: 'the next part of the pending segment', target: { msn: 14, part: 2 }, expected: false },
    { name: 'the last part of a complete segment', target: { msn: 13, part: 3 }, expected: true },
    {
      name: 'past the last part: part 0 of the next segment, published',
      target: { msn: 13, part: 4 },
      expected: true,
    },
    {
      name: 'past the last part, next not published',
      target: { msn: 13, part: 4 },
      window: llWithoutPending,
      expected: false,
    },
    { name: 'a part of a future segment', target: { msn: 15, part: 0 }, expected: false },
    {
      name: 'anything once ended',
      target: { msn: 99, part: 5 },
      window: { ...ll, ended: true },
      expected: true,
    },
  ];
  for (const c of table) {
    it(c.name, () => {
      expect(isSatisfied(c.window ?? ll, c.target)).toBe(c.expected);
    });
  }

  it('waits three target durations before the 503', () => {
    expect(blockingTimeoutMs(ll)).toBe(6000);
  });
});
