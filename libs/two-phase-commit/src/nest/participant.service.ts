import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';

import {
  PARTICIPANT_REPOSITORY,
  type ParticipantRepository,
  type ParticipantWrite,
} from '@interline/persistence';
import { VectorClockService } from '@interline/vector-clock';

import type { SeatHolder } from '../core/age-rule';
import {
  type ParticipantEffect,
  type ParticipantInput,
  type PrepareContext,
  ownLegs,
  stepParticipant,
  voteOf,
} from '../core/participant';
import { comparePriority } from '../core/priority';
import type {
  DecisionAnswer,
  MsgDecision,
  MsgPrepare,
  ParticipantTransaction,
  PeerStateAnswer,
  Vote,
} from '../core/types';
import { KeyedQueue } from './keyed-queue';
import {
  PARTICIPANT_RESOURCES,
  type ParticipantResources,
  TWO_PHASE_COMMIT_OPTIONS,
  TWO_PHASE_COMMIT_TRANSPORT,
  type TwoPhaseCommitOptions,
  type TwoPhaseCommitTransport,
} from './two-phase-commit.tokens';

/** Decision queries for transactions this node coordinates, served without a network hop. */
export interface LocalCoordinator {
  answerQuery(txId: string): Promise<DecisionAnswer>;
}

/** A prepare kept open by the age rule until seats free up or its wait ends. */
interface WaitingPrepare {
  message: MsgPrepare;
  since: number;
  timer: NodeJS.Timeout;
  resolve: (vote: Vote) => void;
  reject: (error: unknown) => void;
}

/** Result of one step: the effects to perform once the step's write is durable. */
interface IssuedStep {
  record: ParticipantTransaction | null;
  effects: ParticipantEffect[];
  written: Promise<unknown> | null;
}

/** Prepared transactions waiting at most this many steps in line; far above normal load. */
const STEPS_QUEUED_MAX = 10_000;
/** A prepare whose write lost a race for the last seats is judged again at most this often. */
const PREPARE_ATTEMPTS_MAX = 5;

/**
 * The participant side of two-phase commit on one airline node: judges prepares against the
 * seat inventory with the age rule, holds seats durably before voting yes, applies decisions,
 * and, for yes votes whose decision is late, asks the coordinator and then the other
 * participants (termination protocol). A yes-voted hold is never released without a decision.
 *
 * Steps run one at a time up to the point where their write is issued; the wait for the write
 * to become durable happens outside that section, so concurrent transactions share fsyncs.
 */
