import fc from 'fast-check';

import {
  TEST_LIMITS,
  YES_VOTE,
  deepFreeze,
  effectTypes,
  effectsOfType,
  makeNoVote,
  makePayload,
  makeStamp,
} from '../testing/fixtures';
import {
  type CoordinatorInput,
  type CoordinatorStep,
  ProtocolViolationError,
  answerDecisionQuery,
  stepCoordinator,
} from './coordinator';
import type { CoordinatorTransaction, RefusalReason, TransactionPayload, Vote } from './types';

const COORDINATOR = 'AD';
const T0 = 1_000_000;
const DEADLINE = T0 + TEST_LIMITS.prepareTimeoutMs;
const { decisionResendMs, decisionResendMaxMs } = TEST_LIMITS;

function step(record: CoordinatorTransaction | null, input: CoordinatorInput): CoordinatorStep {
  return stepCoordinator(record, input, TEST_LIMITS);
}

function begin(payload: TransactionPayload = makePayload(['G3', 'JJ'])): CoordinatorStep {
  return step(null, {
    type: 'begin',
    txId: 'tx-1',
    coordinator: COORDINATOR,
    payload,
    stamp: makeStamp(7, COORDINATOR),
    now: T0,
  });
}

/** Begins a purchase over `airlines` at T0 and returns its record, with no vote yet. */
function preparing(airlines: string[] = ['G3', 'JJ']): CoordinatorTransaction {
  return deepFreeze(begin(makePayload(airlines)).record);
}

function vote(
  record: CoordinatorTransaction,
  participant: string,
  given: Vote,
  now = T0 + 10,
): CoordinatorStep {
  return step(record, { type: 'vote', participant, vote: given, now });
}

function ack(record: CoordinatorTransaction, participant: string, now = T0 + 20): CoordinatorStep {
  return step(record, { type: 'ack', participant, now });
}

/** Feeds the votes in order and returns the last step. */
function voteAll(
  record: CoordinatorTransaction,
  votes: ReadonlyArray<[string, Vote]>,
): CoordinatorStep {
  let last: CoordinatorStep = { record, effects: [] };
  for (const [participant, given] of votes) {
    last = vote(last.record, participant, given);
  }
  return last;
}

/** Returns a purchase that G3 and JJ voted yes on at T0 + 10, so its commit is durable and sent. */
function committed(): CoordinatorTransaction {
  return deepFreeze(
    voteAll(preparing(), [
      ['G3', YES_VOTE],
      ['JJ', YES_VOTE],
    ]).record,
  );
}

function decisionTargets(result: CoordinatorStep): string[] {
  return effectsOfType(result.effects, 'sendDecision').map((effect) => effect.participant);
}

