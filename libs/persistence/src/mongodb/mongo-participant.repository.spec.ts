import { CouponNotOpenError, FlightNotFoundError, InventoryConstraintError } from '../errors';
import type { ClockEntries, CouponRow, ParticipantWrite } from '../ports/transactions.repository';
import { preparedRecord } from '../sqlite/testing/transaction-fixtures';
import type { MongoTestServer } from '../../../../scripts/ferretdb/server';
import { MongoParticipantRepository } from './mongo-participant.repository';
import {
  FLIGHT_FOR_CWB,
  FLIGHT_SSA_FOR,
  type MongoTestDatabase,
  openTestDatabase,
  readSeats,
  seedFlights,
  setSeats,
  startServer,
} from './testing/mongo-fixtures';

/** FerretDB port of this suite; each MongoDB suite has its own so they can run in parallel. */
const PORT = 29011;
const VOIDED_AT = 1_700_000_900_000;

function holdWrite(txId: string, overrides: Partial<ParticipantWrite> = {}): ParticipantWrite {
  return {
    record: preparedRecord(txId),
    clock: { IP: 4, JG: 9 },
    inventory: [{ flightId: FLIGHT_SSA_FOR, soldDelta: 0, heldDelta: 2 }],
    durability: 'durable',
    ...overrides,
  };
}

