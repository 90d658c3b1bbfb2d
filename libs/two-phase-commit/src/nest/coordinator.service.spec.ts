import type { CoordinatorRepository } from '@interline/persistence';
import type { VectorClockService } from '@interline/vector-clock';

import { TWO_PHASE_COMMIT_LIMITS_DEFAULT } from '../core/limits';
import type { CoordinatorTransaction, TransactionPayload, Vote } from '../core/types';
import { CoordinatorService } from './coordinator.service';
import type { ParticipantService } from './participant.service';
import type { TwoPhaseCommitTransport } from './two-phase-commit.tokens';

// When the durable write of a decision fails, the coordinator keeps its last stored state and
// tries again later; otherwise no timer would be left and yes-voted holds would never resolve.

const LIMITS = {
  ...TWO_PHASE_COMMIT_LIMITS_DEFAULT,
  prepareTimeoutMs: 50,
  decisionResendMs: 10,
  decisionResendMaxMs: 20,
};

const PAYLOAD: TransactionPayload = {
  kind: 'purchase',
  locator: 'QX7P2M',
  passengers: ['Ana Souza'],
  legs: [
    { flightId: 'JG1001-20301205', airline: 'JG', seats: 1 },
    { flightId: 'RC2001-20301205', airline: 'RC', seats: 1 },
  ],
};

class FlakyRepository implements CoordinatorRepository {
  readonly saved = new Map<string, CoordinatorTransaction>();
  decisionFailuresLeft = 1;

  async save(record: CoordinatorTransaction): Promise<void> {
    if (record.phase !== 'PREPARING' && this.decisionFailuresLeft > 0) {
      this.decisionFailuresLeft -= 1;
      throw new Error('disk I/O error');
    }
    this.saved.set(record.txId, structuredClone(record));
  }

  async findById(txId: string): Promise<CoordinatorTransaction | null> {
    return this.saved.get(txId) ?? null;
  }

  async findUnfinished(): Promise<CoordinatorTransaction[]> {
    return [...this.saved.values()].filter((record) => record.completedAt === null);
  }

  async maxClock(): Promise<Record<string, number>> {
    return {};
  }
}

const clock = {
  current: () => ({ entries: () => ({ IP: 1 }), toHeader: () => 'IP=1' }),
} as unknown as VectorClockService;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('CoordinatorService decision write failing on the deadline', () => {
  it('decides the transaction after one failed write', async () => {
    const yes: Vote = { vote: 'YES', tickets: [] };
    const transport: TwoPhaseCommitTransport = {
      // JG votes yes and keeps its seat held. RC never replies.
      prepare: (participant) =>
        participant === 'JG' ? Promise.resolve(yes) : new Promise(() => {}),
      decide: () => Promise.resolve(),
      queryDecision: () => Promise.reject(new Error('not used')),
      queryPeer: () => Promise.reject(new Error('not used')),
    };
    const repository = new FlakyRepository();
    const participant = {
      attachLocalCoordinator: () => undefined,
    } as unknown as ParticipantService;
    const coordinator = new CoordinatorService(
      { self: 'IP', limits: LIMITS },
      transport,
      repository,
      participant,
      clock,
    );

    const outcome = coordinator.begin('IP.QX7P2M.p1', PAYLOAD, { time: 3, airline: 'IP' });
    await expect(outcome).rejects.toThrow('disk I/O error');

    // Far past the deadline and several resend periods, the participant that voted yes sends a decision query.
    await sleep(500);
    expect(await coordinator.answerQuery('IP.QX7P2M.p1')).toBe('ABORT');
    coordinator.beforeApplicationShutdown();
  });
});

// Decision queries are answered from the last stored record, never from a decision whose write
// has not completed: a participant must not learn COMMIT for a transaction that is then aborted.
describe('CoordinatorService decision query during the decision write', () => {
  it('never answers COMMIT for a transaction it aborts', async () => {
    let failDecision: (error: Error) => void = () => undefined;
    const repository = new FlakyRepository();
    repository.decisionFailuresLeft = 0;
    const save = repository.save.bind(repository);
    repository.save = (record: CoordinatorTransaction) =>
      record.phase === 'COMMITTED'
        ? new Promise<void>((_resolve, reject) => {
            failDecision = reject;
          })
        : save(record);

    const yes: Vote = { vote: 'YES', tickets: [] };
    const transport: TwoPhaseCommitTransport = {
      prepare: () => Promise.resolve(yes),
      decide: () => Promise.resolve(),
      queryDecision: () => Promise.reject(new Error('not used')),
      queryPeer: () => Promise.reject(new Error('not used')),
    };
    const participant = {
      attachLocalCoordinator: () => undefined,
    } as unknown as ParticipantService;
    const coordinator = new CoordinatorService(
      { self: 'IP', limits: LIMITS },
      transport,
      repository,
      participant,
      clock,
    );

    const outcome = coordinator.begin('IP.QX7P2M.p1', PAYLOAD, { time: 3, airline: 'IP' });
    await sleep(5);
    // A participant that restarted after voting yes sends its decision query at once.
    const answered = await coordinator.answerQuery('IP.QX7P2M.p1');

    failDecision(new Error('disk I/O error'));
    await expect(outcome).rejects.toThrow('disk I/O error');
    await sleep(200);
    const final = await coordinator.answerQuery('IP.QX7P2M.p1');
    coordinator.beforeApplicationShutdown();

    expect(final).toBe('ABORT');
    expect(answered).not.toBe('COMMIT');
  });
});
