import {
  isCalendarDate,
  ITINERARY_LEGS_MAX,
  PASSENGERS_MAX,
  PASSENGERS_MIN,
  SEARCH_RESULTS_MAX,
} from '@interline/contracts';
import { isEmail } from 'class-validator';

import { BRASILIA_TIME_ZONE, localDate } from './format';
import type { AirportsQuery, FlightsQuery, ItinerariesQuery, LogOutFields } from './gateway';
import { UsageError } from './errors';

const IATA_CODE_PATTERN = /^[A-Za-z]{3}$/;
const WHOLE_NUMBER_PATTERN = /^\d+$/;

/**
 * Options of the gateway's email check, copied from the `@IsEmail` rule of RegisterRequest and
 * LogInRequest in @interline/contracts. `require_tld` rejects an address such as `bruno@exemplo`.
 */
const GATEWAY_EMAIL_OPTIONS = { allow_display_name: false, require_tld: true };

/** Passengers of an itinerary search when `--passengers` is not given. */
export const DEFAULT_PASSENGERS = 1;

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

/**
 * Returns the session token from `--token`, else from INTERLINE_TOKEN, and raises a UsageError
 * when neither is set.
 */
export function sessionToken(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  const token = nonEmpty(flag) ?? nonEmpty(env.INTERLINE_TOKEN);
  if (token === undefined) {
    throw new UsageError('usage.tokenMissing');
  }
  return token;
}

/** Builds the log-out request from `--token`, else INTERLINE_TOKEN. */
export function buildLogOutFields(flag: string | undefined, env: NodeJS.ProcessEnv): LogOutFields {
  return { token: sessionToken(flag, env) };
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

/**
 * Validates an email address with the check the gateway applies, and returns it trimmed as the
 * gateway would store it.
 */
export function parseEmail(value: string, option: string): string {
  const email = value.trim();
  if (!isEmail(email, GATEWAY_EMAIL_OPTIONS)) {
    throw new UsageError('usage.emailInvalid', { option, value });
  }
  return email;
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

/** Validates a whole-number option that must lie between `min` and `max`, both included. */
export function parseCount(value: string, option: string, min: number, max: number): number {
  const text = value.trim();
  const count = Number(text);
  if (!WHOLE_NUMBER_PATTERN.test(text) || count < min || count > max) {
    throw new UsageError('usage.countInvalid', { option, value, min, max });
  }
  return count;
}

/** Validates a number of passengers, from PASSENGERS_MIN to PASSENGERS_MAX. */
export function parsePassengers(value: string, option: string): number {
  return parseCount(value, option, PASSENGERS_MIN, PASSENGERS_MAX);
}

/** Options of the `search` sub-command as commander parses them, before validation. */
export interface SearchOptions {
  from: string;
  to: string;
  date?: string;
  passengers?: string;
  maxLegs?: string;
  maxResults?: string;
}

/**
 * Builds the itinerary search from the `search` options. `--date` defaults to today in Brasília
 * and `--passengers` to 1. Without `--max-legs` and `--max-results` the request leaves them out,
 * and the node applies its defaults.
 */
export function buildItinerariesQuery(options: SearchOptions, now: Date): ItinerariesQuery {
  const query: ItinerariesQuery = {
    origin: parseIataCode(options.from, '--from'),
    destination: parseIataCode(options.to, '--to'),
    date:
      options.date === undefined ? todayInBrasilia(now) : parseFlightDate(options.date, '--date'),
    passengers:
      options.passengers === undefined
        ? DEFAULT_PASSENGERS
        : parsePassengers(options.passengers, '--passengers'),
  };
  if (options.maxLegs !== undefined) {
    query.maxLegs = parseCount(options.maxLegs, '--max-legs', 1, ITINERARY_LEGS_MAX);
  }
  if (options.maxResults !== undefined) {
    query.maxResults = parseCount(options.maxResults, '--max-results', 1, SEARCH_RESULTS_MAX);
  }
  return query;
}
