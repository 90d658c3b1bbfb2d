/**
 * Pure validators for protocol messages received from other nodes. Each takes the parsed JSON
 * body as `unknown` and returns either a clean copy that contains only the known fields, or every
 * problem found, so the HTTP adapter can reject the whole message with 400 and list them.
 */

import { isCalendarDate } from '@interline/contracts/calendar-date';
import {
  AIRLINE_CODE,
  AIRPORT_CODE,
  FLIGHT_ID,
  FLIGHT_NUMBER,
  ProblemList,
  readAirlineCode,
  readAirlineName,
  readArray,
  readCount,
  readFlightId,
  readInstant,
  readNodeUrl,
  readObject,
  readPositiveInteger,
  readSequence,
  readString,
  show,
} from './field-readers';
import { DATABASE_ORIGINS_MAX } from './limits';
import {
  ADVERTISEMENT_FLIGHTS_MAX,
  FLOOD_ADVERTISEMENTS_MAX,
  FLOOD_UPDATES_MAX,
  NEIGHBORS_MAX,
  UPDATE_SEAT_CHANGES_MAX,
} from './types';
import type {
  AdvertisedFlight,
  Advertisement,
  AdvertisementUpdate,
  DatabaseMessage,
  DatabaseSummary,
  FloodMessage,
  HelloMessage,
  SeatChange,
} from './types';

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/** Validates the body of a hello request or hello response. */
export function validateHelloMessage(input: unknown): ValidationResult<HelloMessage> {
  const problems = new ProblemList();
  const body = readObject(input, 'hello', problems);
  if (!body) {
    return problems.failure();
  }
  const value: HelloMessage = {
    from: readAirlineCode(body.from, 'from', problems),
    url: readNodeUrl(body.url, 'url', problems),
    summary: readSummary(body.summary, 'summary', problems),
  };
  return problems.result(value);
}

/** Validates the body of a flood request: advertisements and updates of any origins. */
export function validateFloodMessage(input: unknown): ValidationResult<FloodMessage> {
  const problems = new ProblemList();
  const body = readObject(input, 'flood', problems);
  if (!body) {
    return problems.failure();
  }
  const from = readAirlineCode(body.from, 'from', problems);
  const advertisements = readArray(
    body.advertisements,
    'advertisements',
    FLOOD_ADVERTISEMENTS_MAX,
    problems,
  ).map((item, index) => readAdvertisement(item, `advertisements[${index}]`, problems));
  const updates = readArray(body.updates, 'updates', FLOOD_UPDATES_MAX, problems).map(
    (item, index) => readUpdate(item, `updates[${index}]`, problems),
  );
  return problems.result({ from, advertisements, updates });
}

/** Validates the response to the database request that a `pull` effect makes. */
export function validateDatabaseMessage(input: unknown): ValidationResult<DatabaseMessage> {
  const problems = new ProblemList();
  const body = readObject(input, 'database', problems);
  if (!body) {
    return problems.failure();
  }
  const advertisements = readArray(
    body.advertisements,
    'advertisements',
    DATABASE_ORIGINS_MAX,
    problems,
  ).map((item, index) => readAdvertisement(item, `advertisements[${index}]`, problems));
  return problems.result({ advertisements });
}

/**
 * Validates flights that this node is about to advertise as `origin`, with the rules receivers
 * apply, so that a bad own flight fails locally instead of making every peer reject the message.
 */
export function validateOwnFlights(
  origin: string,
  input: unknown,
): ValidationResult<AdvertisedFlight[]> {
  const problems = new ProblemList();
  const flights = readFlights(input, 'flights', origin, problems);
  return problems.result(flights);
}

function readAdvertisement(input: unknown, path: string, problems: ProblemList): Advertisement {
  const body = readObject(input, path, problems) ?? {};
  const origin = readAirlineCode(body.origin, `${path}.origin`, problems);
  return {
    origin,
    sequence: readSequence(body.sequence, `${path}.sequence`, problems),
    airlineName: readAirlineName(body.airlineName, `${path}.airlineName`, problems),
    nodeUrl: readNodeUrl(body.nodeUrl, `${path}.nodeUrl`, problems),
    neighbors: readNeighbors(body.neighbors, `${path}.neighbors`, origin, problems),
    flights: readFlights(body.flights, `${path}.flights`, origin, problems),
  };
}

function readUpdate(input: unknown, path: string, problems: ProblemList): AdvertisementUpdate {
  const body = readObject(input, path, problems) ?? {};
  const origin = readAirlineCode(body.origin, `${path}.origin`, problems);
  const sequence = readSequence(body.sequence, `${path}.sequence`, problems);
  const previousSequence = readPositiveInteger(
    body.previousSequence,
    `${path}.previousSequence`,
    problems,
  );
  // An update always follows the sequence right before it, so the first update is sequence 2.
  if (Number.isSafeInteger(sequence) && previousSequence !== sequence - 1) {
    problems.add(
      `${path}.previousSequence`,
      `must be sequence - 1 (${sequence - 1}), got ${show(body.previousSequence)}`,
    );
  }
  const update: AdvertisementUpdate = {
    origin,
    sequence,
    previousSequence,
    seats: readSeatChanges(body.seats, `${path}.seats`, origin, problems),
  };
  if (body.neighbors !== undefined) {
    update.neighbors = readNeighbors(body.neighbors, `${path}.neighbors`, origin, problems);
  }
  return update;
}

