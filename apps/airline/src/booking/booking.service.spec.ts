import type { AccountRow, BookingRepository, BookingRow } from '@interline/persistence';
import {
  type CoordinatorService,
  type CoordinatorTransaction,
  type DecisionListener,
  TWO_PHASE_COMMIT_LIMITS_DEFAULT,
  type TransactionOutcome,
  type TransactionPayload,
} from '@interline/two-phase-commit';

import { VectorClock } from '@interline/vector-clock';

import type { AirlineConfig } from '../config/airline-config';
import { BookingService, purchaseDigest } from './booking.service';

const LOCATOR = 'QX7P2M';

function confirmed(): BookingRow {
  return {
    locator: LOCATOR,
    accountId: 'account-1',
    accountEmail: 'ana@example.com',
    idempotencyKey: 'key-0000000000000001',
    requestDigest: 'a'.repeat(64),
    status: 'CONFIRMED',
    failure: null,
    passengers: ['Ana Souza'],
    segments: [
      {
        flightId: 'JG1001-20301205',
        airline: 'JG',
        flightNumber: '1001',
        serviceDate: '2030-12-05',
        origin: 'SSA',
        destination: 'FOR',
        departureAt: Date.UTC(2030, 11, 5, 9),
        arrivalAt: Date.UTC(2030, 11, 5, 11),
        fareCents: 48900,
        tickets: [{ passenger: 'Ana Souza', ticketNumber: 'JG-0000000001' }],
      },
      {
        flightId: 'RC2001-20301205',
        airline: 'RC',
        flightNumber: '2001',
        serviceDate: '2030-12-05',
        origin: 'FOR',
        destination: 'CWB',
        departureAt: Date.UTC(2030, 11, 5, 13),
        arrivalAt: Date.UTC(2030, 11, 5, 17),
        fareCents: 61200,
        tickets: [{ passenger: 'Ana Souza', ticketNumber: 'RC-0000000001' }],
      },
    ],
    totalFareCents: 110100,
    stamp: { time: 7, airline: 'JG' },
    clock: { JG: 7 },
    txIds: ['JG.QX7P2M.p1'],
    createdAt: 1,
    updatedAt: 1,
  };
}

function bookingsOf(stored: Map<string, BookingRow>): BookingRepository {
  return {
    findByLocator: async (locator: string) => structuredClone(stored.get(locator) ?? null),
    update: async (booking: BookingRow) => {
      stored.set(booking.locator, structuredClone(booking));
    },
  } as unknown as BookingRepository;
}

/** Mimics `CoordinatorService.begin`: an id whose decision is not yet acknowledged is refused. */
class CoordinatorStub {
  readonly begun: string[] = [];
  /** Transactions still resending their decision to a participant that does not answer. */
  readonly unacknowledged = new Set<string>();

  onDecision(): void {}

  async begin(txId: string, payload: TransactionPayload): Promise<TransactionOutcome> {
    if (this.unacknowledged.has(txId)) {
      throw new Error(`transaction ${txId} is already running`);
    }
    this.begun.push(txId);
    this.unacknowledged.add(txId);
    void payload;
    // RC's node is down: the abort is sent to RC again until it answers.
    return { txId, decision: 'ABORT', reason: 'UNREACHABLE', blamed: ['RC'], votes: {} };
  }
}

function serviceWith(
  stored: Map<string, BookingRow>,
  coordinator: CoordinatorStub,
): BookingService {
  const config = { airline: { code: 'JG', name: 'Jangada' } } as unknown as AirlineConfig;
  return new BookingService(
    config,
    bookingsOf(stored),
    {} as never,
    {} as never,
    { self: 'JG', limits: { ...TWO_PHASE_COMMIT_LIMITS_DEFAULT } },
    coordinator as unknown as CoordinatorService,
    {} as never,
    {} as never,
    {} as never,
  );
}

// Attempts are numbered over every transaction of the booking, so a second cancellation never
// reuses the ids of the first, whose abort may still be resent to an unreachable participant.
describe('BookingService second cancellation', () => {
  it('uses new transaction ids', async () => {
    const stored = new Map([[LOCATOR, confirmed()]]);
    const coordinator = new CoordinatorStub();
    const service = serviceWith(stored, coordinator);

    await expect(service.cancel('account-1', LOCATOR)).resolves.toMatchObject({
      ok: false,
      code: 'AIRLINE_UNREACHABLE',
    });
    coordinator.unacknowledged.clear();
    await service.cancel('account-1', LOCATOR);

    expect(coordinator.begun).toEqual(['JG.QX7P2M.c1', 'JG.QX7P2M.c2']);
  });

  it('leaves the booking CONFIRMED when the retry fails', async () => {
    const stored = new Map([[LOCATOR, confirmed()]]);
    const coordinator = new CoordinatorStub();
    const service = serviceWith(stored, coordinator);

    await service.cancel('account-1', LOCATOR);
    // The passenger retries while c1's abort is still unacknowledged by RC.
    await service.cancel('account-1', LOCATOR).catch(() => undefined);

    expect(stored.get(LOCATOR)?.status).toBe('CONFIRMED');
  });
});

