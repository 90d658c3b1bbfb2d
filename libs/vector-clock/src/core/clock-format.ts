import { CLOCK_COUNTER_MAX } from './limits';

const AIRLINE_CODE_PATTERN = /^[A-Z0-9]{2}$/;

/**
 * Invalid vector clock: header text or entries that break the format or its limits. `reason`
 * names the bad part in words that can be shown to the sender.
 */
export class ClockFormatError extends Error {
  constructor(readonly reason: string) {
    super(`Invalid vector clock: ${reason}`);
    this.name = 'ClockFormatError';
  }
}

/** Returns whether `code` is an airline code: two capital letters or digits, e.g. `JG` or `G3`. */
export function isAirlineCode(code: string): boolean {
  return AIRLINE_CODE_PATTERN.test(code);
}

/** Returns whether `value` is a valid clock counter: an integer from 0 to `CLOCK_COUNTER_MAX`. */
export function isClockCounter(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= CLOCK_COUNTER_MAX;
}

/** Throws `ClockFormatError` unless `code` is an airline code. */
export function requireAirlineCode(code: string): void {
  if (typeof code !== 'string' || !isAirlineCode(code)) {
    throw new ClockFormatError(`airline code ${quote(code)} is not two capital letters or digits`);
  }
}

/** Quotes a value for an error reason, shortened so a long input cannot flood the message. */
export function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  const shortened = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return JSON.stringify(shortened);
}

/** Orders airline codes by UTF-16 code units, so digits come before capital letters. */
export function compareCodes(a: string, b: string): number {
  if (a < b) {
    return -1;
  }
  return a > b ? 1 : 0;
}
