import { SqliteDatabase } from '@interline/persistence/sqlite/sqlite-database';
import { SqliteParticipantRepository } from '@interline/persistence/sqlite/sqlite-participant.repository';
import {
  createTemporaryDirectory,
  seedFlights,
  type TemporaryDirectory,
} from '@interline/persistence/sqlite/testing/transaction-fixtures';
import type { VectorClockService } from '@interline/vector-clock';

import { TWO_PHASE_COMMIT_LIMITS_DEFAULT } from '../core/limits';
import type { ParticipantFlight } from '../core/participant';
import type { MsgPrepare, Vote } from '../core/types';
import { ParticipantService } from './participant.service';
import type { ParticipantResources, TwoPhaseCommitTransport } from './two-phase-commit.tokens';

// A prepare can reach the participant twice (a network duplicate) while the first copy waits for
// seats under the age rule. Found by the deterministic simulation (`npm run sim -- --seed 858`):
// the second copy replaced the first in the waiting list, so the first request never got a vote.

const FLIGHT = 'JG1004-20301205';
const DEPARTURE_AT = Date.UTC(2030, 11, 5, 9);

function addSmallFlight(database: SqliteDatabase): void {
  database.connection.exec(`
    INSERT INTO flights (id, airline_code, flight_number, service_date, origin, destination,
                         departure_at, arrival_at, capacity, fare_cents, seats_available)
    VALUES ('${FLIGHT}', 'JG', '1004', '2030-12-05', 'SSA', 'FOR',
            ${DEPARTURE_AT}, ${DEPARTURE_AT + 7_200_000}, 2, 48900, 2)`);
}

function resourcesOf(
  database: SqliteDatabase,
  holders: () => ParticipantFlight['holders'],
): ParticipantResources {
  return {
    async loadFlights(flightIds) {
      const loaded: Record<string, ParticipantFlight | null> = {};
      for (const id of flightIds) {
        const row = database.connection
          .prepare(
            'SELECT capacity, seats_sold, seats_held, seats_available FROM flights WHERE id = ?',
          )
          .get(id) as
          | { capacity: number; seats_sold: number; seats_held: number; seats_available: number }
          | undefined;
        loaded[id] = row
          ? {
              flightId: id,
              airline: 'JG',
              departureAt: DEPARTURE_AT,
              capacity: row.capacity,
              sold: row.seats_sold,
              held: row.seats_held,
              available: row.seats_available,
              holders: holders(),
            }
          : null;
      }
      return loaded;
    },
    loadCoupons: async () => [],
    formatTicketNumber: (serial) => `JG-${String(serial).padStart(10, '0')}`,
    inventoryChanged: () => undefined,
  };
}

const unusedTransport: TwoPhaseCommitTransport = {
  prepare: () => Promise.reject(new Error('not used')),
  decide: () => Promise.reject(new Error('not used')),
  queryDecision: () => Promise.reject(new Error('not used')),
  queryPeer: () => Promise.reject(new Error('not used')),
};

const fixedClock = {
  current: () => ({ entries: () => ({ IP: 1 }) }),
} as unknown as VectorClockService;

function prepareOf(txId: string, stamp: number): MsgPrepare {
  return {
    txId,
    coordinator: 'IP',
    participants: ['IP', 'JG'],
    payload: {
      kind: 'purchase',
      locator: txId.split('.')[1],
      passengers: ['Ana Souza', 'Bruno Lima'],
      legs: [{ flightId: FLIGHT, airline: 'JG', seats: 2 }],
    },
    stamp: { time: stamp, airline: 'IP' },
    deadlineAt: Date.now() + 3_000,
  };
}

/** Resolves with the vote, or with `'no vote'` when none came within `ms`. */
function voteWithin(vote: Promise<Vote>, ms: number): Promise<Vote | 'no vote'> {
  return Promise.race([
    vote,
    new Promise<'no vote'>((resolve) => setTimeout(() => resolve('no vote'), ms)),
  ]);
}

describe('ParticipantService duplicate waiting prepare', () => {
  let directory: TemporaryDirectory;
  let database: SqliteDatabase;
  let participant: ParticipantService;

  beforeEach(() => {
    directory = createTemporaryDirectory('interline-participant-waiting-');
    database = SqliteDatabase.open(directory.location);
    seedFlights(database);
    addSmallFlight(database);
    participant = new ParticipantService(
      { self: 'JG', limits: { ...TWO_PHASE_COMMIT_LIMITS_DEFAULT } },
      unusedTransport,
      new SqliteParticipantRepository(database),
      // The service fills in the holders itself; this source reads them back from it.
      resourcesOf(database, () => []),
      fixedClock,
    );
  });

  afterEach(() => {
    participant.beforeApplicationShutdown();
    database.close();
    directory.remove();
  });

  it('answers both copies once seats free up', async () => {
    // A younger purchase holds the last two seats.
    await expect(participant.prepare(prepareOf('IP.YOUNGR.p1', 20))).resolves.toMatchObject({
      vote: 'YES',
    });

    // An older purchase waits for them, and its prepare arrives twice.
    const first = participant.prepare(prepareOf('IP.OLDERR.p1', 10));
    const duplicate = participant.prepare(prepareOf('IP.OLDERR.p1', 10));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await participant.decide({ txId: 'IP.YOUNGR.p1', decision: 'ABORT' });

    await expect(voteWithin(first, 1_000)).resolves.toMatchObject({ vote: 'YES' });
    await expect(voteWithin(duplicate, 1_000)).resolves.toMatchObject({ vote: 'YES' });
  });
});
