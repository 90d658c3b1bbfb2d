import type { ParticipantTransaction } from '@interline/two-phase-commit/core/types';

import type { CouponRow, InventoryDelta } from '../ports/transactions.repository';
import { preparedRecord } from '../sqlite/testing/transaction-fixtures';
import type { MongoTestServer } from '../../../../scripts/ferretdb/server';
import { MongoParticipantRepository } from './mongo-participant.repository';
import {
  allocateTicketSerials,
  applyDeltas,
  applyVoids,
  beginWrite,
  buildIntent,
  finishWrite,
  insertCoupons,
  type WriteIntent,
} from './participant-write-steps';
import {
  FLIGHT_FOR_CWB,
  FLIGHT_SSA_FOR,
  type MongoTestDatabase,
  openTestDatabase,
  readSeats,
  seedFlights,
  startServer,
} from './testing/mongo-fixtures';

/** FerretDB port of this suite. */
const PORT = 29012;

const HOLDS: InventoryDelta[] = [
  { flightId: FLIGHT_SSA_FOR, soldDelta: 0, heldDelta: 2 },
  { flightId: FLIGHT_FOR_CWB, soldDelta: 0, heldDelta: 2 },
];
const COMMIT: InventoryDelta[] = [
  { flightId: FLIGHT_SSA_FOR, soldDelta: 2, heldDelta: -2 },
  { flightId: FLIGHT_FOR_CWB, soldDelta: 2, heldDelta: -2 },
];

function coupon(ticketNumber: string, flightId: string, txId: string): CouponRow {
  return {
    ticketNumber,
    flightId,
    locator: 'QX7P2M',
    passenger: 'Ana Souza',
    txId,
    status: 'OPEN',
    issuedAt: 1_700_000_100_000,
    voidedAt: null,
    voidTxId: null,
  };
}

/**
 * A crash is simulated by running the first steps of a participant write by hand and then
 * opening the database again, which runs recovery as a node start does.
 */
