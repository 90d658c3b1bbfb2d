import {
  TEST_LIMITS,
  TEST_PASSENGERS,
  deepFreeze,
  effectTypes,
  effectsOfType,
  makeContext,
  makeCoupon,
  makeFlight,
  makeHolder,
  makeLeg,
  makePayload,
  makePrepare,
  testFlightId,
} from '../testing/fixtures';
import { ProtocolViolationError } from './coordinator';
import {
  type ParticipantFlight,
  type ParticipantInput,
  type ParticipantStep,
  type PrepareContext,
  stepParticipant,
  voteOf,
} from './participant';
import type {
  DecisionAnswer,
  MsgPrepare,
  ParticipantTransaction,
  PeerStateAnswer,
  TransactionPayload,
} from './types';

const SELF = 'G3';
const T0 = 1_000_000;
const DEADLINE = T0 + TEST_LIMITS.prepareTimeoutMs;
const HOLD_DEADLINE = DEADLINE + TEST_LIMITS.decisionQueryGraceMs;
const { waitMaxMs, waitMarginMs, decisionQueryMs } = TEST_LIMITS;

const OWN_FLIGHT = testFlightId(SELF, '1001');
const OWN_SECOND_FLIGHT = testFlightId(SELF, '1003');

/** G3 1001 and G3 1003 belong to this participant, and JJ 1001 to another airline. */
const PURCHASE: TransactionPayload = deepFreeze(
  makePayload([], {
    legs: [makeLeg(SELF, 2, '1001'), makeLeg('JJ', 2, '1001'), makeLeg(SELF, 2, '1003')],
  }),
);
const PREPARE: MsgPrepare = deepFreeze(makePrepare(PURCHASE, { now: T0 }));

function ownFlights(overrides: Partial<ParticipantFlight> = {}): ParticipantFlight[] {
  return [
    makeFlight(SELF, { flightId: OWN_FLIGHT, ...overrides }),
    makeFlight(SELF, { flightId: OWN_SECOND_FLIGHT }),
  ];
}

function step(record: ParticipantTransaction | null, input: ParticipantInput): ParticipantStep {
  return stepParticipant(SELF, record, input, TEST_LIMITS);
}

function prepare(
  context: PrepareContext = makeContext(ownFlights()),
  message: MsgPrepare = PREPARE,
  now = T0 + 10,
  record: ParticipantTransaction | null = null,
): ParticipantStep {
  return step(record, { type: 'prepare', message, context, now });
}

function decide(
  record: ParticipantTransaction | null,
  decision: 'COMMIT' | 'ABORT',
  now = T0 + 100,
): ParticipantStep {
  return step(record, { type: 'decision', message: { txId: 'tx-1', decision }, now });
}

function recordOf(result: ParticipantStep): ParticipantTransaction {
  if (result.record === null) {
    throw new Error('expected the step to produce a record');
  }
  return result.record;
}

/** Returns the record of a purchase this participant voted yes on at T0 + 10. */
function preparedPurchase(): ParticipantTransaction {
  return deepFreeze(recordOf(prepare()));
}

function refusalOf(result: ParticipantStep) {
  const vote = recordOf(result).vote;
  if (vote === null || vote.vote !== 'NO') {
    throw new Error(`expected a no vote, got ${JSON.stringify(vote)}`);
  }
  return vote;
}

/** Checks that a no vote was stored relaxed and then sent, with no seat held. */
function expectRefused(result: ParticipantStep, reason: string, flightIds: string[]): void {
  expect(effectTypes(result.effects)).toEqual(['persist', 'replyVote']);
  const [persisted] = effectsOfType(result.effects, 'persist');
  expect(persisted.durability).toBe('relaxed');
  expect(persisted.change).toEqual({ inventory: [] });
  expect(recordOf(result).phase).toBe('REFUSED');
  expect(refusalOf(result).reason).toBe(reason);
  expect(refusalOf(result).flightIds).toEqual(flightIds);
}

