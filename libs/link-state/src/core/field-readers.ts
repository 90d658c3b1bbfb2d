/** Readers of single message fields for the validators, which collect problems by path. */

import { AIRLINE_NAME_LENGTH_MAX, NODE_URL_LENGTH_MAX, VALIDATION_ERRORS_MAX } from './limits';
import type { ValidationResult } from './validation';

export const AIRLINE_CODE = /^[A-Z0-9]{2}$/;
export const AIRPORT_CODE = /^[A-Z]{3}$/;
/** IATA flight number: one to four digits and an optional operational suffix letter. */
export const FLIGHT_NUMBER = /^[0-9]{1,4}[A-Z]?$/;
/** `<airline><number>-<YYYYMMDD>`. The capture groups are the airline code and the date. */
export const FLIGHT_ID = /^([A-Z0-9]{2})[0-9]{1,4}[A-Z]?-([0-9]{8})$/;

/** Collects problems as `path: message` lines, keeping at most `VALIDATION_ERRORS_MAX`. */
export class ProblemList {
  private readonly lines: string[] = [];
  private count = 0;

  add(path: string, message: string): void {
    this.count += 1;
    if (this.lines.length < VALIDATION_ERRORS_MAX - 1) {
      this.lines.push(`${path}: ${message}`);
    }
  }

  result<T>(value: T): ValidationResult<T> {
    return this.count === 0 ? { ok: true, value } : this.failure();
  }

  failure(): { ok: false; errors: string[] } {
    const errors = [...this.lines];
    if (this.count > this.lines.length) {
      errors.push(`${this.count - this.lines.length} more problems not listed`);
    }
    return { ok: false, errors };
  }
}

export function readFlightId(
  input: unknown,
  path: string,
  origin: string,
  problems: ProblemList,
): string {
  const id = readString(input, path, problems);
  if (typeof input !== 'string') {
    return id;
  }
  const match = FLIGHT_ID.exec(id);
  if (!match) {
    problems.add(path, `must look like JG1001-20261205, got ${show(input)}`);
  } else if (match[1] !== origin) {
    problems.add(path, `flight ${id} does not belong to origin ${origin}`);
  }
  return id;
}

export function readAirlineCode(input: unknown, path: string, problems: ProblemList): string {
  const code = readString(input, path, problems);
  if (typeof input === 'string' && !AIRLINE_CODE.test(code)) {
    problems.add(
      path,
      `must be a two-character airline code of capital letters or digits, got ${show(input)}`,
    );
  }
  return code;
}

export function readAirlineName(input: unknown, path: string, problems: ProblemList): string {
  const name = readString(input, path, problems);
  if (typeof input === 'string' && (name.trim() === '' || name.length > AIRLINE_NAME_LENGTH_MAX)) {
    problems.add(path, `must be 1 to ${AIRLINE_NAME_LENGTH_MAX} characters, not blank`);
  }
  return name;
}

export function readNodeUrl(input: unknown, path: string, problems: ProblemList): string {
  const url = readString(input, path, problems);
  if (typeof input !== 'string') {
    return url;
  }
  if (url.length > NODE_URL_LENGTH_MAX || !isHttpUrl(url)) {
    problems.add(
      path,
      `must be an http or https URL of at most ${NODE_URL_LENGTH_MAX} characters, got ${show(input)}`,
    );
  }
  return url;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Reads a sequence, a capacity or a fare, all of which start at 1. */
export function readPositiveInteger(input: unknown, path: string, problems: ProblemList): number {
  if (!Number.isSafeInteger(input) || (input as number) < 1) {
    problems.add(path, describeMissing(input, 'must be a positive integer'));
    return 0;
  }
  return input as number;
}

/**
 * Highest sequence number accepted. A peer announcing a larger one (by a bug or on purpose) would
 * push the origin past the range where JavaScript numbers stay exact; 2^40 updates at a thousand
 * per second would still take about 35 years.
 */
export const SEQUENCE_MAX = 2 ** 40;

/** Reads a link-state sequence number: a positive integer up to `SEQUENCE_MAX`. */
export function readSequence(input: unknown, path: string, problems: ProblemList): number {
  const sequence = readPositiveInteger(input, path, problems);
  if (sequence > SEQUENCE_MAX) {
    problems.add(path, `must not exceed ${SEQUENCE_MAX}, got ${sequence}`);
    return 0;
  }
  return sequence;
}

/** Reads a non-negative integer such as a seat count. */
export function readCount(input: unknown, path: string, problems: ProblemList): number {
  if (!Number.isSafeInteger(input) || (input as number) < 0) {
    problems.add(path, describeMissing(input, 'must be a non-negative integer'));
    return 0;
  }
  return input as number;
}

/** Reads an instant in epoch milliseconds. */
export function readInstant(input: unknown, path: string, problems: ProblemList): number {
  if (!Number.isSafeInteger(input)) {
    problems.add(path, describeMissing(input, 'must be an integer instant in epoch milliseconds'));
    return 0;
  }
  return input as number;
}

export function readString(input: unknown, path: string, problems: ProblemList): string {
  if (typeof input !== 'string') {
    problems.add(path, describeMissing(input, 'must be a string'));
    return '';
  }
  return input;
}

export function readArray(
  input: unknown,
  path: string,
  lengthMax: number,
  problems: ProblemList,
): unknown[] {
  if (!Array.isArray(input)) {
    problems.add(path, describeMissing(input, 'must be an array'));
    return [];
  }
  if (input.length > lengthMax) {
    problems.add(path, `must have at most ${lengthMax} entries, got ${input.length}`);
    return [];
  }
  return input;
}

export function readObject(
  input: unknown,
  path: string,
  problems: ProblemList,
): Record<string, unknown> | null {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    problems.add(path, describeMissing(input, 'must be an object'));
    return null;
  }
  return input as Record<string, unknown>;
}

export function describeMissing(input: unknown, expectation: string): string {
  return input === undefined ? 'missing' : `${expectation}, got ${show(input)}`;
}

/** Renders a received value for an error message, cut to keep messages short. */
export function show(input: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(input) ?? String(input);
  } catch {
    text = String(input);
  }
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
