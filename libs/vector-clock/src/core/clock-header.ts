import { ClockFormatError, isAirlineCode, quote } from './clock-format';
import { CLOCK_COUNTER_MAX, CLOCK_ENTRIES_MAX, CLOCK_HEADER_CHARACTERS_MAX } from './limits';

const DIGITS_PATTERN = /^[0-9]+$/;

/**
 * Formats sorted clock entries as header text: `CODE=counter` pairs joined by commas, e.g.
 * `IP=3,JG=12,RC=7`. The caller passes entries sorted by code and without zero counters, so
 * equal clocks always give the same text. An empty clock gives the empty string.
 */
export function formatClockHeader(entries: ReadonlyArray<readonly [string, number]>): string {
  return entries.map(([code, counter]) => `${code}=${counter}`).join(',');
}

/**
 * Parses header text into a map of counters by airline code, in the order of the text.
 * Whitespace is not allowed. Throws `ClockFormatError` naming the first bad part, which is one of:
 * - text over `CLOCK_HEADER_CHARACTERS_MAX` characters or with over `CLOCK_ENTRIES_MAX` entries,
 * - an empty entry (doubled, leading or trailing comma) or one that is not `CODE=counter`,
 * - an invalid airline code, or a code given twice,
 * - a counter that is not a decimal integer from 0 to `CLOCK_COUNTER_MAX`.
 */
export function parseClockHeader(text: string): Map<string, number> {
  if (text.length > CLOCK_HEADER_CHARACTERS_MAX) {
    throw new ClockFormatError(
      `text has ${text.length} characters, maximum ${CLOCK_HEADER_CHARACTERS_MAX}`,
    );
  }
  const counters = new Map<string, number>();
  if (text === '') {
    return counters;
  }

  const parts = text.split(',');
  if (parts.length > CLOCK_ENTRIES_MAX) {
    throw new ClockFormatError(`text has ${parts.length} entries, maximum ${CLOCK_ENTRIES_MAX}`);
  }
  const positions = new Map<string, number>();
  parts.forEach((part, index) => {
    const position = index + 1;
    const [code, counter] = parseEntry(part, position);
    const earlier = positions.get(code);
    if (earlier !== undefined) {
      throw new ClockFormatError(
        `entry ${position} ${quote(part)}: airline code ${code} already appears in entry ${earlier}`,
      );
    }
    positions.set(code, position);
    counters.set(code, counter);
  });
  return counters;
}

function parseEntry(part: string, position: number): [string, number] {
  if (part === '') {
    throw new ClockFormatError(`entry ${position} is empty (a doubled, leading or trailing comma)`);
  }
  const fields = part.split('=');
  if (fields.length !== 2) {
    throw new ClockFormatError(`entry ${position} ${quote(part)} is not CODE=counter`);
  }

  const [code, digits] = fields;
  if (!isAirlineCode(code)) {
    throw new ClockFormatError(
      `entry ${position} ${quote(part)}: airline code ${quote(code)} is not two capital letters or digits`,
    );
  }
  if (!DIGITS_PATTERN.test(digits)) {
    throw new ClockFormatError(
      `entry ${position} ${quote(part)}: counter ${quote(digits)} is not a non-negative decimal integer`,
    );
  }
  const counter = Number(digits);
  if (counter > CLOCK_COUNTER_MAX) {
    throw new ClockFormatError(
      `entry ${position} ${quote(part)}: counter ${quote(digits)} is above the maximum ${CLOCK_COUNTER_MAX}`,
    );
  }
  return [code, counter];
}
