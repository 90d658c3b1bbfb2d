import { CouponNotOpenError, FlightNotFoundError, InventoryConstraintError } from '../errors';
import type {
  ClockEntries,
  CouponRow,
  ParticipantWrite,
  ParticipantWriteResult,
} from '../ports/transactions.repository';
import { adapters } from './adapters';
import {
  FLIGHT_FOR_CWB,
  FLIGHT_SSA_FOR,
  openCoupon,
  preparedRecord,
  readSeats,
  seedTwoFlights,
} from './testing/records';
import { useStorage } from './testing/storage-harness';

const formatTicket = (serial: number): string => `JG-${String(serial).padStart(10, '0')}`;

const TWO_PASSENGERS = [
  { flightId: FLIGHT_SSA_FOR, passenger: 'Ana Souza' },
  { flightId: FLIGHT_SSA_FOR, passenger: 'Bruno Lima' },
];

/** A PREPARED record with a hold on two seats of the first flight. */
function holdWrite(txId: string, overrides: Partial<ParticipantWrite> = {}): ParticipantWrite {
  return {
    record: preparedRecord(txId),
    clock: { IP: 4, JG: 9 },
    inventory: [{ flightId: FLIGHT_SSA_FOR, soldDelta: 0, heldDelta: 2 }],
    durability: 'durable',
    ...overrides,
  };
}

function ticketNumbers(result: ParticipantWriteResult): string[] {
  const vote = result.record.vote;
  return vote?.vote === 'YES' ? vote.tickets.map((ticket) => ticket.ticketNumber) : [];
}

