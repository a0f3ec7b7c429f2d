import type { Segment } from '../../packager/rendition-window.js';
import { xmlTag } from './xml-text.js';

/**
 * `segmentTimelineLines` renders the `S` elements of a SegmentTimeline (ISO/IEC 23009-1 §5.3.9.6) for
 * consecutive segments of one Representation: `@t` on the first element and wherever a segment does not
 * start where the previous one ended (a gap), `@d` the duration, `@r` the number of further segments with
 * the same duration that follow without a gap.
 */
export function segmentTimelineLines(segments: readonly Segment[], indent: string): string[] {
  const lines: string[] = [];
  let index = 0;
  let end: number | undefined;
  while (index < segments.length) {
    const first = segments[index];
    if (first === undefined) {
      break;
    }
    let repeat = 0;
    let next = segments[index + 1];
    while (
      next !== undefined &&
      next.duration === first.duration &&
      next.startTime === first.startTime + (repeat + 1) * first.duration
    ) {
      repeat += 1;
      next = segments[index + 1 + repeat];
    }
    lines.push(
      indent +
        xmlTag(
          'S',
          [
            ['t', first.startTime === end ? undefined : first.startTime],
            ['d', first.duration],
            ['r', repeat > 0 ? repeat : undefined],
          ],
          true,
        ),
    );
    index += repeat + 1;
    end = first.startTime + (repeat + 1) * first.duration;
  }
  return lines;
}