describe('participant write recovery on FerretDB', () => {
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
    database = await openTestDatabase(server, 'recovery');
    await seedFlights(database.storage);
    repository = new MongoParticipantRepository(database.storage);
  });

  afterEach(async () => {
    await database.drop();
  });

  async function restart(): Promise<void> {
    repository = new MongoParticipantRepository(await database.reopen());
  }

  const seats = async () => ({
    ssaFor: await readSeats(database.storage, FLIGHT_SSA_FOR),
    forCwb: await readSeats(database.storage, FLIGHT_FOR_CWB),
  });

  function intentOf(
    previous: ParticipantTransaction | null,
    record: ParticipantTransaction,
    inventory: InventoryDelta[],
    extra: Partial<Parameters<typeof buildIntent>[0]> = {},
  ): WriteIntent {
    return buildIntent({
      writeId: `write-${record.txId}-${record.phase}`,
      previous,
      record,
      clock: { JG: 7 },
      inventory,
      insertCoupons: [],
      voidCoupons: null,
      voidedAt: 1_700_000_900_000,
      issuesTickets: false,
      durability: 'durable',
      startedAt: 1_700_000_000_000,
      ...extra,
    });
  }

  async function expectNoLeftovers(): Promise<void> {
    expect(
      await database.storage.collections.ParticipantTransaction.countDocuments({
        pending: { $ne: null },
      }),
    ).toBe(0);
    expect(
      await database.storage.collections.Flight.countDocuments({ 'applied.0': { $exists: true } }),
    ).toBe(0);
  }

  describe('prepare interrupted before it finished', () => {
    const record = preparedRecord('tx-prepare');
    const crashPoints: Array<[string, (intent: WriteIntent) => Promise<unknown>]> = [
      ['after the intent', async () => undefined],
      [
        'after the first hold',
        (intent) => applyDeltas(database.storage, { ...intent, deltas: intent.deltas.slice(0, 1) }),
      ],
      ['after every hold', (intent) => applyDeltas(database.storage, intent)],
      [
        'after the ticket serials',
        async (intent) => {
          await applyDeltas(database.storage, intent);
          await allocateTicketSerials(database.storage, 2);
        },
      ],
    ];

    it.each(crashPoints)('is rolled back when it stopped %s', async (_, runSteps) => {
      const intent = intentOf(null, record, HOLDS, { issuesTickets: true });
      await beginWrite(database.storage, record.txId, intent);
      await runSteps(intent);

      await restart();

      expect(await repository.findById(record.txId)).toBeNull();
      expect(await repository.findPrepared()).toEqual([]);
      expect(await seats()).toEqual({
        ssaFor: { sold: 0, held: 0, available: 100 },
        forCwb: { sold: 0, held: 0, available: 100 },
      });
      await expectNoLeftovers();
    });

    it('keeps a prepared record that was replaced before the crash', async () => {
      await repository.write({
        record: preparedRecord('tx-prepare', { queries: 0 }),
        clock: {},
        inventory: [],
        durability: 'durable',
      });
      const stored = await repository.findById('tx-prepare');
      const intent = intentOf(stored, preparedRecord('tx-prepare', { queries: 1 }), HOLDS);
      await beginWrite(database.storage, record.txId, intent);
      await applyDeltas(database.storage, intent);

      await restart();

      expect(await repository.findById('tx-prepare')).toEqual(stored);
      expect((await seats()).ssaFor).toEqual({ sold: 0, held: 0, available: 100 });
      await expectNoLeftovers();
    });

    it('leaves a gap in the ticket serials, never a repeat', async () => {
      const intent = intentOf(null, record, HOLDS, { issuesTickets: true });
      await beginWrite(database.storage, record.txId, intent);
      await applyDeltas(database.storage, intent);
      expect(await allocateTicketSerials(database.storage, 2)).toBe(1);

      await restart();
      const result = await repository.write({
        record: preparedRecord('tx-next'),
        clock: {},
        inventory: HOLDS,
        issueTickets: {
          requests: [{ flightId: FLIGHT_SSA_FOR, passenger: 'Ana Souza' }],
          format: String,
        },
        durability: 'durable',
      });

      expect(result.record.vote).toEqual({
        vote: 'YES',
        tickets: [{ flightId: FLIGHT_SSA_FOR, passenger: 'Ana Souza', ticketNumber: '3' }],
      });
    });

    it('is completed when written after the finish step', async () => {
      const intent = intentOf(null, record, HOLDS);
      await beginWrite(database.storage, record.txId, intent);
      await applyDeltas(database.storage, intent);
      await finishWrite(database.storage, record.txId, intent, record);

      await restart();

      expect(await repository.findById(record.txId)).toEqual(record);
      expect((await seats()).ssaFor).toEqual({ sold: 0, held: 2, available: 98 });
      await expectNoLeftovers();
    });
  });

  describe('decision interrupted before it finished', () => {
    const committed = preparedRecord('tx-decide', {
      phase: 'COMMITTED',
      decidedAt: 1_700_000_002_000,
    });
    const coupons = [
      coupon('T1', FLIGHT_SSA_FOR, 'tx-decide'),
      coupon('T2', FLIGHT_FOR_CWB, 'tx-decide'),
    ];

    let prepared: ParticipantTransaction;

    beforeEach(async () => {
      await repository.write({
        record: preparedRecord('tx-decide'),
        clock: {},
        inventory: HOLDS,
        durability: 'durable',
      });
      prepared = (await repository.findById('tx-decide')) as ParticipantTransaction;
    });

    const crashPoints: Array<[string, (intent: WriteIntent) => Promise<unknown>]> = [
      ['after the intent', async () => undefined],
      ['after the coupons', (intent) => insertCoupons(database.storage, intent)],
      [
        'after the first sale',
        async (intent) => {
          await insertCoupons(database.storage, intent);
          await applyDeltas(database.storage, { ...intent, deltas: intent.deltas.slice(0, 1) });
        },
      ],
      [
        'after every sale',
        async (intent) => {
          await insertCoupons(database.storage, intent);
          await applyDeltas(database.storage, intent);
        },
      ],
    ];

    it.each(crashPoints)('commit is rolled forward when it stopped %s', async (_, runSteps) => {
      const intent = intentOf(prepared, committed, COMMIT, { insertCoupons: coupons });
      await beginWrite(database.storage, 'tx-decide', intent);
      await runSteps(intent);

      await restart();

      expect(await repository.findById('tx-decide')).toEqual(committed);
      expect(await seats()).toEqual({
        ssaFor: { sold: 2, held: 0, available: 98 },
        forCwb: { sold: 2, held: 0, available: 98 },
      });
      expect(await repository.findCouponsByLocator('QX7P2M')).toEqual(coupons);
      await expectNoLeftovers();
    });

    it('abort is rolled forward and releases the holds', async () => {
      const aborted = { ...committed, phase: 'ABORTED' as const };
      const release = HOLDS.map((delta) => ({ ...delta, heldDelta: -delta.heldDelta }));
      const intent = intentOf(prepared, aborted, release);
      await beginWrite(database.storage, 'tx-decide', intent);
      await applyDeltas(database.storage, { ...intent, deltas: intent.deltas.slice(0, 1) });

      await restart();

      expect((await repository.findById('tx-decide'))?.phase).toBe('ABORTED');
      expect(await seats()).toEqual({
        ssaFor: { sold: 0, held: 0, available: 100 },
        forCwb: { sold: 0, held: 0, available: 100 },
      });
      await expectNoLeftovers();
    });

    it('cancellation voids are rolled forward', async () => {
      await repository.write({
        record: committed,
        clock: {},
        inventory: COMMIT,
        insertCoupons: coupons,
        durability: 'durable',
      });
      const cancel = preparedRecord('tx-cancel', { phase: 'PREPARED' });
      await repository.write({ record: cancel, clock: {}, inventory: [], durability: 'durable' });
      const cancelled = { ...cancel, phase: 'COMMITTED' as const, decidedAt: 1_700_000_003_000 };
      const intent = intentOf(
        cancel,
        cancelled,
        COMMIT.map((delta) => ({ ...delta, soldDelta: -2, heldDelta: 0 })),
        { voidCoupons: { ticketNumbers: ['T1', 'T2'], voidTxId: 'tx-cancel' } },
      );
      await beginWrite(database.storage, 'tx-cancel', intent);
      await applyVoids(database.storage, intent);

      await restart();

      expect((await repository.findById('tx-cancel'))?.phase).toBe('COMMITTED');
      const stored = await repository.findCouponsByLocator('QX7P2M');
      expect(stored.map((row) => [row.status, row.voidTxId])).toEqual([
        ['VOID', 'tx-cancel'],
        ['VOID', 'tx-cancel'],
      ]);
      expect((await seats()).ssaFor).toEqual({ sold: 0, held: 0, available: 100 });
      await expectNoLeftovers();
    });
  });

  it('next write of the transaction completes an unfinished one first', async () => {
    const record = preparedRecord('tx-lost');
    const intent = intentOf(null, record, HOLDS);
    await beginWrite(database.storage, record.txId, intent);
    await applyDeltas(database.storage, intent);
    const tombstone = preparedRecord('tx-lost', {
      payload: null,
      stamp: null,
      phase: 'ABORTED',
      vote: null,
      holdDeadlineAt: null,
      decidedAt: 1_700_000_000_100,
    });

    await repository.write({ record: tombstone, clock: {}, inventory: [], durability: 'relaxed' });

    expect(await repository.findById('tx-lost')).toEqual(tombstone);
    expect((await seats()).ssaFor).toEqual({ sold: 0, held: 0, available: 100 });
    await expectNoLeftovers();
  });
});
