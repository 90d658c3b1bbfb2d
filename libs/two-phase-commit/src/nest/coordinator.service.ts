import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';

import { COORDINATOR_REPOSITORY, type CoordinatorRepository } from '@interline/persistence';
import { VectorClockService } from '@interline/vector-clock';

import {
  type CoordinatorEffect,
  type CoordinatorInput,
  answerDecisionQuery,
  stepCoordinator,
} from '../core/coordinator';
import type {
  AbortReason,
  CoordinatorTransaction,
  Decision,
  DecisionAnswer,
  MsgDecision,
  MsgPrepare,
  PriorityStamp,
  TransactionPayload,
  Vote,
} from '../core/types';
import { KeyedQueue } from './keyed-queue';
import { PrioritySlots } from './priority-slots';
import { ParticipantService } from './participant.service';
import {
  DeliveryError,
  TWO_PHASE_COMMIT_OPTIONS,
  TWO_PHASE_COMMIT_TRANSPORT,
  type TwoPhaseCommitOptions,
  type TwoPhaseCommitTransport,
} from './two-phase-commit.tokens';

/** Outcome of one transaction, reported once its decision is durable. */
export interface TransactionOutcome {
  txId: string;
  decision: Decision;
  reason: AbortReason | null;
  /** Participants whose refusal, silence or failure caused an abort. */
  blamed: string[];
  votes: Record<string, Vote>;
}

/** Listener called with every durable decision, before the waiting caller gets the outcome. */
export type DecisionListener = (
  record: CoordinatorTransaction,
  outcome: TransactionOutcome,
) => Promise<void>;

interface ActiveTransaction {
  record: CoordinatorTransaction;
  /** The record as last stored; decision queries are answered from it. */
  stored?: CoordinatorTransaction;
  timer: NodeJS.Timeout | null;
  waiters: Array<{
    resolve: (outcome: TransactionOutcome) => void;
    reject: (error: unknown) => void;
  }>;
}

/** Transactions this coordinator runs at once on one flight unless the options say otherwise. */
export const TRANSACTIONS_PER_FLIGHT_MAX_DEFAULT = 8;
/** Transactions this coordinator runs at once in all. */
const TRANSACTIONS_IN_FLIGHT_MAX = 256;
/** Transactions waiting to start; beyond this a purchase fails at once instead of queueing. */
const TRANSACTIONS_WAITING_MAX = 10_000;

/** Steps of one transaction queued at most this deep: a few per participant is normal. */
const STEPS_PER_TRANSACTION_MAX = 1_000;

/**
 * The coordinator side of two-phase commit with presumed abort. Sends prepares to every
 * participant in parallel, makes the decision durable before anyone learns it, resends it until
 * every participant acknowledges (across restarts), and serves decision queries.
 */