describe('stepParticipant prepare of a purchase', () => {
  it('prepare after its deadline is refused as aborted', () => {
    const result = prepare(makeContext(ownFlights()), PREPARE, DEADLINE);

    expectRefused(result, 'ABORTED', []);
  });

  it('grant holds own legs durably before the vote', () => {
    const result = prepare();

    expect(effectTypes(result.effects)).toEqual(['persist', 'replyVote', 'wakeAt']);
    const [persisted] = effectsOfType(result.effects, 'persist');
    expect(persisted.durability).toBe('durable');
    expect(persisted.change.inventory).toEqual([
      { flightId: OWN_FLIGHT, soldDelta: 0, heldDelta: 2 },
      { flightId: OWN_SECOND_FLIGHT, soldDelta: 0, heldDelta: 2 },
    ]);
    expect(recordOf(result).phase).toBe('PREPARED');
    expect(voteOf(recordOf(result))).toEqual({ vote: 'YES', tickets: [] });
  });

  it('grant requests one ticket per passenger per own leg', () => {
    const [persisted] = effectsOfType(prepare().effects, 'persist');

    expect(persisted.change.issueTickets).toEqual([
      { flightId: OWN_FLIGHT, passenger: TEST_PASSENGERS[0] },
      { flightId: OWN_FLIGHT, passenger: TEST_PASSENGERS[1] },
      { flightId: OWN_SECOND_FLIGHT, passenger: TEST_PASSENGERS[0] },
      { flightId: OWN_SECOND_FLIGHT, passenger: TEST_PASSENGERS[1] },
    ]);
  });

  it('grant wakes at the hold deadline', () => {
    const result = prepare();

    expect(effectsOfType(result.effects, 'wakeAt')).toEqual([
      { type: 'wakeAt', at: HOLD_DEADLINE },
    ]);
    expect(recordOf(result).holdDeadlineAt).toBe(HOLD_DEADLINE);
    expect(recordOf(result).queryAt).toBe(HOLD_DEADLINE);
    expect(recordOf(result).queries).toBe(0);
  });

  it('grant stores the coordinator and participants', () => {
    const record = recordOf(prepare());

    expect(record.coordinator).toBe('AD');
    expect(record.participants).toEqual(['G3', 'JJ']);
    expect(record.payload).toEqual(PURCHASE);
    expect(record.stamp).toEqual(PREPARE.stamp);
  });

  it('SOLD_OUT when available plus every hold falls short', () => {
    const flights = ownFlights({
      sold: 8,
      held: 1,
      available: 1,
      holders: [makeHolder('tx-younger', 500, 1)],
    });
    const oneShort = makePrepare(
      makePayload([], {
        passengers: ['ANA SILVA', 'BRUNO COSTA', 'CARLA DIAS'],
        legs: [makeLeg(SELF, 3, '1001')],
      }),
      { now: T0 },
    );

    const result = prepare(makeContext(flights), oneShort);

    expectRefused(result, 'SOLD_OUT', [OWN_FLIGHT]);
  });

  it('BUSY when older holders block', () => {
    const flights = ownFlights({
      sold: 8,
      held: 2,
      available: 0,
      holders: [makeHolder('tx-older', 5, 2)],
    });

    const result = prepare(makeContext(flights));

    expectRefused(result, 'BUSY', [OWN_FLIGHT]);
    expect(refusalOf(result).detail).toMatch(/older/);
  });

  it('SOLD_OUT wins over BUSY on another leg', () => {
    const flights = [
      makeFlight(SELF, { flightId: OWN_FLIGHT, sold: 10, available: 0 }),
      makeFlight(SELF, {
        flightId: OWN_SECOND_FLIGHT,
        sold: 8,
        held: 2,
        available: 0,
        holders: [makeHolder('tx-older', 5, 2)],
      }),
    ];

    expectRefused(prepare(makeContext(flights)), 'SOLD_OUT', [OWN_FLIGHT]);
  });
});

