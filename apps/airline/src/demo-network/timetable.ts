import type { FlightSeedRow } from '@interline/persistence';

import type { AirportRecord } from '../catalog/airport-catalog';
import airlinesJson from './airlines.json';
import timetableJson from './timetable.json';

/** One of the three fictional airlines of the demo network. */
export interface DemoAirline {
  /** Two-letter airline designator, e.g. JG. */
  code: string;
  name: string;
  /** IATA code of the hub airport. */
  hub: string;
  /** Console colour name used to tell the airlines apart in terminal output. */
  color: string;
}

/** One line of a weekly timetable: a flight that repeats on the listed weekdays. */
export interface TimetableEntry {
  readonly airline: string;
  /** Four-digit number, unique within the airline. */
  readonly flightNumber: string;
  readonly origin: string;
  readonly destination: string;
  /** Departure as HH:MM wall-clock time at the origin airport. */
  readonly departureLocal: string;
  /** Minutes from departure to arrival (gate to gate). */
  readonly blockMinutes: number;
  readonly capacity: number;
  readonly fareCents: number;
  /** ISO weekday numbers, 1 = Monday to 7 = Sunday. */
  readonly daysOfWeek: readonly number[];
}

/**
 * A dated flight produced from a timetable entry, ready to be stored with its inventory. The id
 * is airline code, flight number and service date, e.g. JG1001-20261205.
 */
export type FlightSeed = FlightSeedRow;

/**
 * Identity of a flight in the reference chain SSA→FOR→CWB→BEL. The chain is sold at promotional
 * fares (a fare sale, the reason many buyers want it at once). The fares put the chain on the
 * Pareto front of a Salvador→Belém search. JG9001 is cheaper than JG1001 on the same route.
 * IP9002 plus RC9003 cost less than JG's own FOR→BEL leg. The whole chain costs less than any
 * itinerary that arrives earlier.
 */
export interface ReferenceLeg {
  airline: string;
  flightNumber: string;
  origin: string;
  destination: string;
  capacity: number;
  /** Promotional fare in BRL cents, below the distance-based fare of the route. */
  fareCents: number;
}

export const DEMO_AIRLINES: readonly DemoAirline[] = Object.freeze(
  airlinesJson.map((airline) => Object.freeze({ ...airline })),
);

export const DEMO_TIMETABLE: readonly TimetableEntry[] = Object.freeze(
  timetableJson.map((entry) =>
    Object.freeze({ ...entry, daysOfWeek: Object.freeze([...entry.daysOfWeek]) }),
  ),
);

/**
 * Three daily flights of different airlines that connect on the same day at FOR and CWB.
 * Their small, exact capacities let bookings from several airlines compete for the last seats.
 * The generator writes them with these numbers and capacities.
 */
export const REFERENCE_LEGS: readonly ReferenceLeg[] = Object.freeze([
  Object.freeze({
    airline: 'JG',
    flightNumber: '9001',
    origin: 'SSA',
    destination: 'FOR',
    capacity: 100,
    fareCents: 29_900,
  }),
  Object.freeze({
    airline: 'IP',
    flightNumber: '9002',
    origin: 'FOR',
    destination: 'CWB',
    capacity: 150,
    fareCents: 24_900,
  }),
  Object.freeze({
    airline: 'RC',
    flightNumber: '9003',
    origin: 'CWB',
    destination: 'BEL',
    capacity: 150,
    fareCents: 22_900,
  }),
]);

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_PATTERN = /^(\d{2}):(\d{2})$/;
const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
const EARTH_RADIUS_KM = 6371;

/** Returns the timetable entries of one airline, in timetable order. */
export function entriesForAirline(code: string): TimetableEntry[] {
  return DEMO_TIMETABLE.filter((entry) => entry.airline === code);
}

/**
 * Expands a weekly timetable into dated flights for `days` consecutive local dates starting at
 * `firstDate`. Each flight departs at its entry's wall-clock time in the origin airport's zone.
 * The result is sorted by departure instant, then by id.
 *
 * @throws Error when an entry names an airport missing from `airports`, or when the date,
 * day count or a departure time is invalid.
 */
export function expandTimetable(
  entries: readonly TimetableEntry[],
  airports: ReadonlyMap<string, AirportRecord>,
  firstDate: string,
  days: number,
): FlightSeed[] {
  parseDate(firstDate);
  if (!Number.isInteger(days) || days < 0) {
    throw new Error(`Invalid day count ${days}: expected a non-negative integer`);
  }
  for (const entry of entries) {
    requireAirport(airports, entry, 'origin');
    requireAirport(airports, entry, 'destination');
  }

  const flights: FlightSeed[] = [];
  for (let offset = 0; offset < days; offset += 1) {
    const serviceDate = addDays(firstDate, offset);
    const weekday = isoWeekday(serviceDate);

    for (const entry of entries) {
      if (entry.daysOfWeek.includes(weekday)) {
        flights.push(toFlightSeed(entry, airports, serviceDate));
      }
    }
  }

  flights.sort(compareByDeparture);
  return flights;
}

function compareByDeparture(a: FlightSeed, b: FlightSeed): number {
  if (a.departureAt !== b.departureAt) {
    return a.departureAt - b.departureAt;
  }
  if (a.id === b.id) {
    return 0;
  }
  return a.id < b.id ? -1 : 1;
}

