import { SqliteDatabase } from '@interline/persistence/sqlite/sqlite-database';
import { SqliteParticipantRepository } from '@interline/persistence/sqlite/sqlite-participant.repository';
import {
  createTemporaryDirectory,
  readSeats,
  seedFlights,
  type TemporaryDirectory,
} from '@interline/persistence/sqlite/testing/transaction-fixtures';
import type { VectorClockService } from '@interline/vector-clock';

import { TWO_PHASE_COMMIT_LIMITS_DEFAULT } from '../core/limits';
import type { ParticipantFlight } from '../core/participant';
import type { MsgPrepare } from '../core/types';
import { ParticipantService } from './participant.service';
import type { ParticipantResources, TwoPhaseCommitTransport } from './two-phase-commit.tokens';

// An abort can overtake the durable write of a yes vote. The write completing afterwards must not
// bring the PREPARED record back into memory, or a resent abort would release the seats twice.

const FLIGHT = 'JG1003-20301205';
const DEPARTURE_AT = Date.UTC(2030, 11, 5, 9);

function addFlight(database: SqliteDatabase): void {
  database.connection.exec(`
    INSERT INTO flights (id, airline_code, flight_number, service_date, origin, destination,
                         departure_at, arrival_at, capacity, fare_cents, seats_available)
    VALUES ('${FLIGHT}', 'JG', '1003', '2030-12-05', 'SSA', 'FOR',
            ${DEPARTURE_AT}, ${DEPARTURE_AT + 7_200_000}, 100, 48900, 100)`);
}

function resourcesOf(database: SqliteDatabase): ParticipantResources {
  return {
    async loadFlights(flightIds) {
      const loaded: Record<string, ParticipantFlight | null> = {};
      for (const id of flightIds) {
        const row = database.connection
          .prepare(
            `SELECT airline_code, departure_at, capacity, seats_sold, seats_held, seats_available
             FROM flights WHERE id = ?`,
          )
          .get(id) as
          | {
              airline_code: string;
              departure_at: number;
              capacity: number;
              seats_sold: number;
              seats_held: number;
              seats_available: number;
            }
          | undefined;
        loaded[id] = row
          ? {
              flightId: id,
              airline: row.airline_code,
              departureAt: row.departure_at,
              capacity: row.capacity,
              sold: row.seats_sold,
              held: row.seats_held,
              available: row.seats_available,
              holders: [],
            }
          : null;
      }
      return loaded;
    },
    async loadCoupons(locator) {
      const coupons = await new SqliteParticipantRepository(database).findCouponsByLocator(locator);
      return coupons.map((coupon) => ({ ...coupon, pendingVoid: false }));
    },
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

function prepareOf(
  txId: string,
  stamp: number,
  kind: 'purchase' | 'cancel' = 'purchase',
): MsgPrepare {
  return {
    txId,
    coordinator: 'IP',
    participants: ['IP', 'JG'],
    payload: {
      kind,
      locator: txId.split('.')[1],
      passengers: ['Ana Souza', 'Bruno Lima'],
      legs: [{ flightId: FLIGHT, airline: 'JG', seats: 2 }],
    },
    stamp: { time: stamp, airline: 'IP' },
    deadlineAt: Date.now() + 3_000,
  };
}

describe('ParticipantService abort overtaking a durable yes vote', () => {
  let directory: TemporaryDirectory;
  let database: SqliteDatabase;
  let participant: ParticipantService;

  beforeEach(() => {
    directory = createTemporaryDirectory('interline-participant-');
    database = SqliteDatabase.open(directory.location);
    seedFlights(database);
    addFlight(database);
    participant = new ParticipantService(
      { self: 'JG', limits: { ...TWO_PHASE_COMMIT_LIMITS_DEFAULT } },
      unusedTransport,
      new SqliteParticipantRepository(database),
      resourcesOf(database),
      fixedClock,
    );
  });

  afterEach(() => {
    participant.beforeApplicationShutdown();
    database.close();
    directory.remove();
  });

  it('keeps no stale record after the abort', async () => {
    const vote = participant.prepare(prepareOf('IP.AAAAAA.p1', 10));
    // The coordinator aborted (another participant voted no) while this yes vote was still
    // waiting for its fsync.
    const aborted = participant.decide({ txId: 'IP.AAAAAA.p1', decision: 'ABORT' });
    await expect(vote).resolves.toMatchObject({ vote: 'YES' });
    await aborted;

    expect(participant.inDoubt().map((record) => record.txId)).toEqual([]);
  });

  it('releases the seats of a resent abort once', async () => {
    await expect(participant.prepare(prepareOf('IP.BBBBBB.p1', 5))).resolves.toMatchObject({
      vote: 'YES',
    });

    const vote = participant.prepare(prepareOf('IP.AAAAAA.p1', 10));
    const aborted = participant.decide({ txId: 'IP.AAAAAA.p1', decision: 'ABORT' });
    await vote;
    await aborted;
    expect(readSeats(database, FLIGHT)).toEqual({ sold: 0, held: 2, available: 98 });

    // The acknowledgement was lost, or the coordinator restarted before every participant
    // acknowledged, so the abort comes again.
    await participant.decide({ txId: 'IP.AAAAAA.p1', decision: 'ABORT' });

    expect(readSeats(database, FLIGHT)).toEqual({ sold: 0, held: 2, available: 98 });
    await expect(
      participant.decide({ txId: 'IP.BBBBBB.p1', decision: 'COMMIT' }),
    ).resolves.toBeUndefined();
    expect(readSeats(database, FLIGHT)).toEqual({ sold: 2, held: 0, available: 98 });
  });

  it('commits the other hold after a resent abort', async () => {
    await participant.prepare(prepareOf('IP.BBBBBB.p1', 5));
    const vote = participant.prepare(prepareOf('IP.AAAAAA.p1', 10));
    const aborted = participant.decide({ txId: 'IP.AAAAAA.p1', decision: 'ABORT' });
    await vote;
    await aborted;
    await participant.decide({ txId: 'IP.AAAAAA.p1', decision: 'ABORT' });

    // The commit of the booking the passenger was told is confirmed.
    await expect(
      participant.decide({ txId: 'IP.BBBBBB.p1', decision: 'COMMIT' }),
    ).resolves.toBeUndefined();
  });

  it('accepts a later cancellation after an aborted one', async () => {
    await participant.prepare(prepareOf('IP.CCCCCC.p1', 1));
    await participant.decide({ txId: 'IP.CCCCCC.p1', decision: 'COMMIT' });

    // The first cancellation aborts at once because another airline is unreachable.
    const vote = participant.prepare(prepareOf('IP.CCCCCC.c1', 20, 'cancel'));
    const aborted = participant.decide({ txId: 'IP.CCCCCC.c1', decision: 'ABORT' });
    await expect(vote).resolves.toMatchObject({ vote: 'YES' });
    await aborted;

    await expect(
      participant.prepare(prepareOf('IP.CCCCCC.c2', 20, 'cancel')),
    ).resolves.toMatchObject({
      vote: 'YES',
    });
  });
});