describe('stepParticipant prepare waits', () => {
  /** Own flight 1001 is full, held by a purchase younger than the prepare's stamp 100. */
  const youngerHolds = makeContext(
    ownFlights({ sold: 8, held: 2, available: 0, holders: [makeHolder('tx-young', 900, 2)] }),
  );

  it('wait-die: waits for younger holders without storing anything', () => {
    const result = prepare(youngerHolds, PREPARE, T0 + 10);

    expect(result.record).toBeNull();
    expect(result.effects).toEqual([{ type: 'wait', until: T0 + 10 + waitMaxMs }]);
  });

  it('wait ends at the deadline margin when that comes first', () => {
    const late = T0 + 2_000;

    const result = prepare(youngerHolds, PREPARE, late);

    expect(result.effects).toEqual([{ type: 'wait', until: DEADLINE - waitMarginMs }]);
  });

  it('wait bound counts from the first wait', () => {
    const since = T0 + 10;
    const context = { ...youngerHolds, waitingSince: since };

    const result = prepare(context, PREPARE, since + 400);

    expect(result.effects).toEqual([{ type: 'wait', until: since + waitMaxMs }]);
  });

  it.each([
    ['at', 0],
    ['after', 1],
  ])('BUSY once now is %s the wait bound', (_when, extra) => {
    const since = T0 + 10;
    const context = { ...youngerHolds, waitingSince: since };

    const result = prepare(context, PREPARE, since + waitMaxMs + extra);

    expectRefused(result, 'BUSY', [OWN_FLIGHT]);
    expect(refusalOf(result).detail).toMatch(/younger/);
  });

  it('BUSY at once when the deadline margin has passed', () => {
    const result = prepare(youngerHolds, PREPARE, DEADLINE - waitMarginMs);

    expectRefused(result, 'BUSY', [OWN_FLIGHT]);
  });

  it('wait-die: BUSY at once when any leg is held by older', () => {
    const flights = [
      makeFlight(SELF, {
        flightId: OWN_FLIGHT,
        sold: 8,
        held: 2,
        available: 0,
        holders: [makeHolder('tx-young', 900, 2)],
      }),
      makeFlight(SELF, {
        flightId: OWN_SECOND_FLIGHT,
        sold: 8,
        held: 2,
        available: 0,
        holders: [makeHolder('tx-old', 5, 2)],
      }),
    ];

    const result = prepare(makeContext(flights));

    expectRefused(result, 'BUSY', [OWN_FLIGHT, OWN_SECOND_FLIGHT]);
  });
});

describe('stepParticipant prepare validation', () => {
  const foreignOperated = makeFlight('JJ', { flightId: OWN_FLIGHT });
  const departed = makeFlight(SELF, { flightId: OWN_FLIGHT, departureAt: T0 + 10 });
  const threeSeats = makePayload([], {
    legs: [makeLeg(SELF, 3, '1001'), makeLeg(SELF, 2, '1003')],
  });
  const noOwnLeg = makePayload(['JJ', 'LA']);

  it.each<[string, PrepareContext, TransactionPayload, string[]]>([
    ['unknown flight', makeContext([ownFlights()[1]]), PURCHASE, [OWN_FLIGHT]],
    [
      'null flight',
      makeContext(ownFlights(), { flights: { [OWN_FLIGHT]: null } }),
      PURCHASE,
      [OWN_FLIGHT],
    ],
    [
      "another airline's flight",
      makeContext([foreignOperated, ownFlights()[1]]),
      PURCHASE,
      [OWN_FLIGHT],
    ],
    ['departed flight', makeContext([departed, ownFlights()[1]]), PURCHASE, [OWN_FLIGHT]],
    ['seats not equal to passengers', makeContext(ownFlights()), threeSeats, [OWN_FLIGHT]],
    ['no own legs', makeContext([]), noOwnLeg, []],
  ])('INVALID for %s', (_case, context, payload, flightIds) => {
    const message = makePrepare(payload, { now: T0 });

    const result = prepare(context, message);

    expectRefused(result, 'INVALID', flightIds);
  });

  it('INVALID for a leg without passengers', () => {
    const empty = makePayload([], { passengers: [], legs: [makeLeg(SELF, 0, '1001')] });

    const result = prepare(makeContext(ownFlights()), makePrepare(empty, { now: T0 }));

    expectRefused(result, 'INVALID', [OWN_FLIGHT]);
  });

  it('INVALID wins over seats held by others', () => {
    const context = makeContext([
      makeFlight(SELF, { flightId: OWN_FLIGHT, sold: 10, available: 0 }),
      makeFlight(SELF, { flightId: OWN_SECOND_FLIGHT, departureAt: T0 }),
    ]);

    expectRefused(prepare(context), 'INVALID', [OWN_SECOND_FLIGHT]);
  });
});