describe('stepCoordinator begin', () => {
  it('persists relaxed, then prepares, then wakes', () => {
    const { effects } = begin();

    expect(effectTypes(effects)).toEqual(['persist', 'sendPrepare', 'sendPrepare', 'wakeAt']);
    const [persisted] = effectsOfType(effects, 'persist');
    // Presumed abort: losing the begin record only makes participants that ask learn abort.
    expect(persisted.durability).toBe('relaxed');
    expect(persisted.record.phase).toBe('PREPARING');
  });

  it('prepares each participant once, sorted', () => {
    const payload = makePayload([], {
      passengers: ['ANA SILVA'],
      legs: [
        { flightId: 'JJ3001-20261205', airline: 'JJ', seats: 1 },
        { flightId: 'G31001-20261205', airline: 'G3', seats: 1 },
        { flightId: 'JJ3002-20261205', airline: 'JJ', seats: 1 },
      ],
    });

    const { record, effects } = begin(payload);

    expect(record.participants).toEqual(['G3', 'JJ']);
    const prepares = effectsOfType(effects, 'sendPrepare');
    expect(prepares.map((effect) => effect.participant)).toEqual(['G3', 'JJ']);
    for (const prepare of prepares) {
      expect(prepare.message).toEqual({
        txId: 'tx-1',
        coordinator: COORDINATOR,
        participants: ['G3', 'JJ'],
        payload,
        stamp: makeStamp(7, COORDINATOR),
        deadlineAt: DEADLINE,
      });
    }
  });

  it('wakes at the prepare deadline', () => {
    const { record, effects } = begin();

    expect(record.prepareDeadlineAt).toBe(DEADLINE);
    expect(effectsOfType(effects, 'wakeAt')).toEqual([{ type: 'wakeAt', at: DEADLINE }]);
  });

  it('starts with no votes and no decision', () => {
    const { record } = begin();

    expect(record.votes).toEqual({});
    expect(record.abortReason).toBeNull();
    expect(record.acknowledged).toEqual([]);
    expect(record.decidedAt).toBeNull();
    expect(record.completedAt).toBeNull();
    expect(record.resendAt).toBeNull();
  });

  it('rejects a second begin', () => {
    const input: CoordinatorInput = {
      type: 'begin',
      txId: 'tx-1',
      coordinator: COORDINATOR,
      payload: makePayload(['G3']),
      stamp: makeStamp(7),
      now: T0,
    };

    expect(() => step(preparing(), input)).toThrow(ProtocolViolationError);
  });

  it('rejects a payload without legs', () => {
    expect(() => begin(makePayload([]))).toThrow(ProtocolViolationError);
  });

  it('rejects inputs before begin', () => {
    expect(() => step(null, { type: 'tick', now: T0 })).toThrow(ProtocolViolationError);
    expect(() => step(null, { type: 'ack', participant: 'G3', now: T0 })).toThrow(
      ProtocolViolationError,
    );
  });
});

describe('stepCoordinator votes', () => {
  it('first yes waits for the others', () => {
    const result = vote(preparing(), 'G3', YES_VOTE);

    expect(result.effects).toEqual([]);
    expect(result.record.phase).toBe('PREPARING');
    expect(result.record.votes).toEqual({ G3: YES_VOTE });
  });

  it('all yes: commit is durable before it is announced or sent', () => {
    const afterFirst = vote(preparing(), 'G3', YES_VOTE).record;

    const { record, effects } = vote(afterFirst, 'JJ', YES_VOTE, T0 + 30);

    // Two-phase commit: no caller or participant may learn the commit before the log contains it.
    expect(effectTypes(effects)).toEqual([
      'persist',
      'decided',
      'sendDecision',
      'sendDecision',
      'wakeAt',
    ]);
    const [persisted] = effectsOfType(effects, 'persist');
    expect(persisted.durability).toBe('durable');
    expect(persisted.record.phase).toBe('COMMITTED');
    expect(effectsOfType(effects, 'decided')).toEqual([
      { type: 'decided', decision: 'COMMIT', reason: null, blamed: [] },
    ]);
    expect(decisionTargets({ record, effects })).toEqual(['G3', 'JJ']);
    for (const send of effectsOfType(effects, 'sendDecision')) {
      expect(send.message).toEqual({ txId: 'tx-1', decision: 'COMMIT' });
    }
    expect(record.decidedAt).toBe(T0 + 30);
    expect(record.resendAt).toBe(T0 + 30 + decisionResendMs);
    expect(effectsOfType(effects, 'wakeAt')).toEqual([
      { type: 'wakeAt', at: T0 + 30 + decisionResendMs },
    ]);
  });

  it('SOLD_OUT aborts with reason and blame', () => {
    const record = preparing(['G3', 'JJ', 'LA']);
    const afterYes = vote(record, 'G3', YES_VOTE).record;

    const result = vote(afterYes, 'JJ', makeNoVote('SOLD_OUT', ['JJ1001-20261205']));

    expect(result.record.phase).toBe('ABORTED');
    expect(result.record.abortReason).toBe('SOLD_OUT');
    expect(result.record.blamed).toEqual(['JJ']);
    expect(effectTypes(result.effects)).toEqual([
      'persist',
      'decided',
      'sendDecision',
      'sendDecision',
      'wakeAt',
    ]);
    expect(effectsOfType(result.effects, 'persist')[0].durability).toBe('durable');
    expect(effectsOfType(result.effects, 'decided')).toEqual([
      { type: 'decided', decision: 'ABORT', reason: 'SOLD_OUT', blamed: ['JJ'] },
    ]);
  });

  it('refusing participant gets no abort, counts as acknowledged', () => {
    const record = preparing(['G3', 'JJ', 'LA']);

    const result = vote(record, 'JJ', makeNoVote('SOLD_OUT'));

    // A participant that voted no holds nothing, so it has nothing to release.
    expect(decisionTargets(result)).toEqual(['G3', 'LA']);
    for (const send of effectsOfType(result.effects, 'sendDecision')) {
      expect(send.message.decision).toBe('ABORT');
    }
    expect(result.record.acknowledged).toEqual(['JJ']);
  });

  it('lone refusal completes at once', () => {
    const result = vote(preparing(['G3']), 'G3', makeNoVote('BUSY'), T0 + 40);

    expect(effectTypes(result.effects)).toEqual(['persist', 'decided', 'completed']);
    expect(effectsOfType(result.effects, 'persist')[0].durability).toBe('durable');
    expect(result.record.completedAt).toBe(T0 + 40);
    expect(result.record.resendAt).toBeNull();
  });

  it('vote from a stranger is a protocol violation', () => {
    expect(() => vote(preparing(), 'LA', YES_VOTE)).toThrow(ProtocolViolationError);
  });

  it('duplicate yes changes nothing', () => {
    const afterFirst = deepFreeze(vote(preparing(), 'G3', YES_VOTE).record);

    const result = vote(afterFirst, 'G3', YES_VOTE, T0 + 50);

    expect(result.effects).toEqual([]);
    expect(result.record).toEqual(afterFirst);
  });

  it('presumed abort: late yes after abort changes nothing', () => {
    const aborted = deepFreeze(vote(preparing(), 'G3', makeNoVote('SOLD_OUT')).record);

    const result = vote(aborted, 'JJ', YES_VOTE, T0 + 60);

    expect(result.effects).toEqual([]);
    expect(result.record).toBe(aborted);
  });

  it('duplicate vote after commit changes nothing', () => {
    const record = committed();

    const result = vote(record, 'G3', YES_VOTE, T0 + 60);

    expect(result.effects).toEqual([]);
    expect(result.record).toBe(record);
  });

  it('leaves the input record unchanged', () => {
    const record = preparing();
    const copy = structuredClone(record);

    voteAll(record, [
      ['G3', YES_VOTE],
      ['JJ', YES_VOTE],
    ]);

    expect(record).toEqual(copy);
  });
});

