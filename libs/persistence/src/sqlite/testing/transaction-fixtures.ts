import type {
  CoordinatorTransaction,
  ParticipantTransaction,
} from '@interline/two-phase-commit/core/types';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { BookingRow } from '../../ports/transactions.repository';
import type { SqliteDatabase } from '../sqlite-database';

/** A directory under the OS temporary directory for one test's database files. */
export interface TemporaryDirectory {
  path: string;
  /** Location of the database file inside `path`. */
  location: string;
  remove(): void;
}

export function createTemporaryDirectory(prefix: string): TemporaryDirectory {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return {
    path,
    location: join(path, 'node.sqlite'),
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}

export const FLIGHT_SSA_FOR = 'JG1001-20261205';
export const FLIGHT_FOR_CWB = 'JG1002-20261205';

/**
 * Inserts the airports, the airline and two flights of 100 seats each that the foreign keys of
 * coupons and the inventory deltas need.
 */
export function seedFlights(database: SqliteDatabase): void {
  database.connection.exec(`
    INSERT INTO airports (iata, name, city, time_zone, latitude, longitude) VALUES
      ('SSA', 'Salvador', 'Salvador', 'America/Bahia', -12.9, -38.3),
      ('FOR', 'Fortaleza', 'Fortaleza', 'America/Fortaleza', -3.8, -38.5),
      ('CWB', 'Curitiba', 'Curitiba', 'America/Sao_Paulo', -25.5, -49.2);
    INSERT INTO airlines (code, name, hub) VALUES ('JG', 'Jangada', 'FOR');
    INSERT INTO flights (id, airline_code, flight_number, service_date, origin, destination,
                         departure_at, arrival_at, capacity, fare_cents, seats_available) VALUES
      ('${FLIGHT_SSA_FOR}', 'JG', '1001', '2026-12-05', 'SSA', 'FOR',
       ${Date.UTC(2026, 11, 5, 9)}, ${Date.UTC(2026, 11, 5, 11)}, 100, 48900, 100),
      ('${FLIGHT_FOR_CWB}', 'JG', '1002', '2026-12-05', 'FOR', 'CWB',
       ${Date.UTC(2026, 11, 5, 13)}, ${Date.UTC(2026, 11, 5, 17)}, 100, 61200, 100);
  `);
}

/** Seat counts of one flight, read with raw SQL so the check does not depend on an adapter. */
export function readSeats(
  database: SqliteDatabase,
  flightId: string,
): { sold: number; held: number; available: number } {
  return database.connection
    .prepare(
      `SELECT seats_sold AS sold, seats_held AS held, seats_available AS available
       FROM flights WHERE id = ?`,
    )
    .get(flightId) as { sold: number; held: number; available: number };
}

/** Builds a participant record that voted YES for two passengers on the first seeded flight. */
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

/** Builds a coordinator record still collecting votes from two participants. */
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

/** Builds a confirmed one-leg booking of one passenger. */
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