describe('stepParticipant repeated prepare', () => {
  it('after yes repeats the vote and stores nothing', () => {
    const record = preparedPurchase();

    const result = prepare(makeContext(ownFlights()), PREPARE, T0 + 20, record);

    expect(result.effects).toEqual([{ type: 'replyVote' }]);
    expect(result.record).toBe(record);
    expect(voteOf(record)).toEqual({ vote: 'YES', tickets: [] });
  });

  it('after no repeats the refusal', () => {
    const full = makeContext(ownFlights({ sold: 10, available: 0 }));
    const refused = deepFreeze(recordOf(prepare(full)));

    const result = prepare(makeContext(ownFlights()), PREPARE, T0 + 20, refused);

    expect(result.effects).toEqual([{ type: 'replyVote' }]);
    expect(voteOf(refused)).toMatchObject({ vote: 'NO', reason: 'SOLD_OUT' });
  });

  it('after an abort tombstone answers NO ABORTED', () => {
    const tombstone = deepFreeze(recordOf(decide(null, 'ABORT', T0 + 5)));

    const result = prepare(makeContext(ownFlights()), PREPARE, T0 + 20, tombstone);

    expect(result.effects).toEqual([{ type: 'replyVote' }]);
    expect(result.record).toBe(tombstone);
    expect(voteOf(tombstone)).toMatchObject({ vote: 'NO', reason: 'ABORTED' });
  });

  it('after an aborted yes answers NO ABORTED', () => {
    const aborted = deepFreeze(recordOf(decide(preparedPurchase(), 'ABORT')));

    const result = prepare(makeContext(ownFlights()), PREPARE, T0 + 200, aborted);

    expect(result.effects).toEqual([{ type: 'replyVote' }]);
    expect(voteOf(aborted)).toMatchObject({ vote: 'NO', reason: 'ABORTED' });
  });
});