describe('stepCoordinator vote order', () => {
  const airlines = ['2Z', 'AD', 'G3', 'JJ', 'LA'];
  const voteArbitrary = fc.oneof(
    { weight: 3, arbitrary: fc.constant<Vote>(YES_VOTE) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom<RefusalReason>('SOLD_OUT', 'BUSY', 'INVALID', 'ABORTED')
        .map((reason) => makeNoVote(reason)),
    },
  );
  const ballotArbitrary = fc
    .integer({ min: 1, max: airlines.length })
    .chain((count) =>
      fc
        .array(voteArbitrary, { minLength: count, maxLength: count })
        .map((votes) => votes.map((given, index): [string, Vote] => [airlines[index], given])),
    )
    .chain((ballot) =>
      fc.tuple(
        fc.constant(ballot),
        fc.shuffledSubarray(ballot, { minLength: ballot.length, maxLength: ballot.length }),
        fc.shuffledSubarray(ballot, { minLength: ballot.length, maxLength: ballot.length }),
      ),
    );

  /** Feeds votes in order until the decision, and returns the decided record. */
  function decideWith(votes: ReadonlyArray<[string, Vote]>): CoordinatorTransaction {
    let record = preparing(votes.map(([participant]) => participant));
    for (const [participant, given] of votes) {
      record = vote(record, participant, given).record;
    }
    return record;
  }

  it('decision does not depend on vote order', () => {
    fc.assert(
      fc.property(ballotArbitrary, ([ballot, firstOrder, secondOrder]) => {
        const refusers = ballot
          .filter(([, given]) => given.vote === 'NO')
          .map(([airline]) => airline);
        const first = decideWith(firstOrder);
        const second = decideWith(secondOrder);

        expect(first.phase).toBe(refusers.length === 0 ? 'COMMITTED' : 'ABORTED');
        expect(second.phase).toBe(first.phase);
        // The first refusal decides, so the blame may differ, but it always names a refuser.
        expect(first.blamed.every((airline) => refusers.includes(airline))).toBe(true);
        expect(second.blamed.every((airline) => refusers.includes(airline))).toBe(true);
      }),
    );
  });

  it('commit needs the last yes', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray(airlines, { minLength: 2, maxLength: airlines.length }),
        (order) => {
          let record = preparing(order);
          for (const participant of order.slice(0, -1)) {
            record = vote(record, participant, YES_VOTE).record;
            expect(record.phase).toBe('PREPARING');
          }

          const last = vote(record, order[order.length - 1], YES_VOTE);

          expect(last.record.phase).toBe('COMMITTED');
        },
      ),
    );
  });
});