// A repeated purchase request that arrives while the first request's PENDING booking is being
// stored waits for that purchase, instead of being answered with a failure it then contradicts.
describe('BookingService repeated purchase during the insert', () => {
  it('does not answer a failure for a booking that confirms', async () => {
    const rows = new Map<string, BookingRow>();
    const bookings = {
      findByIdempotencyKey: async (accountId: string, key: string) =>
        structuredClone(
          [...rows.values()].find(
            (row) => row.accountId === accountId && row.idempotencyKey === key,
          ) ?? null,
        ),
      findByLocator: async (locator: string) => structuredClone(rows.get(locator) ?? null),
      // A relaxed insert made while a group-commit batch is open is applied (visible) at once
      // and resolves when the batch commits.
      insert: async (booking: BookingRow) => {
        rows.set(booking.locator, structuredClone(booking));
        await new Promise((resolve) => setTimeout(resolve, 5));
      },
      update: async (booking: BookingRow) => {
        rows.set(booking.locator, structuredClone(booking));
      },
    } as unknown as BookingRepository;

    let listener: DecisionListener | null = null;
    const coordinator = {
      onDecision: (registered: DecisionListener) => {
        listener = registered;
      },
      begin: async (txId: string, payload: TransactionPayload) => {
        const outcome: TransactionOutcome = {
          txId,
          decision: 'COMMIT',
          reason: null,
          blamed: [],
          votes: { JG: { vote: 'YES', tickets: [] } },
        };
        const record = {
          txId,
          payload,
          phase: 'COMMITTED',
          votes: outcome.votes,
          blamed: [],
        } as unknown as CoordinatorTransaction;
        await listener?.(record, outcome);
        return outcome;
      },
    };

    const flight = {
      id: 'JG1001-20301205',
      airline: 'JG',
      flightNumber: '1001',
      serviceDate: '2030-12-05',
      origin: 'SSA',
      destination: 'FOR',
      departureAt: Date.UTC(2030, 11, 5, 9),
      arrivalAt: Date.UTC(2030, 11, 5, 11),
      fareCents: 48900,
      sellable: true,
    };
    const input = {
      idempotencyKey: 'key-0000000000000002',
      flightIds: [flight.id],
      passengers: ['Ana Souza'],
    };
    const service = new BookingService(
      { airline: { code: 'JG', name: 'Jangada' } } as unknown as AirlineConfig,
      bookings,
      {} as never,
      {} as never,
      { self: 'JG', limits: { ...TWO_PHASE_COMMIT_LIMITS_DEFAULT } },
      coordinator as unknown as CoordinatorService,
      { flight: () => flight } as never,
      { tick: async () => VectorClock.from({ JG: 5 }) } as never,
      {
        claim: async (_passenger: AccountRow, key: string, digest: string, locator: string) => ({
          ok: true,
          claim: {
            accountId: 'account-1',
            idempotencyKey: key,
            requestDigest: digest,
            airline: 'JG',
            locator,
            claimedAt: 1,
          },
        }),
      } as never,
    );
    const passenger = { id: 'account-1', email: 'ana@example.com' } as AccountRow;
    expect(purchaseDigest(input)).toHaveLength(64);

    const first = service.purchase(passenger, input);
    await new Promise((resolve) => setTimeout(resolve, 1));
    const repeated = await service.purchase(passenger, input);

    await expect(first).resolves.toMatchObject({ ok: true, booking: { status: 'CONFIRMED' } });
    expect(repeated).not.toMatchObject({ ok: false, code: 'PURCHASE_TIMED_OUT' });
    expect(repeated).toMatchObject({ ok: true, booking: { status: 'CONFIRMED' } });
  });
});