describe('stepParticipant cancellation', () => {
  const CANCEL = deepFreeze(
    makePayload([], {
      kind: 'cancel',
      legs: [makeLeg(SELF, 2, '1001'), makeLeg('JJ', 2, '1001'), makeLeg(SELF, 2, '1003')],
    }),
  );
  const CANCEL_PREPARE = deepFreeze(makePrepare(CANCEL, { txId: 'tx-1', now: T0 }));
  const COUPONS = [OWN_FLIGHT, OWN_SECOND_FLIGHT].flatMap((flightId) =>
    TEST_PASSENGERS.map((passenger) => makeCoupon(flightId, passenger)),
  );

  function prepareCancel(coupons = COUPONS): ParticipantStep {
    return prepare(makeContext(ownFlights(), { coupons }), CANCEL_PREPARE);
  }

  it('yes vote lists the coupons and holds no seats', () => {
    const result = prepareCancel();

    expect(effectTypes(result.effects)).toEqual(['persist', 'replyVote', 'wakeAt']);
    const [persisted] = effectsOfType(result.effects, 'persist');
    expect(persisted.durability).toBe('durable');
    expect(persisted.change).toEqual({ inventory: [] });
    expect(voteOf(recordOf(result))).toEqual({
      vote: 'YES',
      tickets: COUPONS.map(({ ticketNumber, flightId, passenger }) => ({
        ticketNumber,
        flightId,
        passenger,
      })),
    });
  });

  it('yes vote leaves out void coupons', () => {
    const voided = makeCoupon(OWN_FLIGHT, 'OLD PASSENGER', { status: 'VOID' });

    const result = prepareCancel([...COUPONS, voided]);

    const vote = voteOf(recordOf(result));
    expect(vote.vote).toBe('YES');
    expect(vote.vote === 'YES' && vote.tickets.map((ticket) => ticket.ticketNumber)).toEqual(
      COUPONS.map((coupon) => coupon.ticketNumber),
    );
  });

  it('counts open coupons per leg, not in total', () => {
    const extraOnFirst = [...COUPONS.slice(0, 2), ...COUPONS.slice(0, 1), COUPONS[2]];

    const result = prepareCancel(extraOnFirst);

    expectRefused(result, 'INVALID', [OWN_FLIGHT]);
  });

  it('INVALID when a coupon is already void', () => {
    const oneVoid = [makeCoupon(OWN_FLIGHT, 'ANA SILVA', { status: 'VOID' }), ...COUPONS.slice(1)];

    const result = prepareCancel(oneVoid);

    expectRefused(result, 'INVALID', [OWN_FLIGHT]);
    expect(refusalOf(result).detail).toMatch(/1 open coupons/);
  });

  it('BUSY while another cancellation voids a coupon', () => {
    const pending = [...COUPONS.slice(0, 3), { ...COUPONS[3], pendingVoid: true }];

    const result = prepareCancel(pending);

    expectRefused(result, 'BUSY', [OWN_SECOND_FLIGHT]);
  });

  it('commit voids the coupons and returns the seats', () => {
    const prepared = deepFreeze(recordOf(prepareCancel()));

    const result = decide(prepared, 'COMMIT');

    expect(effectTypes(result.effects)).toEqual(['persist', 'ack']);
    const [persisted] = effectsOfType(result.effects, 'persist');
    expect(persisted.durability).toBe('durable');
    expect(persisted.change).toEqual({
      inventory: [
        { flightId: OWN_FLIGHT, soldDelta: -2, heldDelta: 0 },
        { flightId: OWN_SECOND_FLIGHT, soldDelta: -2, heldDelta: 0 },
      ],
      voidCoupons: true,
    });
    expect(recordOf(result).phase).toBe('COMMITTED');
  });

  it('abort changes no seat or coupon', () => {
    const prepared = deepFreeze(recordOf(prepareCancel()));

    const result = decide(prepared, 'ABORT');

    const [persisted] = effectsOfType(result.effects, 'persist');
    expect(persisted.change).toEqual({ inventory: [], voidCoupons: false });
    expect(persisted.durability).toBe('relaxed');
    expect(recordOf(result).phase).toBe('ABORTED');
  });
});

