/**
 * ISO 8601-1:2019 §5.5.2.4 durations (`PnDTnHnMnS`, `PnW`) as Azure Media Services uses them
 * (`keyFrameIntervalDuration: "PT2S"`, `archiveWindowLength: "PT25H"`), converted to and from integer
 * milliseconds.
 */

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60 * MS_PER_SECOND;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;
const MS_PER_DAY = 24 * MS_PER_HOUR;
const MS_PER_WEEK = 7 * MS_PER_DAY;

/** One number of a duration component, with an optional fraction. */
const NUM = String.raw`(\d+(?:[.,]\d+)?)`;

/**
 * `P`, then optional weeks/days, then `T` with optional hours/minutes/seconds. Each number may carry a
 * fraction (`.` or `,`, ISO 8601 §3.2.6). Years and months are matched only to be refused clearly.
 */
const ISO_DURATION = new RegExp(
  `^P(?:${NUM}Y)?(?:${NUM}M)?(?:${NUM}W)?(?:${NUM}D)?(?:T(?:${NUM}H)?(?:${NUM}M)?(?:${NUM}S)?)?$`,
  'i',
);

/** Milliseconds per unit, in the order of the capture groups after years and months. */
const UNIT_MS = [MS_PER_WEEK, MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, MS_PER_SECOND] as const;

/**
 * `parseIsoDuration` converts an ISO 8601 duration such as `PT2S`, `PT0.5S`, `PT1H30M`, `PT25H` or `P1D`
 * into milliseconds, rounded to the nearest millisecond. A fraction is allowed only on the last
 * component (ISO 8601 §5.5.2.4). Years and months are refused: they have no fixed length. Throws a
 * `RangeError` naming the input for anything else.
 */
export function parseIsoDuration(text: string): number {
  const trimmed = text.trim();
  const m = ISO_DURATION.exec(trimmed);
  const bad = (why: string): RangeError =>
    new RangeError(`invalid ISO 8601 duration ${JSON.stringify(text)}: ${why}`);
  // "P", "PT" and "P1DT" match the pattern but name no time component after the designator.
  if (m === null || /^P$|T$/i.test(trimmed)) {
    throw bad('expected a form like PT2S, PT0.5S, PT1H30M or P1D');
  }
  if (m[1] !== undefined || m[2] !== undefined) {
    throw bad('years and months have no fixed length; use days (P1D) or hours (PT25H)');
  }
  const parts = m.slice(3, 8);
  const lastGiven = parts.reduce((last, p, i) => (p === undefined ? last : i), -1);
  let ms = 0;
  for (const [i, part] of parts.entries()) {
    if (part === undefined) {
      continue;
    }
    const normalized = part.replace(',', '.');
    if (normalized.includes('.') && i !== lastGiven) {
      throw bad('only the last component may have a fraction');
    }
    ms += Number(normalized) * (UNIT_MS[i] ?? 0);
  }
  const rounded = Math.round(ms);
  if (!Number.isSafeInteger(rounded)) {
    throw bad('too large');
  }
  return rounded;
}

/**
 * `formatIsoDuration` writes milliseconds as the shortest ISO 8601 duration, the way .NET's
 * `XmlConvert.ToString(TimeSpan)` (and so AMS) does: `PT2S`, `PT0.5S`, `PT1H30M`, `P1D`, `P1DT1H`, and
 * `PT0S` for zero. Throws a `RangeError` for negative or non-integer input.
 */
export function formatIsoDuration(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0) {
    throw new RangeError(`cannot format ${ms} ms as an ISO 8601 duration: expected a whole number >= 0`);
  }
  const days = Math.floor(ms / MS_PER_DAY);
  const hours = Math.floor((ms % MS_PER_DAY) / MS_PER_HOUR);
  const minutes = Math.floor((ms % MS_PER_HOUR) / MS_PER_MINUTE);
  const millis = ms % MS_PER_MINUTE;
  let time = '';
  if (hours > 0) {
    time += `${hours}H`;
  }
  if (minutes > 0) {
    time += `${minutes}M`;
  }
  if (millis > 0) {
    time += `${formatSeconds(millis)}S`;
  }
  const date = days > 0 ? `${days}D` : '';
  if (date === '' && time === '') {
    return 'PT0S';
  }
  return time === '' ? `P${date}` : `P${date}T${time}`;
}

/** Seconds with up to three decimals and no trailing zeros: 500 → "0.5", 2000 → "2", 1250 → "1.25". */
function formatSeconds(ms: number): string {
  const whole = Math.floor(ms / MS_PER_SECOND);
  const frac = ms % MS_PER_SECOND;
  return frac === 0 ? `${whole}` : `${whole}.${String(frac).padStart(3, '0').replace(/0+$/, '')}`;
}