describe('stepCoordinator prepare failures', () => {
  it('failure of a non-participant is rejected', () => {
    const input = {
      type: 'prepareFailed',
      participant: 'LA',
      reason: 'UNREACHABLE',
      now: T0,
    } as const;

    expect(() => step(preparing(), input)).toThrow(ProtocolViolationError);
  });

  it('UNREACHABLE participant aborts at once', () => {
    const result = step(preparing(), {
      type: 'prepareFailed',
      participant: 'JJ',
      reason: 'UNREACHABLE',
      now: T0 + 5,
    });

    expect(result.record.phase).toBe('ABORTED');
    expect(result.record.abortReason).toBe('UNREACHABLE');
    expect(result.record.blamed).toEqual(['JJ']);
    expect(effectTypes(result.effects).slice(0, 2)).toEqual(['persist', 'decided']);
    // The prepare may have arrived before the connection failed, so JJ also gets the abort.
    expect(decisionTargets(result)).toEqual(['G3', 'JJ']);
  });

  it('failure after the vote is ignored', () => {
    const afterYes = deepFreeze(vote(preparing(), 'JJ', YES_VOTE).record);

    const result = step(afterYes, {
      type: 'prepareFailed',
      participant: 'JJ',
      reason: 'UNREACHABLE',
      now: T0 + 15,
    });

    expect(result.effects).toEqual([]);
    expect(result.record).toBe(afterYes);
  });

  it('failure after the decision is ignored', () => {
    const record = committed();

    const result = step(record, {
      type: 'prepareFailed',
      participant: 'G3',
      reason: 'TIMEOUT',
      now: T0 + 15,
    });

    expect(result.effects).toEqual([]);
    expect(result.record).toBe(record);
  });
});

describe('stepCoordinator prepare deadline', () => {
  it('tick before the deadline waits again', () => {
    const record = preparing();

    const result = step(record, { type: 'tick', now: DEADLINE - 1 });

    expect(result.record).toBe(record);
    expect(result.effects).toEqual([{ type: 'wakeAt', at: DEADLINE }]);
  });

  it.each([
    ['at', DEADLINE],
    ['after', DEADLINE + 700],
  ])('tick %s the deadline aborts TIMEOUT', (_when, now) => {
    const afterYes = vote(preparing(['G3', 'JJ', 'LA']), 'G3', YES_VOTE).record;

    const result = step(afterYes, { type: 'tick', now });

    expect(result.record.phase).toBe('ABORTED');
    expect(result.record.abortReason).toBe('TIMEOUT');
    expect(result.record.blamed).toEqual(['JJ', 'LA']);
    expect(effectsOfType(result.effects, 'decided')).toEqual([
      { type: 'decided', decision: 'ABORT', reason: 'TIMEOUT', blamed: ['JJ', 'LA'] },
    ]);
    // A silent participant may have voted yes in a vote that was lost, so it also gets the abort.
    expect(decisionTargets(result)).toEqual(['G3', 'JJ', 'LA']);
  });
});