describe('stepParticipant decision', () => {
  it('commit of a purchase is durable before the ack', () => {
    const result = decide(preparedPurchase(), 'COMMIT', T0 + 100);

    // The coordinator may forget the transaction once everyone acked, so the commit must last.
    expect(effectTypes(result.effects)).toEqual(['persist', 'ack']);
    const [persisted] = effectsOfType(result.effects, 'persist');
    expect(persisted.durability).toBe('durable');
    expect(persisted.change).toEqual({
      inventory: [
        { flightId: OWN_FLIGHT, soldDelta: 2, heldDelta: -2 },
        { flightId: OWN_SECOND_FLIGHT, soldDelta: 2, heldDelta: -2 },
      ],
      openCoupons: true,
    });
    expect(recordOf(result).phase).toBe('COMMITTED');
    expect(recordOf(result).decidedAt).toBe(T0 + 100);
    expect(recordOf(result).queryAt).toBeNull();
  });

  it('presumed abort: abort releases the holds, relaxed', () => {
    const result = decide(preparedPurchase(), 'ABORT');

    // A lost abort leaves the holds, and the participant's query learns abort again.
    expect(effectTypes(result.effects)).toEqual(['persist', 'ack']);
    const [persisted] = effectsOfType(result.effects, 'persist');
    expect(persisted.durability).toBe('relaxed');
    expect(persisted.change).toEqual({
      inventory: [
        { flightId: OWN_FLIGHT, soldDelta: 0, heldDelta: -2 },
        { flightId: OWN_SECOND_FLIGHT, soldDelta: 0, heldDelta: -2 },
      ],
      openCoupons: false,
    });
    expect(recordOf(result).phase).toBe('ABORTED');
  });

  it('abort of an unknown transaction leaves a tombstone', () => {
    const result = decide(null, 'ABORT', T0 + 5);

    expect(effectTypes(result.effects)).toEqual(['persist', 'ack']);
    const [persisted] = effectsOfType(result.effects, 'persist');
    expect(persisted.change).toEqual({ inventory: [] });
    expect(recordOf(result)).toMatchObject({
      txId: 'tx-1',
      phase: 'ABORTED',
      payload: null,
      vote: null,
      decidedAt: T0 + 5,
    });
  });

  it('commit of an unknown transaction is a protocol violation', () => {
    expect(() => decide(null, 'COMMIT')).toThrow(ProtocolViolationError);
  });

  it.each<[string, () => ParticipantTransaction, 'COMMIT' | 'ABORT']>([
    ['abort after commit', () => recordOf(decide(preparedPurchase(), 'COMMIT')), 'ABORT'],
    ['commit after abort', () => recordOf(decide(preparedPurchase(), 'ABORT')), 'COMMIT'],
    ['commit after tombstone', () => recordOf(decide(null, 'ABORT')), 'COMMIT'],
    [
      'commit after refusal',
      () => recordOf(prepare(makeContext(ownFlights({ sold: 10, available: 0 })))),
      'COMMIT',
    ],
  ])('%s is a protocol violation', (_case, build, decision) => {
    const record = deepFreeze(build());

    expect(() => decide(record, decision, T0 + 300)).toThrow(ProtocolViolationError);
  });

  it.each<[string, () => ParticipantTransaction, 'COMMIT' | 'ABORT']>([
    ['commit', () => recordOf(decide(preparedPurchase(), 'COMMIT')), 'COMMIT'],
    ['abort', () => recordOf(decide(preparedPurchase(), 'ABORT')), 'ABORT'],
    ['abort of a tombstone', () => recordOf(decide(null, 'ABORT')), 'ABORT'],
    [
      'abort after refusal',
      () => recordOf(prepare(makeContext(ownFlights({ sold: 10, available: 0 })))),
      'ABORT',
    ],
  ])('repeated %s is only acknowledged', (_case, build, decision) => {
    const record = deepFreeze(build());

    const result = decide(record, decision, T0 + 300);

    expect(result.effects).toEqual([{ type: 'ack' }]);
    expect(result.record).toBe(record);
  });
});