@Injectable()
export class ParticipantService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly counters = {
    prepares: 0,
    votesYes: 0,
    votesNo: { SOLD_OUT: 0, BUSY: 0, INVALID: 0, ABORTED: 0 } as Record<string, number>,
    waits: 0,
    commits: 0,
    aborts: 0,
    decisionQueries: 0,
    peerQueries: 0,
  };

  private readonly logger = new Logger('Participant');
  private readonly steps = new KeyedQueue(STEPS_QUEUED_MAX);
  /** Transactions in doubt (phase PREPARED), by id. */
  private readonly prepared = new Map<string, ParticipantTransaction>();
  /** Seat holders by flight id, for the age rule. */
  private readonly holders = new Map<string, Map<string, SeatHolder>>();
  private readonly waiting = new Map<string, WaitingPrepare>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Transactions found prepared at start and still prepared, for the recovery crash point. */
  private readonly recovering = new Set<string>();
  private localCoordinator: LocalCoordinator | null = null;
  private stopping = false;

  constructor(
    @Inject(TWO_PHASE_COMMIT_OPTIONS) private readonly options: TwoPhaseCommitOptions,
    @Inject(TWO_PHASE_COMMIT_TRANSPORT) private readonly transport: TwoPhaseCommitTransport,
    @Inject(PARTICIPANT_REPOSITORY) private readonly repository: ParticipantRepository,
    @Inject(PARTICIPANT_RESOURCES) private readonly resources: ParticipantResources,
    private readonly clock: VectorClockService,
  ) {}

  /** Lets a coordinator on this node serve this participant's decision queries directly. */
  attachLocalCoordinator(coordinator: LocalCoordinator): void {
    this.localCoordinator = coordinator;
  }

  /** Recovery: queries the decision of every transaction prepared before the restart. */
  async onApplicationBootstrap(): Promise<void> {
    const inDoubt = await this.repository.findPrepared();
    const now = Date.now();
    for (const record of inDoubt) {
      this.recovering.add(record.txId);
      this.track({ ...record, queryAt: now });
      this.schedule(record.txId, now);
    }
    if (inDoubt.length > 0) {
      this.logger.log({ msg: 'Prepared transactions in doubt after start', count: inDoubt.length });
    }
  }

  beforeApplicationShutdown(): void {
    this.stopping = true;
    for (const timer of this.timers.values()) {
      clearTimeout(timer);
    }
    this.timers.clear();
    for (const [txId, waiter] of this.waiting) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error(`node stopping while prepare ${txId} waited`));
    }
    this.waiting.clear();
  }

  /** Handles a prepare; resolves with the vote once everything the vote depends on is durable. */
  prepare(message: MsgPrepare): Promise<Vote> {
    this.counters.prepares += 1;
    return new Promise<Vote>((resolve, reject) => {
      this.judge(message, null, resolve, reject, 1);
    });
  }

  /** Applies a decision; resolves when it is durable, which acknowledges it. */
  async decide(message: MsgDecision): Promise<void> {
    await this.runStep(message.txId, { type: 'decision', message, now: Date.now() });
    // A prepare still waiting for seats now finds the decision and is refused at once.
    this.resume(message.txId);
  }

  /** Cooperative termination: returns the state this participant has recorded to another one. */
  async answerPeer(txId: string, coordinator: string): Promise<PeerStateAnswer> {
    const step = await this.runStep(txId, {
      type: 'peerQuery',
      txId,
      coordinator,
      now: Date.now(),
    });
    const answer = step.effects.find((effect) => effect.type === 'answerPeer');
    if (!answer || answer.type !== 'answerPeer') {
      throw new Error(`peer query for ${txId} produced no response`);
    }
    return answer.answer;
  }

  /** Returns the transactions in doubt here (prepared, decision unknown), for status and tests. */
  inDoubt(): ParticipantTransaction[] {
    return [...this.prepared.values()];
  }

  private judge(
    message: MsgPrepare,
    since: number | null,
    resolve: (vote: Vote) => void,
    reject: (error: unknown) => void,
    attempt: number,
  ): void {
    const run = async (): Promise<void> => {
      const step = await this.steps.run('steps', async () => {
        const record =
          this.prepared.get(message.txId) ?? (await this.repository.findById(message.txId));
        const context = record === null ? await this.prepareContext(message, since) : emptyContext;
        const input: ParticipantInput = { type: 'prepare', message, context, now: Date.now() };
        return this.issue(message.txId, record, input);
      });

      const wait = step.effects.find((effect) => effect.type === 'wait');
      if (wait && wait.type === 'wait') {
        this.park(message, since ?? Date.now(), wait.until, resolve, reject);
        return;
      }
      try {
        await step.written;
      } catch (error) {
        this.forget(message.txId, step.record);
        if (isInventoryConflict(error) && attempt < PREPARE_ATTEMPTS_MAX) {
          this.judge(message, since, resolve, reject, attempt + 1);
          return;
        }
        throw error;
      }
      const stored = step.record as ParticipantTransaction;
      const vote = voteOf(stored);
      const crashPoints = this.options.crashPoints;
      if (vote.vote === 'YES' && stored.phase === 'PREPARED') {
        crashPoints?.reach('participant.after-prepare');
      }
      this.countVote(vote, since !== null);
      this.logger.debug({
        msg: 'Voted',
        txId: message.txId,
        peer: message.coordinator,
        vote: vote.vote,
        reason: vote.vote === 'NO' ? vote.reason : undefined,
      });
      resolve(vote);
      if (
        vote.vote === 'YES' &&
        stored.phase === 'PREPARED' &&
        crashPoints?.armed('participant.after-vote') === true
      ) {
        // Leave time for the vote to reach the coordinator before the process stops.
        setTimeout(() => crashPoints.reach('participant.after-vote'), 200);
      }
    };
    run().catch(reject);
  }

  /**
   * Steps one transaction and issues its write. Runs inside the single step section so that the
   * seat counts read by the next step already include this step's write.
   */
  private async issue(
    txId: string,
    record: ParticipantTransaction | null,
    input: ParticipantInput,
  ): Promise<IssuedStep> {
    const step = stepParticipant(this.options.self, record, input, this.options.limits);
    if (record?.phase === 'PREPARED' && step.record?.phase !== 'PREPARED') {
      if (this.recovering.delete(txId)) {
        this.options.crashPoints?.reach('participant.during-recovery');
      }
    }
    let written: Promise<unknown> | null = null;
    for (const effect of step.effects) {
      if (effect.type === 'persist') {
        written = this.write(effect, step.record as ParticipantTransaction);
      }
    }
    if (step.record !== null) {
      this.track(step.record);
      if (record?.phase === 'PREPARED' && step.record.phase !== 'PREPARED') {
        this.release(record);
      }
    }
    for (const effect of step.effects) {
      if (effect.type === 'wakeAt') {
        this.schedule(txId, effect.at);
      }
    }
    return { record: step.record, effects: step.effects, written };
  }

  private write(
    effect: Extract<ParticipantEffect, { type: 'persist' }>,
    record: ParticipantTransaction,
  ): Promise<unknown> {
    const { change } = effect;
    const write: ParticipantWrite = {
      record,
      clock: { ...this.clock.current().entries() },
      inventory: change.inventory,
      durability: effect.durability,
    };
    if (change.issueTickets && change.issueTickets.length > 0) {
      write.issueTickets = {
        requests: change.issueTickets,
        format: (serial) => this.resources.formatTicketNumber(serial),
      };
    }
    const tickets = record.vote?.vote === 'YES' ? record.vote.tickets : [];
    if (change.openCoupons && record.payload) {
      const now = Date.now();
      write.insertCoupons = tickets.map((ticket) => ({
        ticketNumber: ticket.ticketNumber,
        flightId: ticket.flightId,
        locator: (record.payload as NonNullable<typeof record.payload>).locator,
        passenger: ticket.passenger,
        txId: record.txId,
        status: 'OPEN' as const,
        issuedAt: now,
        voidedAt: null,
        voidTxId: null,
      }));
    }
    if (change.voidCoupons) {
      write.voidCoupons = {
        ticketNumbers: tickets.map((ticket) => ticket.ticketNumber),
        voidTxId: record.txId,
      };
    }
    return this.repository.write(write).then((result) => {
      // The stored record carries the allocated ticket numbers.
      if (result.record.phase === 'PREPARED' && this.prepared.has(result.record.txId)) {
        this.prepared.set(result.record.txId, result.record);
      }
      Object.assign(record, { vote: result.record.vote });
      if (result.flights.length > 0) {
        this.resources.inventoryChanged(result.flights);
      }
      // Waiting prepares can only gain from seats that left a hold or a sale.
      const freed = change.inventory.filter((delta) => delta.heldDelta < 0 || delta.soldDelta < 0);
      if (freed.length > 0) {
        this.wakeWaiters(
          freed.map((delta) => ({
            flightId: delta.flightId,
            seats: -Math.min(0, delta.heldDelta) - Math.min(0, delta.soldDelta),
          })),
        );
      }
      return result;
    });
  }

  private async runStep(txId: string, input: ParticipantInput): Promise<IssuedStep> {
    const step = await this.steps.run('steps', async () => {
      const record = this.prepared.get(txId) ?? (await this.repository.findById(txId));
      return this.issue(txId, record, input);
    });
    try {
      await step.written;
    } catch (error) {
      await this.restoreInDoubt(txId);
      throw error;
    }
    this.follow(txId, step);
    return step;
  }

  /**
   * After a failed write, tracks the transaction again if the database still holds it prepared,
   * and asks for its decision later: the step had already dropped it from memory.
   */
  private async restoreInDoubt(txId: string): Promise<void> {
    const stored = await this.repository.findById(txId);
    if (stored?.phase === 'PREPARED') {
      this.track(stored);
      this.schedule(txId, Date.now() + this.options.limits.decisionQueryMs);
    }
  }

  /** Performs the effects that reach other nodes, after the step's write is durable. */
  private follow(txId: string, step: IssuedStep): void {
    for (const effect of step.effects) {
      if (effect.type === 'askCoordinator' && step.record) {
        void this.askCoordinator(step.record);
      } else if (effect.type === 'askPeers' && step.record) {
        void this.askPeers(step.record, effect.peers);
      }
    }
    if (step.record && step.record.phase !== 'PREPARED' && step.record.decidedAt !== null) {
      const decision = step.record.phase === 'COMMITTED' ? 'commit' : 'abort';
      if (decision === 'commit') {
        this.counters.commits += 1;
      } else {
        this.counters.aborts += 1;
      }
      this.logger.debug({ msg: 'Decision applied', txId, decision });
    }
  }

  private async askCoordinator(record: ParticipantTransaction): Promise<void> {
    this.counters.decisionQueries += 1;
    let answer: DecisionAnswer;
    try {
      answer =
        record.coordinator === this.options.self && this.localCoordinator
          ? await this.localCoordinator.answerQuery(record.txId)
          : await this.transport.queryDecision(record.coordinator, record.txId);
    } catch (error) {
      this.logger.warn({
        msg: 'Coordinator did not answer a decision query; asking the other participants',
        txId: record.txId,
        peer: record.coordinator,
        error: describe(error),
      });
      await this.runStep(record.txId, { type: 'coordinatorUnreachable', now: Date.now() }).catch(
        (stepError: unknown) => this.stepFailed(record.txId, stepError),
      );
      return;
    }
    this.logger.log({
      msg: 'Decision learnt by query',
      txId: record.txId,
      peer: record.coordinator,
      answer,
    });
    await this.runStep(record.txId, { type: 'decisionAnswer', answer, now: Date.now() }).catch(
      (stepError: unknown) => this.stepFailed(record.txId, stepError),
    );
  }

  private async askPeers(record: ParticipantTransaction, peers: readonly string[]): Promise<void> {
    this.counters.peerQueries += 1;
    const answers: PeerStateAnswer[] = [];
    await Promise.all(
      peers.map(async (peer) => {
        try {
          answers.push(await this.transport.queryPeer(peer, record.txId, record.coordinator));
        } catch (error) {
          // A peer that cannot answer counts as no answer; the query is made again later.
          this.logger.warn({
            msg: 'Participant state query failed',
            txId: record.txId,
            peer,
            error: describe(error),
          });
        }
      }),
    );
    await this.runStep(record.txId, { type: 'peerAnswers', answers, now: Date.now() }).catch(
      (stepError: unknown) => this.stepFailed(record.txId, stepError),
    );
  }

  private async prepareContext(message: MsgPrepare, since: number | null): Promise<PrepareContext> {
    const legs = ownLegs(this.options.self, message.payload.legs);
    const flights = await this.resources.loadFlights(legs.map((leg) => leg.flightId));
    for (const flight of Object.values(flights)) {
      if (flight) {
        flight.holders = [...(this.holders.get(flight.flightId)?.values() ?? [])];
      }
    }
    if (message.payload.kind === 'purchase') {
      return { flights, coupons: [], waitingSince: since };
    }
    const voiding = new Set(
      [...this.prepared.values()]
        .filter((record) => record.payload?.kind === 'cancel' && record.txId !== message.txId)
        .flatMap((record) => (record.vote?.vote === 'YES' ? record.vote.tickets : []))
        .map((ticket) => ticket.ticketNumber),
    );
    const coupons = (await this.resources.loadCoupons(message.payload.locator)).map((coupon) => ({
      ...coupon,
      pendingVoid: voiding.has(coupon.ticketNumber),
    }));
    return { flights, coupons, waitingSince: since };
  }

  private park(
    message: MsgPrepare,
    since: number,
    until: number,
    resolve: (vote: Vote) => void,
    reject: (error: unknown) => void,
  ): void {
    if (this.stopping) {
      reject(new Error('node stopping'));
      return;
    }
    const waiting = this.waiting.get(message.txId);
    if (waiting) {
      // A duplicate of a prepare that already waits: both requests get the vote it ends with.
      // Replacing the waiting one would leave its request without a response.
      const first = { resolve: waiting.resolve, reject: waiting.reject };
      waiting.resolve = (vote) => {
        first.resolve(vote);
        resolve(vote);
      };
      waiting.reject = (error) => {
        first.reject(error);
        reject(error);
      };
      return;
    }
    this.counters.waits += 1;
    const timer = setTimeout(() => this.resume(message.txId), Math.max(0, until - Date.now()));
    this.waiting.set(message.txId, { message, since, timer, resolve, reject });
  }

  /**
   * Seats left holds or sales on these flights: judge again the oldest prepares waiting for them,
   * as many as seats came free, so a release never re-judges every waiter.
   */
  private wakeWaiters(freed: ReadonlyArray<{ flightId: string; seats: number }>): void {
    for (const { flightId, seats } of freed) {
      const ready = [...this.waiting.values()]
        .filter((waiter) => waiter.message.payload.legs.some((leg) => leg.flightId === flightId))
        .sort((a, b) => comparePriority(a.message.stamp, b.message.stamp))
        .slice(0, Math.max(1, seats));
      for (const waiter of ready) {
        this.resume(waiter.message.txId);
      }
    }
  }

  private resume(txId: string): void {
    const waiter = this.waiting.get(txId);
    if (!waiter) {
      return;
    }
    clearTimeout(waiter.timer);
    this.waiting.delete(txId);
    this.judge(waiter.message, waiter.since, waiter.resolve, waiter.reject, 1);
  }

  private track(record: ParticipantTransaction): void {
    if (record.phase !== 'PREPARED') {
      this.prepared.delete(record.txId);
      return;
    }
    this.prepared.set(record.txId, record);
    if (record.payload?.kind !== 'purchase' || record.stamp === null) {
      return;
    }
    for (const leg of ownLegs(this.options.self, record.payload.legs)) {
      const flightHolders = this.holders.get(leg.flightId) ?? new Map<string, SeatHolder>();
      flightHolders.set(record.txId, { txId: record.txId, stamp: record.stamp, seats: leg.seats });
      this.holders.set(leg.flightId, flightHolders);
    }
  }

  private release(record: ParticipantTransaction): void {
    for (const leg of record.payload?.legs ?? []) {
      const flightHolders = this.holders.get(leg.flightId);
      flightHolders?.delete(record.txId);
      if (flightHolders?.size === 0) {
        this.holders.delete(leg.flightId);
      }
    }
    const timer = this.timers.get(record.txId);
    if (timer) {
      clearTimeout(timer);
      this.timers.delete(record.txId);
    }
  }

  /** Undoes the in-memory effect of a step whose write failed. */
  private forget(txId: string, record: ParticipantTransaction | null): void {
    if (record?.phase === 'PREPARED') {
      this.prepared.delete(txId);
      this.release(record);
    }
  }

  private schedule(txId: string, at: number): void {
    if (this.stopping) {
      return;
    }
    const previous = this.timers.get(txId);
    if (previous) {
      clearTimeout(previous);
    }
    const timer = setTimeout(
      () => {
        this.timers.delete(txId);
        this.runStep(txId, { type: 'tick', now: Date.now() }).catch((error: unknown) =>
          this.stepFailed(txId, error),
        );
      },
      Math.max(0, at - Date.now()),
    );
    timer.unref();
    this.timers.set(txId, timer);
  }

  private countVote(vote: Vote, waited: boolean): void {
    if (vote.vote === 'YES') {
      this.counters.votesYes += 1;
    } else {
      this.counters.votesNo[vote.reason] = (this.counters.votesNo[vote.reason] ?? 0) + 1;
    }
    if (waited) {
      this.logger.debug({ msg: 'Prepare judged after waiting', vote: vote.vote });
    }
  }

  private stepFailed(txId: string, error: unknown): void {
    this.logger.error({ msg: 'Participant step failed', txId, error: describe(error) });
  }
}

const emptyContext: PrepareContext = { flights: {}, coupons: [], waitingSince: null };

function isInventoryConflict(error: unknown): boolean {
  return error instanceof Error && error.name === 'InventoryConstraintError';
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