describe('stepCoordinator acknowledgements', () => {
  it('ack before the decision is a protocol violation', () => {
    expect(() => ack(preparing(), 'G3')).toThrow(ProtocolViolationError);
  });

  it('ack from a non-participant is rejected', () => {
    expect(() => ack(committed(), 'LA')).toThrow(ProtocolViolationError);
  });

  it('first ack waits for the others', () => {
    const result = ack(committed(), 'G3');

    expect(result.effects).toEqual([]);
    expect(result.record.acknowledged).toEqual(['G3']);
    expect(result.record.completedAt).toBeNull();
  });

  it.each([[['G3', 'JJ']], [['JJ', 'G3']]])(
    'acks in order %j complete the transaction',
    (order) => {
      const first = ack(committed(), order[0], T0 + 20).record;

      const result = ack(first, order[1], T0 + 25);

      // Losing this write only makes a restarted coordinator resend a decision that is acked again.
      expect(effectTypes(result.effects)).toEqual(['persist', 'completed']);
      expect(effectsOfType(result.effects, 'persist')[0].durability).toBe('relaxed');
      expect(result.record.acknowledged).toEqual(['G3', 'JJ']);
      expect(result.record.completedAt).toBe(T0 + 25);
      expect(result.record.resendAt).toBeNull();
    },
  );

  it('duplicate ack changes nothing', () => {
    const first = deepFreeze(ack(committed(), 'G3').record);

    const result = ack(first, 'G3', T0 + 30);

    expect(result.effects).toEqual([]);
    expect(result.record).toBe(first);
  });

  it('ack after completion changes nothing', () => {
    const done = deepFreeze(ack(ack(committed(), 'G3').record, 'JJ').record);

    const result = ack(done, 'JJ', T0 + 40);

    expect(result.effects).toEqual([]);
    expect(result.record).toBe(done);
  });

  it('ack of the lone voter completes after a refusal', () => {
    const aborted = vote(preparing(), 'JJ', makeNoVote('SOLD_OUT')).record;

    const result = ack(aborted, 'G3');

    expect(effectTypes(result.effects)).toEqual(['persist', 'completed']);
    expect(result.record.acknowledged).toEqual(['G3', 'JJ']);
  });
});

describe('stepCoordinator decision resends', () => {
  it('tick before resendAt waits again', () => {
    const record = committed();

    const result = step(record, { type: 'tick', now: (record.resendAt as number) - 1 });

    expect(result.record).toBe(record);
    expect(result.effects).toEqual([{ type: 'wakeAt', at: record.resendAt }]);
  });

  it('resends only to unacknowledged participants', () => {
    const afterAck = ack(committed(), 'G3').record;

    const result = step(afterAck, { type: 'tick', now: afterAck.resendAt as number });

    expect(effectTypes(result.effects)).toEqual(['sendDecision', 'wakeAt']);
    expect(effectsOfType(result.effects, 'sendDecision')).toEqual([
      { type: 'sendDecision', participant: 'JJ', message: { txId: 'tx-1', decision: 'COMMIT' } },
    ]);
  });

  it('resends an abort as an abort', () => {
    const aborted = step(preparing(), { type: 'tick', now: DEADLINE }).record;

    const result = step(aborted, { type: 'tick', now: aborted.resendAt as number });

    for (const send of effectsOfType(result.effects, 'sendDecision')) {
      expect(send.message).toEqual({ txId: 'tx-1', decision: 'ABORT' });
    }
    expect(decisionTargets(result)).toEqual(['G3', 'JJ']);
  });

  it('back-off doubles up to the maximum', () => {
    let record = committed();
    const delays = [(record.resendAt as number) - (record.decidedAt as number)];
    for (let resend = 0; resend < 6; resend += 1) {
      const now = record.resendAt as number;
      record = step(record, { type: 'tick', now }).record;
      delays.push((record.resendAt as number) - now);
    }

    expect(delays).toEqual([250, 500, 1_000, 2_000, 2_000, 2_000, 2_000]);
    expect(Math.max(...delays)).toBe(decisionResendMaxMs);
    expect(record.resends).toBe(6);
  });

  it('late tick after completion does nothing', () => {
    const done = ack(ack(committed(), 'G3').record, 'JJ').record;

    const result = step(done, { type: 'tick', now: T0 + 60_000 });

    expect(result.effects).toEqual([]);
    expect(result.record).toBe(done);
  });
});