describe('stepParticipant termination', () => {
  function tick(record: ParticipantTransaction | null, now: number): ParticipantStep {
    return step(record, { type: 'tick', now });
  }

  it('tick before queryAt waits again', () => {
    const record = preparedPurchase();

    const result = tick(record, HOLD_DEADLINE - 1);

    expect(result.record).toBe(record);
    expect(result.effects).toEqual([{ type: 'wakeAt', at: HOLD_DEADLINE }]);
  });

  it('tick at queryAt asks the coordinator', () => {
    const result = tick(preparedPurchase(), HOLD_DEADLINE);

    expect(result.effects).toEqual([
      { type: 'askCoordinator' },
      { type: 'wakeAt', at: HOLD_DEADLINE + decisionQueryMs },
    ]);
    expect(recordOf(result).queries).toBe(1);
    expect(recordOf(result).phase).toBe('PREPARED');
  });

  it('query back-off doubles up to the maximum', () => {
    let record = preparedPurchase();
    const delays: number[] = [];
    for (let query = 0; query < 6; query += 1) {
      const now = record.queryAt as number;
      record = recordOf(tick(record, now));
      delays.push((record.queryAt as number) - now);
    }

    expect(delays).toEqual([500, 1_000, 2_000, 4_000, 4_000, 4_000]);
    expect(record.queries).toBe(6);
  });

  it.each<[string, () => ParticipantTransaction | null]>([
    ['no record', () => null],
    ['a commit', () => recordOf(decide(preparedPurchase(), 'COMMIT'))],
    ['a tombstone', () => recordOf(decide(null, 'ABORT'))],
  ])('tick with %s does nothing', (_case, build) => {
    const record = build();

    const result = tick(record, HOLD_DEADLINE + 10_000);

    expect(result.effects).toEqual([]);
    expect(result.record).toBe(record);
  });

  describe('decision answers', () => {
    function answer(record: ParticipantTransaction | null, given: DecisionAnswer) {
      return step(record, { type: 'decisionAnswer', answer: given, now: HOLD_DEADLINE + 5 });
    }

    it('COMMIT commits durably without an ack', () => {
      const result = answer(preparedPurchase(), 'COMMIT');

      // Only a decision message gets an acknowledgement, and the coordinator resends it until then.
      expect(effectTypes(result.effects)).toEqual(['persist']);
      expect(effectsOfType(result.effects, 'persist')[0].durability).toBe('durable');
      expect(recordOf(result).phase).toBe('COMMITTED');
    });

    it('ABORT aborts', () => {
      const result = answer(preparedPurchase(), 'ABORT');

      expect(effectTypes(result.effects)).toEqual(['persist']);
      expect(recordOf(result).phase).toBe('ABORTED');
    });

    it('presumed abort: UNKNOWN aborts', () => {
      const result = answer(preparedPurchase(), 'UNKNOWN');

      expect(effectTypes(result.effects)).toEqual(['persist']);
      expect(effectsOfType(result.effects, 'persist')[0].change.inventory).toEqual([
        { flightId: OWN_FLIGHT, soldDelta: 0, heldDelta: -2 },
        { flightId: OWN_SECOND_FLIGHT, soldDelta: 0, heldDelta: -2 },
      ]);
      expect(recordOf(result).phase).toBe('ABORTED');
    });

    it('PENDING changes nothing', () => {
      const record = preparedPurchase();

      const result = answer(record, 'PENDING');

      expect(result.effects).toEqual([]);
      expect(result.record).toBe(record);
    });

    it('answer after the decision changes nothing', () => {
      const done = deepFreeze(recordOf(decide(preparedPurchase(), 'COMMIT')));

      const result = answer(done, 'UNKNOWN');

      expect(result.effects).toEqual([]);
      expect(result.record).toBe(done);
    });
  });

  describe('cooperative termination', () => {
    const FOUR_WAY = makePayload(['AD', 'G3', 'JJ', 'LA']);

    function preparedFourWay(): ParticipantTransaction {
      const flights = makeContext([makeFlight(SELF)]);
      return deepFreeze(recordOf(prepare(flights, makePrepare(FOUR_WAY, { now: T0 }))));
    }

    function peerAnswers(record: ParticipantTransaction, answers: PeerStateAnswer[]) {
      return step(record, { type: 'peerAnswers', answers, now: HOLD_DEADLINE + 50 });
    }

    it('unreachable coordinator: asks the other participants', () => {
      const result = step(preparedFourWay(), { type: 'coordinatorUnreachable', now: T0 });

      // It skips itself and the coordinator's node, which did not respond.
      expect(result.effects).toEqual([{ type: 'askPeers', peers: ['JJ', 'LA'] }]);
    });

    it('unreachable coordinator with no other peer does nothing', () => {
      const twoWay = recordOf(
        prepare(makeContext([makeFlight(SELF)]), makePrepare(makePayload(['AD', 'G3']))),
      );

      const result = step(twoWay, { type: 'coordinatorUnreachable', now: T0 });

      expect(result.effects).toEqual([]);
    });

    it('unreachable coordinator after the decision does nothing', () => {
      const done = recordOf(decide(preparedFourWay(), 'ABORT'));

      expect(step(done, { type: 'coordinatorUnreachable', now: T0 }).effects).toEqual([]);
    });

    it('COMMITTED peer commits', () => {
      const result = peerAnswers(preparedFourWay(), ['UNCERTAIN', 'COMMITTED']);

      expect(recordOf(result).phase).toBe('COMMITTED');
      expect(effectTypes(result.effects)).toEqual(['persist']);
      expect(effectsOfType(result.effects, 'persist')[0].durability).toBe('durable');
    });

    it('ABORTED peer aborts', () => {
      const result = peerAnswers(preparedFourWay(), ['ABORTED', 'UNCERTAIN']);

      expect(recordOf(result).phase).toBe('ABORTED');
      expect(effectTypes(result.effects)).toEqual(['persist']);
    });

    it.each<[string, PeerStateAnswer[]]>([
      ['all UNCERTAIN', ['UNCERTAIN', 'UNCERTAIN']],
      ['no answer', []],
    ])('%s keeps the holds', (_case, answers) => {
      const record = preparedFourWay();

      const result = peerAnswers(record, answers);

      // Every peer is prepared too, so only the coordinator can decide. Two-phase commit blocks here.
      expect(result.effects).toEqual([]);
      expect(result.record).toBe(record);
    });

    it('unknown transaction: durable tombstone before ABORTED, since the asker releases its holds', () => {
      const result = step(null, {
        type: 'peerQuery',
        txId: 'tx-9',
        coordinator: 'AD',
        now: T0 + 70,
      });

      expect(effectTypes(result.effects)).toEqual(['persist', 'answerPeer']);
      const [persisted] = effectsOfType(result.effects, 'persist');
      expect(persisted.durability).toBe('durable');
      expect(persisted.change).toEqual({ inventory: [] });
      expect(recordOf(result)).toMatchObject({
        txId: 'tx-9',
        coordinator: 'AD',
        phase: 'ABORTED',
        vote: null,
      });
      expect(effectsOfType(result.effects, 'answerPeer')).toEqual([
        { type: 'answerPeer', answer: 'ABORTED' },
      ]);
    });

    it('tombstone from a peer query refuses the late prepare', () => {
      const tombstone = recordOf(
        step(null, { type: 'peerQuery', txId: 'tx-1', coordinator: 'AD', now: T0 + 1 }),
      );

      const result = prepare(makeContext(ownFlights()), PREPARE, T0 + 10, tombstone);

      expect(result.effects).toEqual([{ type: 'replyVote' }]);
      expect(voteOf(recordOf(result))).toMatchObject({ vote: 'NO', reason: 'ABORTED' });
    });

    it.each<[string, PeerStateAnswer, () => ParticipantTransaction]>([
      ['prepared', 'UNCERTAIN', () => preparedPurchase()],
      ['committed', 'COMMITTED', () => recordOf(decide(preparedPurchase(), 'COMMIT'))],
      ['aborted', 'ABORTED', () => recordOf(decide(preparedPurchase(), 'ABORT'))],
      [
        'refused',
        'ABORTED',
        () => recordOf(prepare(makeContext(ownFlights({ sold: 10, available: 0 })))),
      ],
    ])('%s record answers %s', (_phase, expected, build) => {
      const record = deepFreeze(build());

      const result = step(record, {
        type: 'peerQuery',
        txId: 'tx-1',
        coordinator: 'AD',
        now: T0 + 500,
      });

      expect(result.effects).toEqual([{ type: 'answerPeer', answer: expected }]);
      expect(result.record).toBe(record);
    });
  });
});

describe('voteOf', () => {
  it('repeats the stored vote of a prepared record', () => {
    expect(voteOf(preparedPurchase())).toEqual({ vote: 'YES', tickets: [] });
  });

  it('refuses a record aborted after its yes', () => {
    const aborted = recordOf(decide(preparedPurchase(), 'ABORT'));

    expect(voteOf(aborted)).toEqual({
      vote: 'NO',
      reason: 'ABORTED',
      flightIds: [],
      detail: 'the transaction is already aborted',
    });
  });
});