// A key claimed for this node whose booking was never stored (the node crashed after claiming,
// or the claim's answer timed out) sold nothing, so a retry sells it under the claimed locator.
describe('BookingService key claimed without a booking', () => {
  it('sells under the claimed locator', async () => {
    const stored = new Map<string, BookingRow>();
    const input = {
      idempotencyKey: 'key-0000000000000002',
      flightIds: ['JG1001-20301205', 'RC2001-20301205'],
      passengers: ['Ana Souza'],
    };
    const begun: string[] = [];
    const records = new Map<string, CoordinatorTransaction>();
    const coordinator = {
      onDecision: () => undefined,
      begin: async (txId: string, payload: TransactionPayload) => {
        begun.push(txId);
        records.set(txId, {
          txId,
          payload,
          phase: 'COMMITTED',
          votes: {},
        } as unknown as CoordinatorTransaction);
        return { txId, decision: 'COMMIT', reason: null, blamed: [], votes: {} };
      },
      find: async (txId: string) => records.get(txId) ?? null,
    };
    const flights = new Map(
      confirmed().segments.map((segment) => [
        segment.flightId,
        { ...segment, id: segment.flightId, capacity: 100, seatsAvailable: 100, sellable: true },
      ]),
    );
    const claim = {
      accountId: 'account-1',
      idempotencyKey: input.idempotencyKey,
      requestDigest: purchaseDigest(input),
      airline: 'JG',
      locator: 'OLD234',
      claimedAt: 1,
    };
    const config = {
      airline: { code: 'JG', name: 'Jangada' },
      search: {
        minConnectionMs: 45 * 60_000,
        minConnectionMsByAirport: {},
        maxLayoverMs: 12 * 3_600_000,
      },
    } as unknown as AirlineConfig;
    const bookings = {
      ...bookingsOf(stored),
      findByIdempotencyKey: async () => null,
      insert: async (booking: BookingRow) => {
        stored.set(booking.locator, structuredClone(booking));
      },
    } as unknown as BookingRepository;
    const service = new BookingService(
      config,
      bookings,
      {} as never,
      {} as never,
      { self: 'JG', limits: { ...TWO_PHASE_COMMIT_LIMITS_DEFAULT } },
      coordinator as unknown as CoordinatorService,
      { flight: (id: string) => flights.get(id) ?? null } as never,
      { tick: async () => VectorClock.from({ JG: 9 }) } as never,
      { claim: async () => ({ ok: true, claim }) } as never,
    );
    const passenger = { id: 'account-1', email: 'ana@example.com' } as AccountRow;

    const outcome = await service.purchase(passenger, input);

    expect(outcome.ok).toBe(true);
    expect(outcome.ok === true && outcome.booking.locator).toBe('OLD234');
    expect(begun).toEqual(['JG.OLD234.p1']);
    expect(stored.get('OLD234')?.status).toBe('CONFIRMED');
  });
});

/** Returns a booking repository over a map, with the lookups `purchase` makes. */
function keyedBookings(rows: Map<string, BookingRow>): BookingRepository {
  return {
    findByIdempotencyKey: async (accountId: string, key: string) =>
      structuredClone(
        [...rows.values()].find(
          (row) => row.accountId === accountId && row.idempotencyKey === key,
        ) ?? null,
      ),
    findByLocator: async (locator: string) => structuredClone(rows.get(locator) ?? null),
    insert: async (booking: BookingRow) => {
      if (rows.has(booking.locator)) {
        throw new Error(`locator ${booking.locator} taken`);
      }
      rows.set(booking.locator, structuredClone(booking));
    },
    update: async (booking: BookingRow) => {
      rows.set(booking.locator, structuredClone(booking));
    },
  } as unknown as BookingRepository;
}

/** Purchase keys held in memory, as the owner node keeps them: the first claim wins. */
function keyOwner(options: { answerDelays: number[] }) {
  const claims = new Map<string, { locator: string; requestDigest: string }>();
  let calls = 0;
  return {
    calls: () => calls,
    claim: async (_passenger: AccountRow, key: string, digest: string, locator: string) => {
      const delay = options.answerDelays[calls] ?? 0;
      calls += 1;
      const first = claims.get(key) ?? { locator, requestDigest: digest };
      claims.set(key, first);
      await new Promise((resolve) => setTimeout(resolve, delay));
      return {
        ok: true,
        claim: {
          accountId: 'account-1',
          idempotencyKey: key,
          requestDigest: first.requestDigest,
          airline: 'JG',
          locator: first.locator,
          claimedAt: 1,
        },
      };
    },
  };
}

const SINGLE_LEG = confirmed().segments[0];

function committingCoordinator(begun: string[]) {
  let listener: DecisionListener | null = null;
  return {
    onDecision: (registered: DecisionListener) => {
      listener = registered;
    },
    begin: async (txId: string, payload: TransactionPayload) => {
      begun.push(txId);
      const outcome: TransactionOutcome = {
        txId,
        decision: 'COMMIT',
        reason: null,
        blamed: [],
        votes: { JG: { vote: 'YES', tickets: [] } },
      };
      await listener?.(
        { txId, payload, phase: 'COMMITTED', votes: outcome.votes, blamed: [] } as never,
        outcome,
      );
      return outcome;
    },
  };
}