describe('stepCoordinator recover', () => {
  const RESTART = T0 + 120_000;

  function recover(record: CoordinatorTransaction): CoordinatorStep {
    return step(record, { type: 'recover', now: RESTART });
  }

  it('presumed abort: preparing without votes aborts RECOVERY', () => {
    const result = recover(preparing());

    expect(result.record.phase).toBe('ABORTED');
    expect(result.record.abortReason).toBe('RECOVERY');
    expect(effectTypes(result.effects)).toEqual([
      'persist',
      'decided',
      'sendDecision',
      'sendDecision',
      'wakeAt',
    ]);
    expect(effectsOfType(result.effects, 'persist')[0].durability).toBe('durable');
    expect(result.record.blamed).toEqual(['G3', 'JJ']);
  });

  it('presumed abort: yes votes before the restart still abort', () => {
    const afterYes = vote(preparing(['G3', 'JJ', 'LA']), 'G3', YES_VOTE).record;

    const result = recover(afterYes);

    expect(result.record.phase).toBe('ABORTED');
    expect(result.record.abortReason).toBe('RECOVERY');
    expect(effectsOfType(result.effects, 'persist')[0].durability).toBe('durable');
    expect(effectsOfType(result.effects, 'decided')[0].decision).toBe('ABORT');
    expect(decisionTargets(result)).toEqual(['G3', 'JJ', 'LA']);
    expect(result.record.blamed).toEqual(['JJ', 'LA']);
    expect(result.record.decidedAt).toBe(RESTART);
  });

  it('unacknowledged commit is resent, not decided again', () => {
    const afterAck = deepFreeze(ack(committed(), 'G3').record);

    const result = recover(afterAck);

    expect(effectTypes(result.effects)).toEqual(['sendDecision', 'wakeAt']);
    expect(effectsOfType(result.effects, 'sendDecision')).toEqual([
      { type: 'sendDecision', participant: 'JJ', message: { txId: 'tx-1', decision: 'COMMIT' } },
    ]);
    expect(result.record.phase).toBe('COMMITTED');
    expect(result.record.decidedAt).toBe(afterAck.decidedAt);
    // The back-off starts over after a restart.
    expect(result.record.resends).toBe(1);
    expect(result.record.resendAt).toBe(RESTART + 2 * decisionResendMs);
  });

  it('unacknowledged abort is resent, not decided again', () => {
    const aborted = deepFreeze(
      vote(preparing(['G3', 'JJ', 'LA']), 'JJ', makeNoVote('SOLD_OUT')).record,
    );

    const result = recover(aborted);

    expect(effectTypes(result.effects)).toEqual(['sendDecision', 'sendDecision', 'wakeAt']);
    expect(decisionTargets(result)).toEqual(['G3', 'LA']);
    expect(result.record.phase).toBe('ABORTED');
    expect(result.record.abortReason).toBe('SOLD_OUT');
  });

  it.each([
    ['commit', () => ack(ack(committed(), 'G3').record, 'JJ').record],
    ['abort', () => vote(preparing(['G3']), 'G3', makeNoVote('SOLD_OUT')).record],
  ])('completed %s does nothing', (_decision, build) => {
    const done = build();

    const result = recover(done);

    expect(result.effects).toEqual([]);
    expect(result.record).toBe(done);
  });
});

describe('answerDecisionQuery', () => {
  it('presumed abort: no record answers UNKNOWN', () => {
    expect(answerDecisionQuery(null)).toBe('UNKNOWN');
  });

  it.each([
    ['PREPARING', 'PENDING', () => preparing()],
    ['COMMITTED', 'COMMIT', () => committed()],
    ['ABORTED', 'ABORT', () => vote(preparing(), 'G3', makeNoVote('BUSY')).record],
  ])('%s answers %s', (_phase, expected, build) => {
    expect(answerDecisionQuery(build())).toBe(expected);
  });
});