function readSeatChanges(
  input: unknown,
  path: string,
  origin: string,
  problems: ProblemList,
): SeatChange[] {
  const seen = new Set<string>();
  return readArray(input, path, UPDATE_SEAT_CHANGES_MAX, problems).map((item, index) => {
    const itemPath = `${path}[${index}]`;
    const body = readObject(item, itemPath, problems) ?? {};
    const flightId = readFlightId(body.flightId, `${itemPath}.flightId`, origin, problems);
    if (seen.has(flightId)) {
      problems.add(`${itemPath}.flightId`, `duplicate flight ${flightId} in one update`);
    }
    seen.add(flightId);
    const seatsAvailable = readCount(body.seatsAvailable, `${itemPath}.seatsAvailable`, problems);
    return { flightId, seatsAvailable };
  });
}

function readFlights(
  input: unknown,
  path: string,
  origin: string,
  problems: ProblemList,
): AdvertisedFlight[] {
  const seen = new Set<string>();
  return readArray(input, path, ADVERTISEMENT_FLIGHTS_MAX, problems).map((item, index) => {
    const flight = readFlight(item, `${path}[${index}]`, origin, problems);
    if (seen.has(flight.id)) {
      problems.add(`${path}[${index}].id`, `duplicate flight ${flight.id}`);
    }
    seen.add(flight.id);
    return flight;
  });
}

function readFlight(
  input: unknown,
  path: string,
  origin: string,
  problems: ProblemList,
): AdvertisedFlight {
  const body = readObject(input, path, problems) ?? {};
  const flight: AdvertisedFlight = {
    id: readFlightId(body.id, `${path}.id`, origin, problems),
    airline: readAirlineCode(body.airline, `${path}.airline`, problems),
    flightNumber: readString(body.flightNumber, `${path}.flightNumber`, problems),
    serviceDate: readString(body.serviceDate, `${path}.serviceDate`, problems),
    origin: readString(body.origin, `${path}.origin`, problems),
    destination: readString(body.destination, `${path}.destination`, problems),
    departureAt: readInstant(body.departureAt, `${path}.departureAt`, problems),
    arrivalAt: readInstant(body.arrivalAt, `${path}.arrivalAt`, problems),
    capacity: readPositiveInteger(body.capacity, `${path}.capacity`, problems),
    fareCents: readPositiveInteger(body.fareCents, `${path}.fareCents`, problems),
    seatsAvailable: readCount(body.seatsAvailable, `${path}.seatsAvailable`, problems),
  };

  if (typeof body.airline === 'string' && flight.airline !== origin) {
    problems.add(`${path}.airline`, `must be the advertisement's origin ${origin}`);
  }
  if (typeof body.flightNumber === 'string' && !FLIGHT_NUMBER.test(flight.flightNumber)) {
    problems.add(`${path}.flightNumber`, `must be 1 to 4 digits and an optional letter`);
  }
  if (typeof body.serviceDate === 'string' && !isCalendarDate(flight.serviceDate)) {
    problems.add(`${path}.serviceDate`, `must be a calendar date YYYY-MM-DD`);
  }
  const expectedId = `${flight.airline}${flight.flightNumber}-${flight.serviceDate.replaceAll('-', '')}`;
  if (FLIGHT_ID.test(flight.id) && flight.id !== expectedId) {
    problems.add(`${path}.id`, `must be ${expectedId}, built from airline, number and date`);
  }
  for (const field of ['origin', 'destination'] as const) {
    if (typeof body[field] === 'string' && !AIRPORT_CODE.test(flight[field])) {
      problems.add(`${path}.${field}`, `must be a three-letter IATA airport code`);
    }
  }
  if (flight.origin === flight.destination && typeof body.origin === 'string') {
    problems.add(`${path}.destination`, `must differ from origin ${flight.origin}`);
  }
  if (flight.arrivalAt <= flight.departureAt) {
    problems.add(`${path}.arrivalAt`, `must be later than departureAt`);
  }
  if (flight.seatsAvailable > flight.capacity) {
    problems.add(`${path}.seatsAvailable`, `must not exceed capacity ${flight.capacity}`);
  }
  return flight;
}

function readSummary(input: unknown, path: string, problems: ProblemList): DatabaseSummary {
  const body = readObject(input, path, problems);
  const summary: DatabaseSummary = {};
  if (!body) {
    return summary;
  }
  const origins = Object.keys(body);
  if (origins.length > DATABASE_ORIGINS_MAX) {
    problems.add(path, `must list at most ${DATABASE_ORIGINS_MAX} origins, got ${origins.length}`);
    return summary;
  }
  for (const origin of origins) {
    if (!AIRLINE_CODE.test(origin)) {
      problems.add(`${path}.${show(origin)}`, `key must be an airline code`);
      continue;
    }
    summary[origin] = readSequence(body[origin], `${path}.${origin}`, problems);
  }
  return summary;
}

/** Reads an adjacency list: sorted, unique airline codes other than `origin`. */
function readNeighbors(
  input: unknown,
  path: string,
  origin: string,
  problems: ProblemList,
): string[] {
  const codes = readArray(input, path, NEIGHBORS_MAX, problems).map((item, index) =>
    readAirlineCode(item, `${path}[${index}]`, problems),
  );
  for (let index = 0; index < codes.length; index += 1) {
    if (codes[index] === origin) {
      problems.add(`${path}[${index}]`, `must not list the origin ${origin} itself`);
    }
    if (index > 0 && codes[index - 1] >= codes[index]) {
      problems.add(`${path}[${index}]`, `must be sorted and unique, ${codes[index]} is not`);
    }
  }
  return codes;
}