function toFlightSeed(
  entry: TimetableEntry,
  airports: ReadonlyMap<string, AirportRecord>,
  serviceDate: string,
): FlightSeed {
  const origin = requireAirport(airports, entry, 'origin');
  const departureAt = zonedTimeToInstant(serviceDate, entry.departureLocal, origin.timeZone);

  return {
    id: `${entry.airline}${entry.flightNumber}-${serviceDate.replaceAll('-', '')}`,
    airlineCode: entry.airline,
    flightNumber: entry.flightNumber,
    serviceDate,
    origin: entry.origin,
    destination: entry.destination,
    departureAt,
    arrivalAt: departureAt + entry.blockMinutes * MS_PER_MINUTE,
    capacity: entry.capacity,
    fareCents: entry.fareCents,
  };
}

function requireAirport(
  airports: ReadonlyMap<string, AirportRecord>,
  entry: TimetableEntry,
  end: 'origin' | 'destination',
): AirportRecord {
  const iata = entry[end];
  const airport = airports.get(iata);
  if (!airport) {
    throw new Error(
      `Timetable entry ${entry.airline}${entry.flightNumber} (${entry.origin}-${entry.destination}): ` +
        `${end} airport ${iata} is not in the airport catalogue. Check the IATA code, ` +
        `or add the airport to the map passed to expandTimetable.`,
    );
  }
  return airport;
}

/**
 * Converts a wall-clock date and time in an IANA time zone to epoch milliseconds.
 * A time skipped by a daylight-saving jump is moved forward by the jump, and a time that
 * occurs twice resolves to the earlier instant (the "compatible" rule of Temporal).
 *
 * @throws RangeError for an unknown time zone, Error for an invalid date or time.
 */
export function zonedTimeToInstant(date: string, time: string, timeZone: string): number {
  const { year, month, day } = parseDate(date);
  const { hour, minute } = parseTime(time);
  const wallClockAsUtc = Date.UTC(year, month - 1, day, hour, minute);

  // The offsets a day before and a day after are the candidates. NOTE: a zone that changes its
  // offset twice within those 48 hours could resolve to the wrong instant.
  const offsetBefore = utcOffsetMs(timeZone, wallClockAsUtc - MS_PER_DAY);
  const offsetAfter = utcOffsetMs(timeZone, wallClockAsUtc + MS_PER_DAY);
  const matches = [offsetBefore, offsetAfter]
    .map((offset) => wallClockAsUtc - offset)
    .filter((instant) => instant + utcOffsetMs(timeZone, instant) === wallClockAsUtc);

  if (matches.length > 0) {
    return Math.min(...matches);
  }
  // The wall-clock time falls in a gap, so it is read with the offset in force before the gap.
  return wallClockAsUtc - offsetBefore;
}

/** Returns the calendar date (YYYY-MM-DD) in `timeZone` at the given instant. */
export function localDateIn(timeZone: string, instantMs: number): string {
  const parts = wallClockParts(timeZone, instantMs);
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** Returns the wall-clock time (HH:MM) in `timeZone` at the given instant. */
export function localTimeIn(timeZone: string, instantMs: number): string {
  const parts = wallClockParts(timeZone, instantMs);
  return `${parts.hour}:${parts.minute}`;
}

/** Adds a number of calendar days (negative to go back) to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  if (!Number.isInteger(days)) {
    throw new Error(`Invalid day count ${days}: expected an integer`);
  }
  const { year, month, day } = parseDate(date);
  return new Date(Date.UTC(year, month - 1, day) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Computes the great-circle (haversine) distance in kilometres on a sphere of radius 6371 km. */
export function greatCircleKm(
  a: { latitude: number; longitude: number },
  b: { latitude: number; longitude: number },
): number {
  const toRadians = (degrees: number) => (degrees * Math.PI) / 180;
  const deltaLatitude = toRadians(b.latitude - a.latitude);
  const deltaLongitude = toRadians(b.longitude - a.longitude);

  const haversine =
    Math.sin(deltaLatitude / 2) ** 2 +
    Math.cos(toRadians(a.latitude)) *
      Math.cos(toRadians(b.latitude)) *
      Math.sin(deltaLongitude / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(haversine)));
}

/** Returns the ISO weekday of a YYYY-MM-DD date, 1 = Monday to 7 = Sunday. */
export function isoWeekday(date: string): number {
  const { year, month, day } = parseDate(date);
  const sundayBased = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return sundayBased === 0 ? 7 : sundayBased;
}

function parseDate(date: string): { year: number; month: number; day: number } {
  const match = DATE_PATTERN.exec(date);
  const year = Number(match?.[1]);
  const month = Number(match?.[2]);
  const day = Number(match?.[3]);
  // Date.UTC rolls 2026-02-30 over to March, so a changed month or day marks an invalid date.
  // Years before 1970 are rejected because Date.UTC reads years 0-99 as 1900-1999.
  const check = new Date(Date.UTC(year, month - 1, day));
  if (!match || year < 1970 || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new Error(`Invalid date "${date}": expected a calendar date from 1970 on, as YYYY-MM-DD`);
  }
  return { year, month, day };
}

function parseTime(time: string): { hour: number; minute: number } {
  const match = TIME_PATTERN.exec(time);
  const hour = Number(match?.[1]);
  const minute = Number(match?.[2]);
  if (!match || hour > 23 || minute > 59) {
    throw new Error(`Invalid time "${time}": expected a 24-hour time as HH:MM`);
  }
  return { hour, minute };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function wallClockParts(timeZone: string, instantMs: number): Record<string, string> {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(instantMs)) {
    parts[part.type] = part.value;
  }
  return parts;
}

/** Returns the zone's offset from UTC at the instant, in milliseconds (negative west of UTC). */
function utcOffsetMs(timeZone: string, instantMs: number): number {
  const parts = wallClockParts(timeZone, instantMs);
  const wallClockAsUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  // The formatter drops milliseconds, so the instant is truncated to whole seconds as well.
  return wallClockAsUtc - Math.floor(instantMs / 1000) * 1000;
}
