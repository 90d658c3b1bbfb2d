import type { Advertisement } from '@interline/link-state/core/types';
import type {
  CoordinatorTransaction,
  ParticipantTransaction,
} from '@interline/two-phase-commit/core/types';

import type { AccountRow, AirportRow, FlightSeedRow } from '../../ports/records';
import type { BookingRow, CouponRow } from '../../ports/transactions.repository';
import type { StorageRepositories } from '../adapters';

export const AIRPORTS: readonly AirportRow[] = [
  {
    iata: 'SSA',
    name: 'Deputado Luís Eduardo Magalhães',
    city: 'Salvador',
    state: 'BA',
    timeZone: 'America/Bahia',
    latitude: -12.908611,
    longitude: -38.322498,
  },
  {
    iata: 'FOR',
    name: 'Pinto Martins',
    city: 'Fortaleza',
    state: 'CE',
    timeZone: 'America/Fortaleza',
    latitude: -3.776283,
    longitude: -38.532555,
  },
  {
    iata: 'CWB',
    name: 'Afonso Pena',
    city: 'Curitiba',
    state: 'PR',
    timeZone: 'America/Sao_Paulo',
    latitude: -25.528475,
    longitude: -49.175775,
  },
  {
    iata: 'BEL',
    name: 'Val de Cans',
    city: 'Belém',
    state: null,
    timeZone: 'America/Belem',
    latitude: -1.37925,
    longitude: -48.476292,
  },
];

export const FLIGHT_SSA_FOR = 'JG1001-20261205';
export const FLIGHT_FOR_CWB = 'JG1002-20261205';

/** Builds a JG flight of 100 seats on 2026-12-05 from Salvador to Fortaleza, 09:00 to 11:00 UTC. */
export function flightSeed(id: string, overrides: Partial<FlightSeedRow> = {}): FlightSeedRow {
  return {
    id,
    airlineCode: 'JG',
    flightNumber: '1001',
    serviceDate: '2026-12-05',
    origin: 'SSA',
    destination: 'FOR',
    departureAt: Date.UTC(2026, 11, 5, 9),
    arrivalAt: Date.UTC(2026, 11, 5, 11),
    capacity: 100,
    fareCents: 48_900,
    ...overrides,
  };
}

/** Stores the airports and the airlines JG and IP that flights refer to. */
export async function seedCatalog(storage: StorageRepositories): Promise<void> {
  await storage.airports.upsertMany(AIRPORTS);
  await storage.airlines.upsert({ code: 'JG', name: 'Jangada Linhas Aéreas', hub: 'FOR' });
  await storage.airlines.upsert({ code: 'IP', name: 'Ipê Linhas Aéreas', hub: null });
}

/** Stores the catalogue and two JG flights of 100 seats each, every seat available. */
export async function seedTwoFlights(storage: StorageRepositories): Promise<void> {
  await seedCatalog(storage);
  await storage.flights.insertMissing([
    flightSeed(FLIGHT_SSA_FOR),
    flightSeed(FLIGHT_FOR_CWB, {
      flightNumber: '1002',
      origin: 'FOR',
      destination: 'CWB',
      departureAt: Date.UTC(2026, 11, 5, 13),
      arrivalAt: Date.UTC(2026, 11, 5, 17),
      fareCents: 61_200,
    }),
  ]);
}

/** Seat counts of one flight as the flight repository reads them. */
export async function readSeats(
  storage: StorageRepositories,
  flightId: string,
): Promise<{ sold: number; held: number; available: number }> {
  const flight = await storage.flights.findById(flightId);
  if (!flight) {
    throw new Error(`flight ${flightId} is not stored`);
  }
  return { sold: flight.seatsSold, held: flight.seatsHeld, available: flight.seatsAvailable };
}

export function account(id: string, overrides: Partial<AccountRow> = {}): AccountRow {
  return {
    id,
    email: `${id}@example.com`,
    displayName: 'Ana Souza',
    passwordHash: 'scrypt$32768$8$1$c2FsdA$aGFzaA',
    homeAirline: 'JG',
    createdAt: 1_700_000_000_000,
    ...overrides,
  };
}