@Injectable()
export class CoordinatorService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly counters = {
    begun: 0,
    committed: 0,
    aborted: {} as Record<string, number>,
    decisionsResent: 0,
    recovered: 0,
  };

  private readonly logger = new Logger('Coordinator');
  private readonly queue = new KeyedQueue(STEPS_PER_TRANSACTION_MAX);
  private readonly active = new Map<string, ActiveTransaction>();
  private readonly listeners: DecisionListener[] = [];
  private readonly slots: PrioritySlots;
  /** Decision messages sent and not yet answered, as `txId participant`; never sent twice at once. */
  private readonly decisionsInFlight = new Set<string>();
  private stopping = false;

  constructor(
    @Inject(TWO_PHASE_COMMIT_OPTIONS) private readonly options: TwoPhaseCommitOptions,
    @Inject(TWO_PHASE_COMMIT_TRANSPORT) private readonly transport: TwoPhaseCommitTransport,
    @Inject(COORDINATOR_REPOSITORY) private readonly repository: CoordinatorRepository,
    private readonly participant: ParticipantService,
    private readonly clock: VectorClockService,
  ) {
    participant.attachLocalCoordinator(this);
    this.slots = new PrioritySlots(
      options.transactionsPerFlightMax ?? TRANSACTIONS_PER_FLIGHT_MAX_DEFAULT,
      TRANSACTIONS_IN_FLIGHT_MAX,
      TRANSACTIONS_WAITING_MAX,
    );
  }

  /** Registers a listener for durable decisions (the booking records follow them). */
  onDecision(listener: DecisionListener): void {
    this.listeners.push(listener);
  }

  /**
   * Recovery: aborts every transaction that was never decided before the restart and resends
   * every decision not acknowledged by all participants. Runs in the background.
   */
  async onApplicationBootstrap(): Promise<void> {
    const unfinished = await this.repository.findUnfinished();
    for (const record of unfinished) {
      this.active.set(record.txId, { record, stored: record, timer: null, waiters: [] });
      this.counters.recovered += 1;
      void this.input(record.txId, { type: 'recover', now: Date.now() });
    }
    if (unfinished.length > 0) {
      this.logger.log({ msg: 'Recovering unfinished transactions', count: unfinished.length });
    }
  }

  beforeApplicationShutdown(): void {
    this.stopping = true;
    for (const entry of this.active.values()) {
      if (entry.timer) {
        clearTimeout(entry.timer);
      }
    }
  }

  /**
   * Runs one transaction; resolves with its outcome once the decision is durable. It starts when
   * each of its flights has a free slot, oldest priority stamp first.
   */
  async begin(
    txId: string,
    payload: TransactionPayload,
    stamp: PriorityStamp,
  ): Promise<TransactionOutcome> {
    if (this.active.has(txId)) {
      throw new Error(`transaction ${txId} is already running`);
    }
    const release = await this.slots.acquire(
      stamp,
      payload.legs.map((leg) => leg.flightId),
    );
    this.counters.begun += 1;
    const outcome = new Promise<TransactionOutcome>((resolve, reject) => {
      this.active.set(txId, { record: null as never, timer: null, waiters: [{ resolve, reject }] });
    });
    outcome.then(release, release);
    void this.input(txId, {
      type: 'begin',
      txId,
      coordinator: this.options.self,
      payload,
      stamp,
      now: Date.now(),
    });
    return outcome;
  }

  /** Returns the response to a participant's decision query (the `GET` on a transaction). */
  async answerQuery(txId: string): Promise<DecisionAnswer> {
    const entry = this.active.get(txId);
    if (entry?.stored) {
      return answerDecisionQuery(entry.stored);
    }
    if (entry) {
      return 'PENDING';
    }
    return answerDecisionQuery(await this.repository.findById(txId));
  }

  /** Returns the record of a transaction, in memory or stored; null when unknown. */
  async find(txId: string): Promise<CoordinatorTransaction | null> {
    return this.active.get(txId)?.record ?? (await this.repository.findById(txId));
  }

  private input(txId: string, input: CoordinatorInput): Promise<void> {
    return this.queue
      .run(txId, async () => {
        const entry = this.active.get(txId);
        if (!entry) {
          return; // Completed and forgotten: a late vote or acknowledgement changes nothing.
        }
        const previous = entry.record ?? null;
        const step = stepCoordinator(previous, input, this.options.limits);
        entry.record = step.record;
        try {
          await this.perform(entry, step.effects, input.type === 'recover');
        } catch (error) {
          // The write failed, so nothing after it was sent: fall back to the last state.
          entry.record = previous as CoordinatorTransaction;
          if (previous !== null) {
            // Retry: a tick re-runs the deadline or resend logic from the last durable state.
            this.schedule(entry, Date.now() + this.options.limits.decisionResendMs);
          }
          throw error;
        }
      })
      .catch((error: unknown) => this.fail(txId, error));
  }

  private async perform(
    entry: ActiveTransaction,
    effects: readonly CoordinatorEffect[],
    recovering: boolean,
  ): Promise<void> {
    const txId = entry.record.txId;
    const crashPoints = this.options.crashPoints;
    const deciding = effects.some((effect) => effect.type === 'decided');
    // Crash tests stop the process once one participant has the decision and the others do not,
    // so the first decision is sent alone and acknowledged before the rest leave.
    let sendOneFirst =
      deciding && crashPoints?.armed('coordinator.after-first-decision-acknowledged') === true;
    let decisionsSent = 0;
    for (const effect of effects) {
      switch (effect.type) {
        case 'persist':
          if (deciding) {
            crashPoints?.reach('coordinator.before-decision');
          }
          await this.repository.save(
            effect.record,
            { ...this.clock.current().entries() },
            effect.durability,
          );
          entry.stored = effect.record;
          break;
        case 'sendPrepare':
          this.sendPrepare(effect.participant, effect.message);
          break;
        case 'sendDecision': {
          if (recovering && decisionsSent === 0) {
            crashPoints?.reach('coordinator.during-recovery');
          }
          decisionsSent += 1;
          const acknowledged = this.sendDecision(effect.participant, effect.message);
          if (sendOneFirst) {
            sendOneFirst = false;
            if (await acknowledged) {
              crashPoints?.reach('coordinator.after-first-decision-acknowledged');
            }
          }
          break;
        }
        case 'decided':
          crashPoints?.reach('coordinator.after-decision');
          await this.announce(entry, effect.decision, effect.reason, effect.blamed);
          break;
        case 'wakeAt':
          this.schedule(entry, effect.at);
          break;
        case 'completed':
          if (entry.timer) {
            clearTimeout(entry.timer);
          }
          this.active.delete(txId);
          break;
      }
    }
  }

  private async announce(
    entry: ActiveTransaction,
    decision: Decision,
    reason: AbortReason | null,
    blamed: string[],
  ): Promise<void> {
    const record = entry.record;
    const outcome: TransactionOutcome = {
      txId: record.txId,
      decision,
      reason,
      blamed,
      votes: record.votes,
    };
    if (decision === 'COMMIT') {
      this.counters.committed += 1;
    } else {
      const key = reason ?? 'UNKNOWN';
      this.counters.aborted[key] = (this.counters.aborted[key] ?? 0) + 1;
    }
    this.logger.log({
      msg: 'Decided',
      txId: record.txId,
      decision,
      reason: reason ?? undefined,
      blamed: blamed.length > 0 ? blamed.join(',') : undefined,
      clock: this.clock.current().toHeader(),
    });
    for (const listener of this.listeners) {
      // The decision is already durable; a listener that fails is repaired by its own recovery.
      await listener(record, outcome).catch((error: unknown) =>
        this.logger.error({
          msg: 'Decision listener failed',
          txId: record.txId,
          error: describe(error),
        }),
      );
    }
    for (const waiter of entry.waiters.splice(0)) {
      waiter.resolve(outcome);
    }
  }

  private sendPrepare(participant: string, message: MsgPrepare): void {
    const timeoutMs = Math.max(1, message.deadlineAt - Date.now());
    const vote =
      participant === this.options.self
        ? this.participant.prepare(message)
        : this.transport.prepare(participant, message, timeoutMs);
    vote.then(
      (received) =>
        this.input(message.txId, { type: 'vote', participant, vote: received, now: Date.now() }),
      (error: unknown) => {
        const failure = error instanceof DeliveryError ? error.failure : 'REJECTED';
        this.logger.warn({
          msg: 'Prepare not delivered',
          txId: message.txId,
          peer: participant,
          failure,
          error: describe(error),
        });
        return this.input(message.txId, {
          type: 'prepareFailed',
          participant,
          reason: failure === 'TIMEOUT' ? 'TIMEOUT' : 'UNREACHABLE',
          now: Date.now(),
        });
      },
    );
  }

  /** Sends a decision; resolves with true once the participant acknowledged it, never rejects. */
  private sendDecision(participant: string, message: MsgDecision): Promise<boolean> {
    // A resend while the previous message is still on its way would only add load.
    const key = `${message.txId} ${participant}`;
    if (this.decisionsInFlight.has(key)) {
      return Promise.resolve(false);
    }
    this.decisionsInFlight.add(key);
    const delivered =
      participant === this.options.self
        ? this.participant.decide(message)
        : this.transport.decide(participant, message);
    return delivered
      .finally(() => this.decisionsInFlight.delete(key))
      .then(
        () => {
          void this.input(message.txId, { type: 'ack', participant, now: Date.now() });
          return true;
        },
        (error: unknown) => {
          this.counters.decisionsResent += 1;
          this.logger.warn({
            msg: 'Decision not acknowledged; it will be sent again',
            txId: message.txId,
            peer: participant,
            decision: message.decision,
            error: describe(error),
          });
          return false;
        },
      );
  }

  private schedule(entry: ActiveTransaction, at: number): void {
    if (this.stopping) {
      return;
    }
    if (entry.timer) {
      clearTimeout(entry.timer);
    }
    const txId = entry.record.txId;
    entry.timer = setTimeout(
      () => {
        entry.timer = null;
        void this.input(txId, { type: 'tick', now: Date.now() });
      },
      Math.max(0, at - Date.now()),
    );
    entry.timer.unref();
  }

  private fail(txId: string, error: unknown): void {
    this.logger.error({
      msg: 'Coordinator step failed',
      txId,
      error: describe(error),
      stack: error instanceof Error ? error.stack : undefined,
    });
    const entry = this.active.get(txId);
    for (const waiter of entry?.waiters.splice(0) ?? []) {
      waiter.reject(error);
    }
    if (entry && !entry.record) {
      this.active.delete(txId);
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