describe.each(adapters)('participant contract on $name', (adapter) => {
  const storage = useStorage(adapter);
  const participants = () => storage().participants;

  beforeEach(async () => {
    await seedTwoFlights(storage());
  });

  describe('records', () => {
    it('prepared record round-trips with its hold', async () => {
      const record = preparedRecord('tx-1', {
        vote: {
          vote: 'YES',
          tickets: [{ flightId: FLIGHT_SSA_FOR, passenger: 'Ana Souza', ticketNumber: 'T1' }],
        },
        queryAt: 1_700_000_070_000,
        queries: 2,
      });

      const result = await participants().write(holdWrite('tx-1', { record }));

      expect(result.record).toEqual(record);
      expect(await participants().findById('tx-1')).toEqual(record);
      expect(await readSeats(storage(), FLIGHT_SSA_FOR)).toEqual({
        sold: 0,
        held: 2,
        available: 98,
      });
    });

    it('tombstone without payload round-trips', async () => {
      const tombstone = preparedRecord('tx-late', {
        payload: null,
        stamp: null,
        phase: 'ABORTED',
        vote: null,
        holdDeadlineAt: null,
        decidedAt: 1_700_000_000_100,
      });

      await participants().write({
        record: tombstone,
        clock: {},
        inventory: [],
        durability: 'relaxed',
      });

      expect(await participants().findById('tx-late')).toEqual(tombstone);
    });

    it('NO vote round-trips', async () => {
      const refused = preparedRecord('tx-no', {
        phase: 'REFUSED',
        vote: { vote: 'NO', reason: 'SOLD_OUT', flightIds: [FLIGHT_SSA_FOR], detail: '0 left' },
      });

      await participants().write({
        record: refused,
        clock: {},
        inventory: [],
        durability: 'relaxed',
      });

      expect(await participants().findById('tx-no')).toEqual(refused);
    });

    it('findById returns null when absent', async () => {
      expect(await participants().findById('tx-missing')).toBeNull();
    });

    it('commit replaces the record and sells the held seats', async () => {
      await participants().write(holdWrite('tx-1'));
      const committed = preparedRecord('tx-1', {
        phase: 'COMMITTED',
        decidedAt: 1_700_000_002_000,
      });

      const result = await participants().write({
        record: committed,
        clock: { IP: 5, JG: 10 },
        inventory: [{ flightId: FLIGHT_SSA_FOR, soldDelta: 2, heldDelta: -2 }],
        durability: 'durable',
      });

      expect(result.flights).toEqual([
        expect.objectContaining({ id: FLIGHT_SSA_FOR, seatsSold: 2, seatsHeld: 0 }),
      ]);
      expect(await participants().findById('tx-1')).toEqual(committed);
      expect(await readSeats(storage(), FLIGHT_SSA_FOR)).toEqual({
        sold: 2,
        held: 0,
        available: 98,
      });
    });

    it('abort replaces the record and releases the held seats', async () => {
      await participants().write(holdWrite('tx-1'));
      const aborted = preparedRecord('tx-1', { phase: 'ABORTED', decidedAt: 1_700_000_002_000 });

      await participants().write({
        record: aborted,
        clock: { IP: 5, JG: 10 },
        inventory: [{ flightId: FLIGHT_SSA_FOR, soldDelta: 0, heldDelta: -2 }],
        durability: 'relaxed',
      });

      expect(await participants().findById('tx-1')).toEqual(aborted);
      expect(await readSeats(storage(), FLIGHT_SSA_FOR)).toEqual({
        sold: 0,
        held: 0,
        available: 100,
      });
    });

    it('stores the record as it was at the call', async () => {
      const record = preparedRecord('tx-1');
      const written = participants().write(holdWrite('tx-1', { record }));
      record.phase = 'ABORTED';
      record.participants.push('RC');

      await written;

      const stored = await participants().findById('tx-1');
      expect(stored?.phase).toBe('PREPARED');
      expect(stored?.participants).toEqual(['IP', 'JG']);
    });
  });

  describe('findPrepared', () => {
    it('returns only prepared records, oldest first', async () => {
      const records = [
        preparedRecord('tx-newer', { createdAt: 30 }),
        preparedRecord('tx-committed', { phase: 'COMMITTED', createdAt: 10 }),
        preparedRecord('tx-older-b', { createdAt: 20 }),
        preparedRecord('tx-older-a', { createdAt: 20 }),
        preparedRecord('tx-refused', { phase: 'REFUSED', vote: null, createdAt: 5 }),
        preparedRecord('tx-aborted', { phase: 'ABORTED', createdAt: 1 }),
      ];
      for (const record of records) {
        await participants().write({ record, clock: {}, inventory: [], durability: 'relaxed' });
      }

      const prepared = await participants().findPrepared();

      expect(prepared.map((record) => record.txId)).toEqual([
        'tx-older-a',
        'tx-older-b',
        'tx-newer',
      ]);
      expect(prepared[2]).toEqual(records[0]);
    });

    it('drops a record once it is decided', async () => {
      await participants().write(holdWrite('tx-1'));
      await participants().write({
        record: preparedRecord('tx-1', { phase: 'COMMITTED' }),
        clock: {},
        inventory: [{ flightId: FLIGHT_SSA_FOR, soldDelta: 2, heldDelta: -2 }],
        durability: 'durable',
      });

      expect(await participants().findPrepared()).toEqual([]);
    });
  });

  describe('inventory', () => {
    it('returns every touched flight once, after the last delta', async () => {
      const result = await participants().write(
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
      expect(await readSeats(storage(), FLIGHT_SSA_FOR)).toEqual({
        sold: 1,
        held: 2,
        available: 97,
      });
    });

    it('deltas apply in order, so a later one may use freed seats', async () => {
      await storage().flights.changeInventory(FLIGHT_SSA_FOR, { soldDelta: 0, heldDelta: 100 });

      await participants().write(
        holdWrite('tx-1', {
          inventory: [
            { flightId: FLIGHT_SSA_FOR, soldDelta: 0, heldDelta: -2 },
            { flightId: FLIGHT_SSA_FOR, soldDelta: 2, heldDelta: 0 },
          ],
        }),
      );

      expect(await readSeats(storage(), FLIGHT_SSA_FOR)).toEqual({
        sold: 2,
        held: 98,
        available: 0,
      });
    });

    it('one bad delta stores nothing', async () => {
      await participants().write(holdWrite('tx-existing'));
      const before = await participants().findById('tx-existing');

      const written = participants().write(
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
      expect(await readSeats(storage(), FLIGHT_SSA_FOR)).toEqual({
        sold: 0,
        held: 2,
        available: 98,
      });
      expect(await readSeats(storage(), FLIGHT_FOR_CWB)).toEqual({
        sold: 0,
        held: 0,
        available: 100,
      });
      expect(await participants().findById('tx-existing')).toEqual(before);
    });

    it.each([
      ['negative held count', { soldDelta: 0, heldDelta: -1 }],
      ['negative sold count', { soldDelta: -1, heldDelta: 1 }],
      ['more seats than capacity', { soldDelta: 60, heldDelta: 41 }],
    ])('%s is rejected', async (_case, delta) => {
      const written = participants().write(
        holdWrite('tx-1', { inventory: [{ flightId: FLIGHT_SSA_FOR, ...delta }] }),
      );

      await expect(written).rejects.toThrow(InventoryConstraintError);
      expect(await participants().findById('tx-1')).toBeNull();
      expect(await readSeats(storage(), FLIGHT_SSA_FOR)).toEqual({
        sold: 0,
        held: 0,
        available: 100,
      });
    });

    it('unknown flight stores nothing', async () => {
      const written = participants().write(
        holdWrite('tx-1', {
          inventory: [
            { flightId: FLIGHT_SSA_FOR, soldDelta: 0, heldDelta: 2 },
            { flightId: 'JG9999-20261205', soldDelta: 0, heldDelta: 1 },
          ],
        }),
      );

      await expect(written).rejects.toThrow(FlightNotFoundError);
      await expect(written).rejects.toMatchObject({ flightId: 'JG9999-20261205' });
      expect(await readSeats(storage(), FLIGHT_SSA_FOR)).toEqual({
        sold: 0,
        held: 0,
        available: 100,
      });
      expect(await participants().findById('tx-1')).toBeNull();
    });

    it('fractional delta is rejected', async () => {
      const written = participants().write(
        holdWrite('tx-1', {
          inventory: [{ flightId: FLIGHT_SSA_FOR, soldDelta: 0, heldDelta: 1.5 }],
        }),
      );

      await expect(written).rejects.toThrow(InventoryConstraintError);
      expect(await participants().findById('tx-1')).toBeNull();
      expect(await readSeats(storage(), FLIGHT_SSA_FOR)).toEqual({
        sold: 0,
        held: 0,
        available: 100,
      });
    });

    it('concurrent holds never oversell', async () => {
      // Twelve holds of ten seats on a 100-seat flight, all started before any settles.
      const writes = Array.from({ length: 12 }, (_, index) =>
        participants().write(
          holdWrite(`tx-${index}`, {
            inventory: [{ flightId: FLIGHT_SSA_FOR, soldDelta: 0, heldDelta: 10 }],
          }),
        ),
      );

      const results = await Promise.allSettled(writes);

      const accepted = results.filter((result) => result.status === 'fulfilled').length;
      const rejected = results.filter((result) => result.status === 'rejected');
      expect(accepted).toBe(10);
      for (const result of rejected) {
        expect((result as PromiseRejectedResult).reason).toBeInstanceOf(InventoryConstraintError);
      }
      expect(await readSeats(storage(), FLIGHT_SSA_FOR)).toEqual({
        sold: 0,
        held: 100,
        available: 0,
      });
      expect(await participants().findPrepared()).toHaveLength(10);
    });
  });

  describe('ticket serials', () => {
    it('fills the YES vote with consecutive ticket numbers from 1', async () => {
      const result = await participants().write(
        holdWrite('tx-1', { issueTickets: { requests: TWO_PASSENGERS, format: formatTicket } }),
      );

      const expected = [
        { flightId: FLIGHT_SSA_FOR, passenger: 'Ana Souza', ticketNumber: 'JG-0000000001' },
        { flightId: FLIGHT_SSA_FOR, passenger: 'Bruno Lima', ticketNumber: 'JG-0000000002' },
      ];
      expect(result.record.vote).toEqual({ vote: 'YES', tickets: expected });
      expect((await participants().findById('tx-1'))?.vote).toEqual({
        vote: 'YES',
        tickets: expected,
      });
    });

    it('later writes continue the serials', async () => {
      await participants().write(
        holdWrite('tx-1', { issueTickets: { requests: TWO_PASSENGERS, format: String } }),
      );

      const result = await participants().write(
        holdWrite('tx-2', { issueTickets: { requests: TWO_PASSENGERS, format: String } }),
      );

      expect(ticketNumbers(result)).toEqual(['3', '4']);
    });

    it('concurrent writes get disjoint consecutive serials', async () => {
      const results = await Promise.all(
        ['tx-1', 'tx-2', 'tx-3'].map((txId) =>
          participants().write(
            holdWrite(txId, { issueTickets: { requests: TWO_PASSENGERS, format: String } }),
          ),
        ),
      );

      const serials = results.map((result) => ticketNumbers(result).map(Number));
      for (const [first, second] of serials) {
        expect(second).toBe(first + 1);
      }
      expect(serials.flat().sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    });

    it('failed write issues no stored tickets', async () => {
      const first = await participants().write(
        holdWrite('tx-1', { issueTickets: { requests: TWO_PASSENGERS, format: String } }),
      );
      const failed = participants().write(
        holdWrite('tx-2', {
          issueTickets: { requests: TWO_PASSENGERS, format: String },
          inventory: [{ flightId: FLIGHT_SSA_FOR, soldDelta: 0, heldDelta: 500 }],
        }),
      );
      await expect(failed).rejects.toThrow(InventoryConstraintError);

      const third = await participants().write(
        holdWrite('tx-3', { issueTickets: { requests: TWO_PASSENGERS, format: String } }),
      );

      // Serials of the failed write may be reused or skipped, but never repeat a stored one.
      expect(await participants().findById('tx-2')).toBeNull();
      const [a, b] = ticketNumbers(third).map(Number);
      expect(b).toBe(a + 1);
      expect(a).toBeGreaterThan(Math.max(...ticketNumbers(first).map(Number)));
    });

    it('empty ticket request uses no serial', async () => {
      const empty = await participants().write(
        holdWrite('tx-1', { issueTickets: { requests: [], format: String } }),
      );

      const next = await participants().write(
        holdWrite('tx-2', { issueTickets: { requests: TWO_PASSENGERS, format: String } }),
      );

      expect(empty.record.vote).toEqual({ vote: 'YES', tickets: [] });
      expect(ticketNumbers(next)).toEqual(['1', '2']);
    });

    it('keeps tickets already in the vote', async () => {
      const existing = { flightId: FLIGHT_FOR_CWB, passenger: 'Ana Souza', ticketNumber: 'X-1' };
      const record = preparedRecord('tx-1', { vote: { vote: 'YES', tickets: [existing] } });

      const result = await participants().write(
        holdWrite('tx-1', {
          record,
          issueTickets: { requests: TWO_PASSENGERS.slice(0, 1), format: String },
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

    it.each([
      ['a NO vote', { vote: 'NO', reason: 'BUSY', flightIds: [FLIGHT_SSA_FOR], detail: 'held' }],
      ['a null vote', null],
    ] as const)('tickets with %s are rejected', async (_case, vote) => {
      const record = preparedRecord('tx-1', {
        phase: 'REFUSED',
        vote: vote === null ? null : { ...vote, flightIds: [...vote.flightIds] },
      });

      const written = participants().write(
        holdWrite('tx-1', { record, issueTickets: { requests: TWO_PASSENGERS, format: String } }),
      );

      await expect(written).rejects.toThrow(/YES vote/);
      expect(await participants().findById('tx-1')).toBeNull();
      expect((await readSeats(storage(), FLIGHT_SSA_FOR)).held).toBe(0);
    });
  });

  describe('coupons', () => {
    async function insertCoupons(coupons: CouponRow[]): Promise<void> {
      await participants().write({
        record: preparedRecord('tx-purchase', { phase: 'COMMITTED' }),
        clock: {},
        inventory: [{ flightId: FLIGHT_SSA_FOR, soldDelta: coupons.length, heldDelta: 0 }],
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

    it('findCouponsByLocator returns them in issue order', async () => {
      const coupons = [
        openCoupon('T2', { passenger: 'Bruno Lima' }),
        openCoupon('T1'),
        openCoupon('T9', { locator: 'OTHER1' }),
        openCoupon('T0', { status: 'VOID', voidedAt: 5, voidTxId: 'tx-old' }),
        openCoupon('T3', { issuedAt: 1_600_000_000_000 }),
      ];
      await insertCoupons(coupons);

      expect(await participants().findCouponsByLocator('QX7P2M')).toEqual([
        coupons[4],
        coupons[3],
        coupons[1],
        coupons[0],
      ]);
      expect(await participants().findCouponsByLocator('NONE00')).toEqual([]);
    });

    it('voids open coupons and returns their seats', async () => {
      await insertCoupons([openCoupon('T1'), openCoupon('T2')]);
      const before = Date.now();

      await participants().write(cancelWrite(['T1', 'T2']));

      const after = Date.now();
      const coupons = await participants().findCouponsByLocator('QX7P2M');
      expect(coupons).toHaveLength(2);
      for (const coupon of coupons) {
        expect(coupon).toMatchObject({ status: 'VOID', voidTxId: 'tx-cancel' });
        expect(coupon.voidedAt).toBeGreaterThanOrEqual(before);
        expect(coupon.voidedAt).toBeLessThanOrEqual(after);
      }
      expect(await readSeats(storage(), FLIGHT_SSA_FOR)).toEqual({
        sold: 0,
        held: 0,
        available: 100,
      });
      expect((await participants().findById('tx-cancel'))?.phase).toBe('COMMITTED');
    });

    it('voiding a void coupon stores nothing', async () => {
      await insertCoupons([
        openCoupon('T1'),
        openCoupon('T2', { status: 'VOID', voidedAt: 5, voidTxId: 'tx-old' }),
      ]);
      const before = await participants().findCouponsByLocator('QX7P2M');

      const written = participants().write(cancelWrite(['T1', 'T2']));

      await expect(written).rejects.toThrow(CouponNotOpenError);
      await expect(written).rejects.toMatchObject({ ticketNumber: 'T2', status: 'VOID' });
      expect(await participants().findCouponsByLocator('QX7P2M')).toEqual(before);
      expect(await readSeats(storage(), FLIGHT_SSA_FOR)).toEqual({
        sold: 2,
        held: 0,
        available: 98,
      });
      expect(await participants().findById('tx-cancel')).toBeNull();
    });

    it('voiding a missing coupon stores nothing', async () => {
      await insertCoupons([openCoupon('T1'), openCoupon('T2')]);
      const before = await participants().findCouponsByLocator('QX7P2M');

      const written = participants().write(cancelWrite(['T1', 'T404']));

      await expect(written).rejects.toThrow(CouponNotOpenError);
      await expect(written).rejects.toMatchObject({ ticketNumber: 'T404', status: null });
      expect(await participants().findCouponsByLocator('QX7P2M')).toEqual(before);
      expect((await readSeats(storage(), FLIGHT_SSA_FOR)).sold).toBe(2);
      expect(await participants().findById('tx-cancel')).toBeNull();
    });

    it('duplicate ticket number stores nothing', async () => {
      await insertCoupons([openCoupon('T1')]);

      const written = participants().write(
        holdWrite('tx-2', {
          insertCoupons: [openCoupon('T5'), openCoupon('T1', { locator: 'B' })],
        }),
      );

      // Matched by shape: a driver's error class may come from another jest module realm.
      await expect(written).rejects.toMatchObject({ message: expect.any(String) });
      expect(await participants().findCouponsByLocator('QX7P2M')).toEqual([openCoupon('T1')]);
      expect(await participants().findCouponsByLocator('B')).toEqual([]);
      expect(await participants().findById('tx-2')).toBeNull();
      expect(await readSeats(storage(), FLIGHT_SSA_FOR)).toEqual({
        sold: 1,
        held: 0,
        available: 99,
      });
    });

    it('countCoupons counts open and void per flight', async () => {
      await insertCoupons([
        openCoupon('T1'),
        openCoupon('T2'),
        openCoupon('T3', { status: 'VOID', voidedAt: 5, voidTxId: 'tx-old' }),
        openCoupon('T4', { flightId: FLIGHT_FOR_CWB }),
      ]);

      expect(await participants().countCoupons(FLIGHT_SSA_FOR)).toEqual({ open: 2, void: 1 });
      expect(await participants().countCoupons(FLIGHT_FOR_CWB)).toEqual({ open: 1, void: 0 });
      expect(await participants().countCoupons('JG9999-20261205')).toEqual({ open: 0, void: 0 });
    });
  });

  describe('maxClock', () => {
    it('is empty when no record is stored', async () => {
      expect(await participants().maxClock()).toEqual({});
    });

    it('merges stored clocks element-wise', async () => {
      const clocks: ClockEntries[] = [{ JG: 3, IP: 1 }, { JG: 2, IP: 5, RC: 1 }, {}];
      for (const [index, clock] of clocks.entries()) {
        await participants().write({
          record: preparedRecord(`tx-${index}`),
          clock,
          inventory: [],
          durability: 'relaxed',
        });
      }

      expect(await participants().maxClock()).toEqual({ IP: 5, JG: 3, RC: 1 });
    });
  });
});