// Two requests with the same key on one node once both sold under the claimed locator when their
// key claims returned in the opposite order. The later one then waited for itself.
describe('BookingService same key twice on one node', () => {
  it('sells once and repeats the outcome to the second request', async () => {
    const rows = new Map<string, BookingRow>();
    const begun: string[] = [];
    // The first claim returns after the second.
    const keys = keyOwner({ answerDelays: [30, 0] });
    const service = new BookingService(
      { airline: { code: 'JG', name: 'Jangada' } } as unknown as AirlineConfig,
      keyedBookings(rows),
      {} as never,
      {} as never,
      { self: 'JG', limits: { ...TWO_PHASE_COMMIT_LIMITS_DEFAULT } },
      committingCoordinator(begun) as unknown as CoordinatorService,
      { flight: () => ({ ...SINGLE_LEG, id: SINGLE_LEG.flightId, sellable: true }) } as never,
      { tick: async () => VectorClock.from({ JG: 5 }) } as never,
      keys as never,
    );
    const passenger = { id: 'account-1', email: 'ana@example.com' } as AccountRow;
    const input = {
      idempotencyKey: 'key-0000000000000003',
      flightIds: [SINGLE_LEG.flightId],
      passengers: ['Ana Souza'],
    };

    const [first, second] = await Promise.all([
      service.purchase(passenger, input),
      service.purchase(passenger, input),
    ]);

    expect(begun).toHaveLength(1);
    expect(first).toMatchObject({ ok: true, replayed: false });
    expect(second).toMatchObject({ ok: true, replayed: true });
    const locatorOf = (outcome: typeof first) =>
      outcome.ok === true ? outcome.booking.locator : null;
    expect(locatorOf(first)).not.toBeNull();
    expect(locatorOf(second)).toBe(locatorOf(first));
    expect(rows.size).toBe(1);
  });
});

// A retry on a node whose map shows a leg's airline unreachable once returned AIRLINE_UNREACHABLE
// for a key that another node had already sold.
describe('BookingService refusal from this node map', () => {
  function serviceSeeing(
    sellable: boolean,
    rows: Map<string, BookingRow>,
    claim: { airline: string; locator: string; requestDigest: string } | null,
  ) {
    const claims: string[] = [];
    const keys = {
      claim: async (_passenger: AccountRow, key: string, digest: string, locator: string) => {
        claims.push(locator);
        return {
          ok: true,
          claim: {
            accountId: 'account-1',
            idempotencyKey: key,
            claimedAt: 1,
            ...(claim ?? { airline: 'JG', locator, requestDigest: digest }),
          },
        };
      },
    };
    const service = new BookingService(
      { airline: { code: 'JG', name: 'Jangada' } } as unknown as AirlineConfig,
      keyedBookings(rows),
      {} as never,
      {} as never,
      { self: 'JG', limits: { ...TWO_PHASE_COMMIT_LIMITS_DEFAULT } },
      committingCoordinator([]) as unknown as CoordinatorService,
      {
        flight: () => ({ ...SINGLE_LEG, id: SINGLE_LEG.flightId, airline: 'RC', sellable }),
      } as never,
      { tick: async () => VectorClock.from({ JG: 5 }) } as never,
      keys as never,
    );
    return { service, claims };
  }
  const passenger = { id: 'account-1', email: 'ana@example.com' } as AccountRow;
  const input = {
    idempotencyKey: 'key-0000000000000004',
    flightIds: [SINGLE_LEG.flightId],
    passengers: ['Ana Souza'],
  };

  it('points to the node that sold the key', async () => {
    const { service } = serviceSeeing(false, new Map(), {
      airline: 'IP',
      locator: 'SOLD22',
      requestDigest: purchaseDigest(input),
    });

    await expect(service.purchase(passenger, input)).resolves.toEqual({
      ok: 'elsewhere',
      airline: 'IP',
    });
  });

  it('stores a new key as refused, so it never sells later', async () => {
    const rows = new Map<string, BookingRow>();
    const { service, claims } = serviceSeeing(false, rows, null);

    await expect(service.purchase(passenger, input)).resolves.toEqual({
      ok: false,
      code: 'AIRLINE_UNREACHABLE',
      airlines: ['RC'],
    });
    const [stored] = [...rows.values()];
    expect(stored).toMatchObject({
      locator: claims[0],
      status: 'FAILED',
      failure: { code: 'AIRLINE_UNREACHABLE', airlines: ['RC'] },
    });

    // The airline is back in the map, but the key keeps its first outcome.
    const { service: later } = serviceSeeing(true, rows, null);
    await expect(later.purchase(passenger, input)).resolves.toMatchObject({
      ok: false,
      code: 'AIRLINE_UNREACHABLE',
    });
  });
});
