import { FlightNotFoundError, InventoryConstraintError } from '../errors';
import type { ClockEntries, CouponRow, ParticipantWrite } from '../ports/transactions.repository';
import { SqliteDatabase } from './sqlite-database';
import { CouponNotOpenError, SqliteParticipantRepository } from './sqlite-participant.repository';
import {
  createTemporaryDirectory,
  FLIGHT_FOR_CWB,
  FLIGHT_SSA_FOR,
  preparedRecord,
  readSeats,
  seedFlights,
  type TemporaryDirectory,
} from './testing/transaction-fixtures';

const VOIDED_AT = 1_700_000_900_000;

const formatTicket = (serial: number): string => `JG-${String(serial).padStart(10, '0')}`;

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

describe('SqliteParticipantRepository on a real file', () => {
  let directory: TemporaryDirectory;
  let database: SqliteDatabase;
  let repository: SqliteParticipantRepository;

  beforeEach(() => {
    directory = createTemporaryDirectory('interline-participant-');
    database = SqliteDatabase.open(directory.location);
    seedFlights(database);
    repository = new SqliteParticipantRepository(database, () => VOIDED_AT);
  });

  afterEach(() => {
    database.close();
    directory.remove();
  });

  function reopen(): void {
    database.close();
    database = SqliteDatabase.open(directory.location);
    repository = new SqliteParticipantRepository(database, () => VOIDED_AT);
  }

  describe('records', () => {
    it('round-trips a prepared record', async () => {
      const record = preparedRecord('tx-1', {
        vote: {
          vote: 'YES',
          tickets: [{ flightId: FLIGHT_SSA_FOR, passenger: 'Ana Souza', ticketNumber: 'T1' }],
        },
        queryAt: 1_700_000_070_000,
        queries: 2,
      });

      const result = await repository.write(holdWrite('tx-1', { record }));

      expect(result.record).toEqual(record);
      expect(await repository.findById('tx-1')).toEqual(record);
    });

    it('round-trips a tombstone', async () => {
      const tombstone = preparedRecord('tx-late', {
        payload: null,
        stamp: null,
        phase: 'ABORTED',
        vote: null,
        holdDeadlineAt: null,
        decidedAt: 1_700_000_000_100,
      });

      await repository.write({
        record: tombstone,
        clock: {},
        inventory: [],
        durability: 'relaxed',
      });

      expect(await repository.findById('tx-late')).toEqual(tombstone);
    });

    it('round-trips a NO vote', async () => {
      const refused = preparedRecord('tx-no', {
        phase: 'REFUSED',
        vote: { vote: 'NO', reason: 'SOLD_OUT', flightIds: [FLIGHT_SSA_FOR], detail: '0 left' },
      });

      await repository.write({ record: refused, clock: {}, inventory: [], durability: 'relaxed' });

      expect(await repository.findById('tx-no')).toEqual(refused);
    });

    it('findById returns null when absent', async () => {
      expect(await repository.findById('tx-missing')).toBeNull();
    });

    it('write replaces the record by txId', async () => {
      await repository.write(holdWrite('tx-1'));
      const committed = preparedRecord('tx-1', {
        phase: 'COMMITTED',
        decidedAt: 1_700_000_002_000,
      });

      await repository.write({
        record: committed,
        clock: { IP: 5, JG: 10 },
        inventory: [{ flightId: FLIGHT_SSA_FOR, soldDelta: 2, heldDelta: -2 }],
        durability: 'durable',
      });

      expect(await repository.findById('tx-1')).toEqual(committed);
      expect(readSeats(database, FLIGHT_SSA_FOR)).toEqual({ sold: 2, held: 0, available: 98 });
    });

    it('stores the record as it was at the call', async () => {
      const record = preparedRecord('tx-1');
      const written = repository.write(holdWrite('tx-1', { record }));
      record.phase = 'ABORTED';
      record.participants.push('RC');

      await written;

      const stored = await repository.findById('tx-1');
      expect(stored?.phase).toBe('PREPARED');
      expect(stored?.participants).toEqual(['IP', 'JG']);
    });

    it('records survive close and reopen', async () => {
      await repository.write(holdWrite('tx-1'));

      reopen();

      expect(await repository.findById('tx-1')).toEqual(preparedRecord('tx-1'));
      expect(readSeats(database, FLIGHT_SSA_FOR)).toEqual({ sold: 0, held: 2, available: 98 });
    });
  });

  describe('findPrepared', () => {
    it('returns only prepared records, oldest first', async () => {
      const records = [
        preparedRecord('tx-newer', { createdAt: 30 }),
        preparedRecord('tx-committed', { phase: 'COMMITTED', createdAt: 10 }),
        preparedRecord('tx-older', { createdAt: 20 }),
        preparedRecord('tx-refused', { phase: 'REFUSED', vote: null, createdAt: 5 }),
        preparedRecord('tx-aborted', { phase: 'ABORTED', createdAt: 1 }),
      ];
      for (const record of records) {
        await repository.write({ record, clock: {}, inventory: [], durability: 'relaxed' });
      }

      const prepared = await repository.findPrepared();

      expect(prepared.map((record) => record.txId)).toEqual(['tx-older', 'tx-newer']);
    });

    it('returns an empty list when none', async () => {
      expect(await repository.findPrepared()).toEqual([]);
    });
  });

  describe('inventory', () => {
    it('returns every touched flight once', async () => {
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
      expect(result.flights[0]).toMatchObject({ airlineCode: 'JG', capacity: 100 });
      expect(readSeats(database, FLIGHT_SSA_FOR)).toEqual({ sold: 1, held: 2, available: 97 });
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
      expect(readSeats(database, FLIGHT_SSA_FOR)).toEqual({ sold: 0, held: 2, available: 98 });
      expect(readSeats(database, FLIGHT_FOR_CWB)).toEqual({ sold: 0, held: 0, available: 100 });
      expect(await repository.findById('tx-existing')).toEqual(before);
    });

    it('negative held count is rejected', async () => {
      const written = repository.write(
        holdWrite('tx-1', {
          inventory: [{ flightId: FLIGHT_SSA_FOR, soldDelta: 0, heldDelta: -1 }],
        }),
      );

      await expect(written).rejects.toThrow(InventoryConstraintError);
      expect(await repository.findById('tx-1')).toBeNull();
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
      expect(readSeats(database, FLIGHT_SSA_FOR)).toEqual({ sold: 0, held: 0, available: 100 });
      expect(await repository.findById('tx-1')).toBeNull();
    });

    it('fractional delta is rejected', async () => {
      const written = repository.write(
        holdWrite('tx-1', {
          inventory: [{ flightId: FLIGHT_SSA_FOR, soldDelta: 0, heldDelta: 1.5 }],
        }),
      );

      await expect(written).rejects.toThrow(/seat deltas must be integers/);
      expect(await repository.findById('tx-1')).toBeNull();
    });
  });

  describe('ticket serials', () => {
    const requests = [
      { flightId: FLIGHT_SSA_FOR, passenger: 'Ana Souza' },
      { flightId: FLIGHT_SSA_FOR, passenger: 'Bruno Lima' },
    ];

    it('fills the vote with consecutive ticket numbers', async () => {
      const result = await repository.write(
        holdWrite('tx-1', { issueTickets: { requests, format: formatTicket } }),
      );

      const expected = [
        { flightId: FLIGHT_SSA_FOR, passenger: 'Ana Souza', ticketNumber: 'JG-0000000001' },
        { flightId: FLIGHT_SSA_FOR, passenger: 'Bruno Lima', ticketNumber: 'JG-0000000002' },
      ];
      expect(result.record.vote).toEqual({ vote: 'YES', tickets: expected });
      expect((await repository.findById('tx-1'))?.vote).toEqual({ vote: 'YES', tickets: expected });
    });

    it('serials continue after reopening', async () => {
      await repository.write(
        holdWrite('tx-1', { issueTickets: { requests, format: formatTicket } }),
      );
      reopen();

      const result = await repository.write(
        holdWrite('tx-2', { issueTickets: { requests, format: formatTicket } }),
      );

      const vote = result.record.vote;
      expect(vote?.vote === 'YES' && vote.tickets.map((ticket) => ticket.ticketNumber)).toEqual([
        'JG-0000000003',
        'JG-0000000004',
      ]);
    });

    it('same-turn writes get disjoint serials', async () => {
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
    });

    it('failed write releases its serials unseen', async () => {
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

      const vote = result.record.vote;
      expect(vote?.vote === 'YES' && vote.tickets.map((ticket) => ticket.ticketNumber)).toEqual([
        '1',
        '2',
      ]);
    });

    it('keeps tickets already in the vote', async () => {
      const existing = { flightId: FLIGHT_FOR_CWB, passenger: 'Ana Souza', ticketNumber: 'X-1' };
      const record = preparedRecord('tx-1', { vote: { vote: 'YES', tickets: [existing] } });

      const result = await repository.write(
        holdWrite('tx-1', {
          record,
          issueTickets: { requests: requests.slice(0, 1), format: String },
        }),
      );

      expect(result.record.vote).toEqual({
        vote: 'YES',
        tickets: [
          existing,
          { flightId: FLIGHT_SSA_FOR, passenger: 'Ana Souza', ticketNumber: '1' },
        ],
      });
    });

    it('tickets without a YES vote are a programmer error', async () => {
      const refused = preparedRecord('tx-1', {
        phase: 'REFUSED',
        vote: { vote: 'NO', reason: 'BUSY', flightIds: [FLIGHT_SSA_FOR], detail: 'held' },
      });

      const written = repository.write(
        holdWrite('tx-1', { record: refused, issueTickets: { requests, format: String } }),
      );

      await expect(written).rejects.toThrow(/only valid with a YES vote/);
      expect(await repository.findById('tx-1')).toBeNull();
      expect(readSeats(database, FLIGHT_SSA_FOR).held).toBe(0);
    });

    it('tickets with a null vote are a programmer error', async () => {
      const written = repository.write(
        holdWrite('tx-1', {
          record: preparedRecord('tx-1', { vote: null }),
          issueTickets: { requests, format: String },
        }),
      );

      await expect(written).rejects.toThrow(/vote null/);
    });
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

    it('round-trips coupons by locator', async () => {
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
      expect(await repository.findCouponsByLocator('NONE00')).toEqual([]);
    });

    it('voids open coupons', async () => {
      await insertCoupons([openCoupon('T1'), openCoupon('T2')]);
      database.connection.exec(`UPDATE flights SET seats_sold = 2, seats_available = 98`);

      await repository.write(cancelWrite(['T1', 'T2']));

      const coupons = await repository.findCouponsByLocator('QX7P2M');
      expect(coupons).toHaveLength(2);
      for (const coupon of coupons) {
        expect(coupon).toMatchObject({
          status: 'VOID',
          voidedAt: VOIDED_AT,
          voidTxId: 'tx-cancel',
        });
      }
      expect(readSeats(database, FLIGHT_SSA_FOR)).toEqual({ sold: 0, held: 0, available: 100 });
    });

    it('voiding a void coupon changes nothing', async () => {
      await insertCoupons([
        openCoupon('T1'),
        openCoupon('T2', { status: 'VOID', voidedAt: 5, voidTxId: 'tx-old' }),
      ]);
      database.connection.exec(`UPDATE flights SET seats_sold = 2, seats_available = 98`);
      const before = await repository.findCouponsByLocator('QX7P2M');

      const written = repository.write(cancelWrite(['T1', 'T2']));

      await expect(written).rejects.toThrow(CouponNotOpenError);
      await expect(written).rejects.toMatchObject({ ticketNumber: 'T2', status: 'VOID' });
      expect(await repository.findCouponsByLocator('QX7P2M')).toEqual(before);
      expect(readSeats(database, FLIGHT_SSA_FOR)).toEqual({ sold: 2, held: 0, available: 98 });
      expect(await repository.findById('tx-cancel')).toBeNull();
    });

    it('voiding a missing coupon changes nothing', async () => {
      await insertCoupons([openCoupon('T1')]);
      database.connection.exec(`UPDATE flights SET seats_sold = 2, seats_available = 98`);

      const written = repository.write(cancelWrite(['T1', 'T404']));

      await expect(written).rejects.toMatchObject({ ticketNumber: 'T404', status: null });
      await expect(written).rejects.toThrow(/no coupon with this ticket number exists/);
      expect((await repository.findCouponsByLocator('QX7P2M'))[0].status).toBe('OPEN');
      expect(await repository.findById('tx-cancel')).toBeNull();
    });

    it('duplicate ticket number stores nothing', async () => {
      await insertCoupons([openCoupon('T1')]);

      const written = repository.write(
        holdWrite('tx-2', { insertCoupons: [openCoupon('T5'), openCoupon('T1')] }),
      );

      await expect(written).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' });
      expect((await repository.findCouponsByLocator('QX7P2M')).length).toBe(1);
      expect(await repository.findById('tx-2')).toBeNull();
    });

    it('coupon for an unknown flight is rejected', async () => {
      const written = repository.write(
        holdWrite('tx-2', { insertCoupons: [openCoupon('T1', { flightId: 'JG9999-20261205' })] }),
      );

      await expect(written).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' });
      expect(await repository.findById('tx-2')).toBeNull();
    });
  });

  describe('maxClock', () => {
    it('returns an empty clock when none', async () => {
      expect(await repository.maxClock()).toEqual({});
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
  });

  it('same-turn writes share one fsync batch', async () => {
    const before = database.groupCommitCounters().batchesCommitted;

    await Promise.all([
      repository.write(holdWrite('tx-1')),
      repository.write(holdWrite('tx-2')),
      repository.write(holdWrite('tx-3')),
    ]);

    const counters = database.groupCommitCounters();
    expect(counters.batchesCommitted - before).toBe(1);
    expect(counters.worksPerBatchMax).toBe(3);
    expect(readSeats(database, FLIGHT_SSA_FOR)).toEqual({ sold: 0, held: 6, available: 94 });
  });
});
