import { isCalendarDate } from '@interline/contracts';

import { BRASILIA_TIME_ZONE, localDate } from './format';
import type { AirportsQuery, FlightsQuery, LogOutFields } from './gateway';
import { UsageError } from './errors';

const IATA_CODE_PATTERN = /^[A-Za-z]{3}$/;

/** Returns `value` unless it is undefined or empty. */
function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/**
 * Returns the password from `--password`, else from INTERLINE_PASSWORD, else undefined, in
 * which case the caller may prompt for it.
 */
export function passwordFromOptions(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
): string | undefined {
  return nonEmpty(flag) ?? nonEmpty(env.INTERLINE_PASSWORD);
}

/** Builds the log-out request from `--token`, else INTERLINE_TOKEN. */
export function buildLogOutFields(flag: string | undefined, env: NodeJS.ProcessEnv): LogOutFields {
  const token = nonEmpty(flag) ?? nonEmpty(env.INTERLINE_TOKEN);
  if (token === undefined) {
    throw new UsageError('usage.tokenMissing');
  }
  return { token };
}

export function buildAirportsQuery(options: { query?: string; served?: boolean }): AirportsQuery {
  const query: AirportsQuery = {};
  const text = nonEmpty(options.query?.trim());
  if (text !== undefined) {
    query.query = text;
  }
  if (options.served === true) {
    query.servedOnly = true;
  }
  return query;
}

/** Returns the YYYY-MM-DD date of `now` in Brasília time, the default flight date. */
export function todayInBrasilia(now: Date): string {
  return localDate(now, BRASILIA_TIME_ZONE);
}

/** Validates an IATA airport code option and returns it in upper case. */
export function parseIataCode(value: string, option: string): string {
  const code = value.trim();
  if (!IATA_CODE_PATTERN.test(code)) {
    throw new UsageError('usage.iataInvalid', { option, value });
  }
  return code.toUpperCase();
}

/** Validates a YYYY-MM-DD date option. */
export function parseFlightDate(value: string, option: string): string {
  const date = value.trim();
  if (!isCalendarDate(date)) {
    throw new UsageError('usage.dateInvalid', { option, value });
  }
  return date;
}

/** Builds the flight search from `--date` (default: today in Brasília), `--from` and `--to`. */
export function buildFlightsQuery(
  options: { date?: string; from?: string; to?: string },
  now: Date,
): FlightsQuery {
  const date =
    options.date === undefined ? todayInBrasilia(now) : parseFlightDate(options.date, '--date');
  const query: FlightsQuery = { date };
  if (options.from !== undefined) {
    query.origin = parseIataCode(options.from, '--from');
  }
  if (options.to !== undefined) {
    query.destination = parseIataCode(options.to, '--to');
  }
  return query;
}
