import type { SearchFlight, SearchQuery } from './search-types';

/**
 * Synthetic flight networks and queries for the search tests and benchmark. Every output is a
 * function of the options and the seed only.
 */

/** Uniform random numbers in [0, 1). */
export type RandomSource = () => number;

/**
 * Returns a seeded pseudo-random generator (the Mulberry32 algorithm, 32-bit state). It is fast
 * and good enough for test data, not for anything that needs unpredictable numbers.
 */
export function mulberry32(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Brazilian airports used first, with their UTC offsets in hours outside daylight saving time. */
const BRAZILIAN_AIRPORTS: ReadonlyArray<readonly [code: string, utcOffsetHours: number]> = [
  ['GRU', -3],
  ['BSB', -3],
  ['GIG', -3],
  ['CGH', -3],
  ['REC', -3],
  ['SSA', -3],
  ['FOR', -3],
  ['CNF', -3],
  ['VCP', -3],
  ['POA', -3],
  ['CWB', -3],
  ['BEL', -3],
  ['MAO', -4],
  ['FLN', -3],
  ['VIX', -3],
  ['NAT', -3],
  ['MCZ', -3],
  ['GYN', -3],
  ['CGB', -4],
  ['SLZ', -3],
  ['THE', -3],
  ['AJU', -3],
  ['JPA', -3],
  ['CGR', -4],
  ['PMW', -3],
  ['PVH', -4],
  ['RBR', -5],
  ['MCP', -3],
  ['BVB', -4],
  ['SDU', -3],
];

/** Airports at this position or lower are hubs, which get more flights. */
const LAST_HUB_INDEX = 7;
const HUB_WEIGHT = 8;
const AIRLINES = ['JG', 'IP', 'RC'] as const;
const CAPACITIES = [70, 118, 138, 176, 220] as const;
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** A generated airport: code, UTC offset and position on a flat map, in kilometres. */
export interface GeneratedAirport {
  code: string;
  utcOffsetHours: number;
  xKm: number;
  yKm: number;
}

/** Options of `generateNetwork`. */
export interface NetworkOptions {
  airports: number;
  flights: number;
  /** Number of service days, starting at `firstDate`. */
  days: number;
  seed: number;
  /** First service date, YYYY-MM-DD. Defaults to 2026-12-01. */
  firstDate?: string;
}

/** Options of `generateQueries`. */
export interface QueryOptions {
  airports: number;
  days: number;
  count: number;
  seed: number;
  /** Must match the network's `firstDate`. Defaults to 2026-12-01. */
  firstDate?: string;
}

const DEFAULT_FIRST_DATE = '2026-12-01';

/**
 * Returns `count` airports: the Brazilian ones above first, then synthetic codes (XAA, XAB, …)
 * with UTC-3 to UTC-5 offsets. Positions are random in a 4,000 km square.
 */
export function generateAirports(count: number, seed: number): GeneratedAirport[] {
  const maxCount = BRAZILIAN_AIRPORTS.length + 26 * 26;
  if (count > maxCount) {
    throw new RangeError(`Invalid airport count ${count}: at most ${maxCount} codes exist.`);
  }
  const random = mulberry32(seed ^ 0x5eed);
  const airports: GeneratedAirport[] = [];
  for (let position = 0; position < count; position++) {
    const known = BRAZILIAN_AIRPORTS[position];
    const code = known ? known[0] : syntheticCode(position - BRAZILIAN_AIRPORTS.length);
    const utcOffsetHours = known ? known[1] : pick(random, [-3, -3, -3, -4, -5]);
    airports.push({ code, utcOffsetHours, xKm: random() * 4_000, yKm: random() * 4_000 });
  }
  return airports;
}

/**
 * Generates `flights` one-way flights between `airports` airports over `days` days. Hubs get
 * about eight times the flights of other airports. Departures are between 05:30 and 23:00 local
 * time on a 5-minute grid, and the block time is 40 minutes plus the distance at 800 km/h. The
 * fare grows with distance, about 10% of the flights are sold out and about 5% are unsellable.
 */
export function generateNetwork(options: NetworkOptions): SearchFlight[] {
  if (options.airports < 2) {
    throw new RangeError(`Invalid network: airports is ${options.airports}, expected at least 2.`);
  }
  const random = mulberry32(options.seed);
  const airports = generateAirports(options.airports, options.seed);
  const weights = airports.map((_, position) => (position <= LAST_HUB_INDEX ? HUB_WEIGHT : 1));
  const firstDayMs = parseDate(options.firstDate ?? DEFAULT_FIRST_DATE);
  const nextNumberByAirline = new Map<string, number>(AIRLINES.map((code) => [code, 1000]));

  const flights: SearchFlight[] = [];
  for (let count = 0; count < options.flights; count++) {
    const origin = airports[pickWeighted(random, weights)];
    let destination = origin;
    // Bounded because there are at least two airports and each draw is independent.
    while (destination === origin) {
      destination = airports[pickWeighted(random, weights)];
    }

    const day = Math.floor(random() * options.days);
    const localMinutes = 330 + 5 * Math.floor(random() * 210);
    const serviceDayMs = firstDayMs + day * DAY_MS;
    const departureAt = serviceDayMs + localMinutes * MINUTE_MS - origin.utcOffsetHours * HOUR_MS;
    const distanceKm = Math.hypot(origin.xKm - destination.xKm, origin.yKm - destination.yKm);
    const blockMinutes = 5 * Math.round((40 + (distanceKm / 800) * 60) / 5);

    const airline = pick(random, AIRLINES);
    const flightNumber = String(nextNumberByAirline.get(airline) ?? 1000);
    nextNumberByAirline.set(airline, Number(flightNumber) + 1);
    const serviceDate = formatDate(serviceDayMs);
    const capacity = pick(random, CAPACITIES);
    const soldOut = random() < 0.1;

    flights.push({
      id: `${airline}${flightNumber}-${serviceDate.replaceAll('-', '')}`,
      airline,
      flightNumber,
      serviceDate,
      origin: origin.code,
      destination: destination.code,
      departureAt,
      arrivalAt: departureAt + blockMinutes * MINUTE_MS,
      capacity,
      fareCents: 100 * Math.round(150 + distanceKm * 0.3 * (0.8 + 0.6 * random())),
      seatsAvailable: soldOut ? 0 : 1 + Math.floor(random() * capacity),
      sellable: random() >= 0.05,
    });
  }
  return flights;
}

/**
 * Generates `count` queries between two different airports of a network made by
 * `generateNetwork` with the same `airports`, on one of its days, for 1 to 4 passengers.
 */
export function generateQueries(options: QueryOptions): SearchQuery[] {
  const random = mulberry32(options.seed);
  const codes = generateAirports(options.airports, options.seed).map((airport) => airport.code);
  const firstDayMs = parseDate(options.firstDate ?? DEFAULT_FIRST_DATE);
  const queries: SearchQuery[] = [];
  for (let count = 0; count < options.count; count++) {
    const origin = pick(random, codes);
    let destination = origin;
    while (destination === origin) {
      destination = pick(random, codes);
    }
    const day = Math.floor(random() * options.days);
    queries.push({
      origin,
      destination,
      date: formatDate(firstDayMs + day * DAY_MS),
      passengers: pick(random, [1, 1, 1, 2, 2, 3, 4]),
    });
  }
  return queries;
}

function syntheticCode(position: number): string {
  const letter = (offset: number) => String.fromCharCode(65 + (offset % 26));
  return `X${letter(Math.floor(position / 26))}${letter(position)}`;
}

function pick<T>(random: RandomSource, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)];
}

function pickWeighted(random: RandomSource, weights: readonly number[]): number {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let remaining = random() * total;
  for (let position = 0; position < weights.length; position++) {
    remaining -= weights[position];
    if (remaining < 0) {
      return position;
    }
  }
  return weights.length - 1;
}

/** Returns 00:00 UTC of a YYYY-MM-DD date, in epoch milliseconds. */
function parseDate(date: string): number {
  const instant = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(instant)) {
    throw new RangeError(`Invalid date ${date}: expected YYYY-MM-DD.`);
  }
  return instant;
}

function formatDate(instantMs: number): string {
  return new Date(instantMs).toISOString().slice(0, 10);
}