function openCoupon(ticketNumber: string, overrides: Partial<CouponRow> = {}): CouponRow {
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

describe('MongoParticipantRepository on FerretDB', () => {
  let server: MongoTestServer;
  let database: MongoTestDatabase;
  let repository: MongoParticipantRepository;

  beforeAll(async () => {
    server = await startServer(PORT);
  });

  afterAll(async () => {
    await server.stop();
  });

  beforeEach(async () => {
    database = await openTestDatabase(server, 'participant');
    await seedFlights(database.storage);
    repository = new MongoParticipantRepository(database.storage, () => VOIDED_AT);
  });

  afterEach(async () => {
    await database.drop();
  });

  const seats = (flightId: string) => readSeats(database.storage, flightId);

  it('round-trips a prepared record', async () => {
    const record = preparedRecord('tx-1', { queryAt: 1_700_000_070_000, queries: 2 });

    const result = await repository.write(holdWrite('tx-1', { record }));

    expect(result.record).toEqual(record);
    expect(await repository.findById('tx-1')).toEqual(record);
    expect(await seats(FLIGHT_SSA_FOR)).toEqual({ sold: 0, held: 2, available: 98 });
  });

  it('replaces the record by txId', async () => {
    await repository.write(holdWrite('tx-1'));
    const committed = preparedRecord('tx-1', { phase: 'COMMITTED', decidedAt: 1_700_000_002_000 });

    await repository.write({
      record: committed,
      clock: { IP: 5, JG: 10 },
      inventory: [{ flightId: FLIGHT_SSA_FOR, soldDelta: 2, heldDelta: -2 }],
      durability: 'durable',
    });

    expect(await repository.findById('tx-1')).toEqual(committed);
    expect(await seats(FLIGHT_SSA_FOR)).toEqual({ sold: 2, held: 0, available: 98 });
    expect(await repository.findPrepared()).toEqual([]);
  });

  it('one bad delta stores nothing', async () => {
    await repository.write(holdWrite('tx-existing'));
    const before = await repository.findById('tx-existing');

    const written = repository.write(
      holdWrite('tx-existing', {
        record: preparedRecord('tx-existing', { phase: 'COMMITTED' }),
        inventory: [
          { flightId: FLIGHT_SSA_FOR, soldDelta: 2, heldDelta: -2 },
          { flightId: FLIGHT_FOR_CWB, soldDelta: 0, heldDelta: 101 },
        ],
      }),
    );

    await expect(written).rejects.toThrow(InventoryConstraintError);
    await expect(written).rejects.toMatchObject({ flightId: FLIGHT_FOR_CWB });
    expect(await seats(FLIGHT_SSA_FOR)).toEqual({ sold: 0, held: 2, available: 98 });
    expect(await seats(FLIGHT_FOR_CWB)).toEqual({ sold: 0, held: 0, available: 100 });
    expect(await repository.findById('tx-existing')).toEqual(before);
    await expectNoLeftovers();
  });

  it('rejected hold on the second flight undoes the first', async () => {
    const written = repository.write(
      holdWrite('tx-1', {
        inventory: [
          { flightId: FLIGHT_SSA_FOR, soldDelta: 0, heldDelta: 2 },
          { flightId: FLIGHT_FOR_CWB, soldDelta: 0, heldDelta: 101 },
        ],
      }),
    );

    await expect(written).rejects.toThrow(InventoryConstraintError);
    expect(await seats(FLIGHT_SSA_FOR)).toEqual({ sold: 0, held: 0, available: 100 });
    expect(await repository.findById('tx-1')).toBeNull();
    await expectNoLeftovers();
  });

  it('unknown flight stores nothing', async () => {
    const written = repository.write(
      holdWrite('tx-1', {
        inventory: [
          { flightId: FLIGHT_SSA_FOR, soldDelta: 0, heldDelta: 2 },
          { flightId: 'JG9999-20261205', soldDelta: 0, heldDelta: 1 },
        ],
      }),
    );

    await expect(written).rejects.toThrow(FlightNotFoundError);
    expect(await seats(FLIGHT_SSA_FOR)).toEqual({ sold: 0, held: 0, available: 100 });
    expect(await repository.findById('tx-1')).toBeNull();
  });

  it('returns every touched flight once, in first-touch order', async () => {
    const result = await repository.write(
      holdWrite('tx-1', {
        inventory: [
          { flightId: FLIGHT_SSA_FOR, soldDelta: 0, heldDelta: 2 },
          { flightId: FLIGHT_FOR_CWB, soldDelta: 0, heldDelta: 3 },
          { flightId: FLIGHT_SSA_FOR, soldDelta: 1, heldDelta: 0 },
        ],
      }),
    );

    expect(result.flights.map((flight) => flight.id)).toEqual([FLIGHT_SSA_FOR, FLIGHT_FOR_CWB]);
    expect(result.flights[0]).toMatchObject({ seatsSold: 1, seatsHeld: 2, seatsAvailable: 97 });
    expect(result.flights[1]).toMatchObject({ seatsSold: 0, seatsHeld: 3, seatsAvailable: 97 });
  });

  it('concurrent holds never oversell', async () => {
    await setSeats(database.storage, FLIGHT_SSA_FOR, { sold: 95, held: 0, available: 5 });

    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, (_, index) => repository.write(holdWrite(`tx-${index}`))),
    );

    const held = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    expect(held).toHaveLength(2);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') {
        expect(outcome.reason).toBeInstanceOf(InventoryConstraintError);
      }
    }
    expect(await seats(FLIGHT_SSA_FOR)).toEqual({ sold: 95, held: 4, available: 1 });
    expect(await repository.findPrepared()).toHaveLength(2);
  });

  it('fills the vote with consecutive ticket numbers in call order', async () => {
    const requests = [
      { flightId: FLIGHT_SSA_FOR, passenger: 'Ana Souza' },
      { flightId: FLIGHT_SSA_FOR, passenger: 'Bruno Lima' },
    ];

    const [first, second] = await Promise.all([
      repository.write(holdWrite('tx-1', { issueTickets: { requests, format: String } })),
      repository.write(holdWrite('tx-2', { issueTickets: { requests, format: String } })),
    ]);

    const numbers = [first, second].flatMap((result) =>
      result.record.vote?.vote === 'YES'
        ? result.record.vote.tickets.map((ticket) => ticket.ticketNumber)
        : [],
    );
    expect(numbers).toEqual(['1', '2', '3', '4']);
    expect((await repository.findById('tx-2'))?.vote).toEqual(second.record.vote);
  });

  it('rejected write allocates no serial', async () => {
    const requests = [{ flightId: FLIGHT_SSA_FOR, passenger: 'Ana Souza' }];
    const failed = repository.write(
      holdWrite('tx-1', {
        issueTickets: { requests, format: String },
        inventory: [{ flightId: FLIGHT_SSA_FOR, soldDelta: 0, heldDelta: 500 }],
      }),
    );
    await expect(failed).rejects.toThrow(InventoryConstraintError);

    const result = await repository.write(
      holdWrite('tx-2', { issueTickets: { requests, format: String } }),
    );

    expect(result.record.vote).toEqual({
      vote: 'YES',
      tickets: [{ flightId: FLIGHT_SSA_FOR, passenger: 'Ana Souza', ticketNumber: '1' }],
    });
  });

  it('tickets without a YES vote are a programmer error', async () => {
    const written = repository.write(
      holdWrite('tx-1', {
        record: preparedRecord('tx-1', { vote: null }),
        issueTickets: { requests: [], format: String },
      }),
    );

    await expect(written).rejects.toThrow(/only valid with a YES vote/);
    expect(await repository.findById('tx-1')).toBeNull();
  });

  describe('coupons', () => {
    async function insertCoupons(coupons: CouponRow[]): Promise<void> {
      await repository.write({
        record: preparedRecord('tx-purchase', { phase: 'COMMITTED' }),
        clock: {},
        inventory: [],
        insertCoupons: coupons,
        durability: 'durable',
      });
    }

    function cancelWrite(ticketNumbers: string[]): ParticipantWrite {
      return {
        record: preparedRecord('tx-cancel', { phase: 'COMMITTED' }),
        clock: { JG: 20 },
        inventory: [{ flightId: FLIGHT_SSA_FOR, soldDelta: -ticketNumbers.length, heldDelta: 0 }],
        voidCoupons: { ticketNumbers, voidTxId: 'tx-cancel' },
        durability: 'durable',
      };
    }

    it('round-trips coupons by locator in issue order', async () => {
      const coupons = [
        openCoupon('T2', { passenger: 'Bruno Lima' }),
        openCoupon('T1'),
        openCoupon('T9', { locator: 'OTHER1' }),
        openCoupon('T0', { status: 'VOID', voidedAt: 5, voidTxId: 'tx-old' }),
      ];
      await insertCoupons(coupons);

      expect(await repository.findCouponsByLocator('QX7P2M')).toEqual([
        coupons[3],
        coupons[1],
        coupons[0],
      ]);
      expect(await repository.countCoupons(FLIGHT_SSA_FOR)).toEqual({ open: 3, void: 1 });
    });

    it('voids open coupons and returns their seats', async () => {
      await insertCoupons([openCoupon('T1'), openCoupon('T2')]);
      await setSeats(database.storage, FLIGHT_SSA_FOR, { sold: 2, held: 0, available: 98 });

      await repository.write(cancelWrite(['T1', 'T2']));

      for (const coupon of await repository.findCouponsByLocator('QX7P2M')) {
        expect(coupon).toMatchObject({
          status: 'VOID',
          voidedAt: VOIDED_AT,
          voidTxId: 'tx-cancel',
        });
      }
      expect(await seats(FLIGHT_SSA_FOR)).toEqual({ sold: 0, held: 0, available: 100 });
    });

    it('voiding a void coupon changes nothing', async () => {
      await insertCoupons([
        openCoupon('T1'),
        openCoupon('T2', { status: 'VOID', voidedAt: 5, voidTxId: 'tx-old' }),
      ]);
      await setSeats(database.storage, FLIGHT_SSA_FOR, { sold: 2, held: 0, available: 98 });
      const before = await repository.findCouponsByLocator('QX7P2M');

      const written = repository.write(cancelWrite(['T1', 'T2']));

      await expect(written).rejects.toThrow(CouponNotOpenError);
      await expect(written).rejects.toMatchObject({ ticketNumber: 'T2', status: 'VOID' });
      expect(await repository.findCouponsByLocator('QX7P2M')).toEqual(before);
      expect(await seats(FLIGHT_SSA_FOR)).toEqual({ sold: 2, held: 0, available: 98 });
      expect(await repository.findById('tx-cancel')).toBeNull();
    });

    it('duplicate ticket number stores nothing', async () => {
      await insertCoupons([openCoupon('T1')]);

      const written = repository.write(
        holdWrite('tx-2', { insertCoupons: [openCoupon('T5'), openCoupon('T1')] }),
      );

      await expect(written).rejects.toMatchObject({ code: 11000 });
      expect(await repository.findCouponsByLocator('QX7P2M')).toHaveLength(1);
      expect(await repository.findById('tx-2')).toBeNull();
      expect(await seats(FLIGHT_SSA_FOR)).toEqual({ sold: 0, held: 0, available: 100 });
    });

    it('coupon for an unknown flight is rejected', async () => {
      const written = repository.write(
        holdWrite('tx-2', { insertCoupons: [openCoupon('T1', { flightId: 'JG9999-20261205' })] }),
      );

      await expect(written).rejects.toThrow(FlightNotFoundError);
      expect(await repository.findById('tx-2')).toBeNull();
    });
  });

  it('merges stored clocks element-wise', async () => {
    const clocks: ClockEntries[] = [{ JG: 3, IP: 1 }, { JG: 2, IP: 5, RC: 1 }, {}];
    for (const [index, clock] of clocks.entries()) {
      await repository.write({
        record: preparedRecord(`tx-${index}`),
        clock,
        inventory: [],
        durability: 'relaxed',
      });
    }

    expect(await repository.maxClock()).toEqual({ IP: 5, JG: 3, RC: 1 });
  });

  it('records and holds survive a reopen', async () => {
    await repository.write(holdWrite('tx-1'));

    const storage = await database.reopen();
    repository = new MongoParticipantRepository(storage, () => VOIDED_AT);

    expect(await repository.findById('tx-1')).toEqual(preparedRecord('tx-1'));
    expect(await seats(FLIGHT_SSA_FOR)).toEqual({ sold: 0, held: 2, available: 98 });
  });

  /** No intent left on any record and no marker left on any flight. */
  async function expectNoLeftovers(): Promise<void> {
    const pending = await database.storage.collections.ParticipantTransaction.countDocuments({
      pending: { $ne: null },
    });
    expect(pending).toBe(0);
    const marked = await database.storage.collections.Flight.countDocuments({
      'applied.0': { $exists: true },
    });
    expect(marked).toBe(0);
  }
});