/** Builds a participant record that voted YES for two passengers on the first flight, no tickets yet. */
export function preparedRecord(
  txId: string,
  overrides: Partial<ParticipantTransaction> = {},
): ParticipantTransaction {
  return {
    txId,
    coordinator: 'IP',
    participants: ['IP', 'JG'],
    payload: {
      kind: 'purchase',
      locator: 'QX7P2M',
      passengers: ['Ana Souza', 'Bruno Lima'],
      legs: [{ flightId: FLIGHT_SSA_FOR, airline: 'JG', seats: 2 }],
    },
    stamp: { time: 42, airline: 'IP' },
    phase: 'PREPARED',
    vote: { vote: 'YES', tickets: [] },
    holdDeadlineAt: 1_700_000_060_000,
    createdAt: 1_700_000_000_000,
    decidedAt: null,
    queryAt: null,
    queries: 0,
    ...overrides,
  };
}

/** Builds an open coupon of booking QX7P2M on the first flight. */
export function openCoupon(ticketNumber: string, overrides: Partial<CouponRow> = {}): CouponRow {
  return {
    ticketNumber,
    flightId: FLIGHT_SSA_FOR,
    locator: 'QX7P2M',
    passenger: 'Ana Souza',
    txId: 'tx-purchase',
    status: 'OPEN',
    issuedAt: 1_700_000_100_000,
    voidedAt: null,
    voidTxId: null,
    ...overrides,
  };
}

/** Builds a coordinator record still collecting votes from JG and RC. */
export function preparingRecord(
  txId: string,
  overrides: Partial<CoordinatorTransaction> = {},
): CoordinatorTransaction {
  return {
    txId,
    payload: {
      kind: 'purchase',
      locator: 'QX7P2M',
      passengers: ['Ana Souza'],
      legs: [
        { flightId: FLIGHT_SSA_FOR, airline: 'JG', seats: 1 },
        { flightId: 'RC2001-20261205', airline: 'RC', seats: 1 },
      ],
    },
    participants: ['JG', 'RC'],
    stamp: { time: 17, airline: 'IP' },
    phase: 'PREPARING',
    votes: {},
    abortReason: null,
    blamed: [],
    acknowledged: [],
    createdAt: 1_700_000_000_000,
    prepareDeadlineAt: 1_700_000_005_000,
    decidedAt: null,
    completedAt: null,
    resendAt: null,
    resends: 0,
    ...overrides,
  };
}

/** Builds a confirmed one-leg booking of one passenger by `account-1`. */
export function confirmedBooking(locator: string, overrides: Partial<BookingRow> = {}): BookingRow {
  return {
    locator,
    accountId: 'account-1',
    accountEmail: 'ana@example.com',
    idempotencyKey: `key-${locator}`,
    requestDigest: 'a'.repeat(64),
    status: 'CONFIRMED',
    failure: null,
    passengers: ['Ana Souza'],
    segments: [
      {
        flightId: FLIGHT_SSA_FOR,
        airline: 'JG',
        flightNumber: '1001',
        serviceDate: '2026-12-05',
        origin: 'SSA',
        destination: 'FOR',
        departureAt: Date.UTC(2026, 11, 5, 9),
        arrivalAt: Date.UTC(2026, 11, 5, 11),
        fareCents: 48_900,
        tickets: [{ passenger: 'Ana Souza', ticketNumber: 'JG-0000000001' }],
      },
    ],
    totalFareCents: 48_900,
    stamp: { time: 17, airline: 'JG' },
    clock: { JG: 12, IP: 3 },
    txIds: ['tx-purchase-1'],
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_500,
    ...overrides,
  };
}

/** Builds IP's advertisement at sequence 4 with two flights, listed here out of departure order. */
export function ipAdvertisement(overrides: Partial<Advertisement> = {}): Advertisement {
  return {
    origin: 'IP',
    sequence: 4,
    airlineName: 'Ipê Linhas Aéreas',
    nodeUrl: 'http://127.0.0.1:4312',
    neighbors: ['JG', 'RC'],
    flights: [
      {
        id: 'IP9004-20261205',
        airline: 'IP',
        flightNumber: '9004',
        serviceDate: '2026-12-05',
        origin: 'CWB',
        destination: 'BEL',
        departureAt: Date.UTC(2026, 11, 5, 18),
        arrivalAt: Date.UTC(2026, 11, 5, 22),
        capacity: 120,
        fareCents: 99_000,
        seatsAvailable: 37,
      },
      {
        id: 'IP9002-20261205',
        airline: 'IP',
        flightNumber: '9002',
        serviceDate: '2026-12-05',
        origin: 'FOR',
        destination: 'CWB',
        departureAt: Date.UTC(2026, 11, 5, 12),
        arrivalAt: Date.UTC(2026, 11, 5, 16),
        capacity: 150,
        fareCents: 120_000,
        seatsAvailable: 150,
      },
    ],
    ...overrides,
  };
}
