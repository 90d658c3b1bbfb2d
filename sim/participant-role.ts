import {
  type DecisionAnswer,
  type MsgDecision,
  type MsgPrepare,
  type ParticipantCoupon,
  type ParticipantEffect,
  type ParticipantFlight,
  type ParticipantInput,
  type ParticipantTransaction,
  type PeerStateAnswer,
  type PrepareContext,
  type SeatHolder,
  type Vote,
  comparePriority,
  ownLegs,
  stepParticipant,
  voteOf,
} from '@interline/two-phase-commit/core';

import { formatTicketNumber } from '../apps/airline/src/booking/ticket-number';
import type { NodeServices } from './node-services';
import type { RowWrite } from './simulated-disk';

/** One flight of a simulated airline, as its inventory row stores it. */
export interface FlightRow {
  flightId: string;
  airline: string;
  departureAt: number;
  capacity: number;
  sold: number;
  held: number;
  available: number;
}

/** One coupon (ticket) of a simulated airline. */
export interface CouponRow {
  ticketNumber: string;
  flightId: string;
  locator: string;
  passenger: string;
  txId: string;
  status: 'OPEN' | 'VOID';
  voidTxId: string | null;
}

/** A stored participant record with the clock it was written under. */
export interface StoredParticipantRecord {
  record: ParticipantTransaction;
  clock: Record<string, number>;
}

/** The coordinator on the participant's own node, asked without the network. */
export interface DecisionSource {
  answerLocally(txId: string): DecisionAnswer | null;
}

interface WaitingPrepare {
  message: MsgPrepare;
  since: number;
  timer: number;
  reply: (vote: Vote) => void;
}

interface IssuedStep {
  record: ParticipantTransaction | null;
  effects: ParticipantEffect[];
}

/** Three-digit ticket prefix of every simulated airline. */
const TICKET_PREFIX = '999';

/**
 * The participant of one simulated node, which drives the real participant core the way the
 * node's participant service does. A step reads and writes in one section, and its network
 * effects wait until the write is durable. Prepares wait for seats under the age rule. Prepared
 * transactions query the coordinator, then the other participants, for their decision.
 */
export class ParticipantRole {
  /** Transactions in doubt (phase PREPARED), by id. */
  private readonly prepared = new Map<string, ParticipantTransaction>();
  private readonly holders = new Map<string, Map<string, SeatHolder>>();
  private readonly waiting = new Map<string, WaitingPrepare>();
  private readonly timers = new Map<string, number>();
  private timerCount = 0;

  constructor(
    private readonly node: NodeServices,
    private readonly coordinator: DecisionSource,
    /** Called with the seats available on flights after each write that changed them. */
    private readonly seatsChanged: (flights: FlightRow[]) => void,
    /** Called when a prepare waits, and when a purchase is refused as busy, for the age-rule checks. */
    private readonly ageRuleObserver: (event: AgeRuleEvent) => void,
  ) {}

  /** Recovery at start: every transaction prepared before the crash asks for its decision now. */
  recover(): void {
    const now = this.node.now();
    for (const { record } of this.node.disk.readAll<StoredParticipantRecord>('participant')) {
      if (record.phase === 'PREPARED') {
        this.track({ ...record, queryAt: now });
        this.schedule(record.txId, now);
      }
    }
  }

  /** Returns the number of prepares waiting for seats. */
  get waitingCount(): number {
    return this.waiting.size;
  }

  /** Handles a prepare; `reply` gets the vote once everything it depends on is durable. */
  prepare(message: MsgPrepare, reply: (vote: Vote) => void): void {
    this.judge(message, null, reply);
  }

  /** Applies a decision; `acknowledged` runs once it is durable. */
  decide(message: MsgDecision, acknowledged: () => void): void {
    if (this.node.planted('participant-ignores-abort') && message.decision === 'ABORT') {
      acknowledged();
      return;
    }
    this.runStep(message.txId, { type: 'decision', message, now: this.node.now() }, () => {
      acknowledged();
      this.resume(message.txId);
    });
  }

  /** Cooperative termination: answers another participant with the state recorded here. */
  answerPeer(txId: string, coordinator: string, respond: (answer: PeerStateAnswer) => void): void {
    this.runStep(txId, { type: 'peerQuery', txId, coordinator, now: this.node.now() }, (step) => {
      const answer = step.effects.find((effect) => effect.type === 'answerPeer');
      if (answer?.type === 'answerPeer') {
        respond(answer.answer);
      }
    });
  }

  private judge(message: MsgPrepare, since: number | null, reply: (vote: Vote) => void): void {
    const record = this.prepared.get(message.txId) ?? this.load(message.txId);
    const context = record === null ? this.prepareContext(message, since) : emptyContext;
    const input: ParticipantInput = { type: 'prepare', message, context, now: this.node.now() };
    const step = this.issue(message.txId, record, input, (issued) => {
      const stored = issued.record as ParticipantTransaction;
      const vote = voteOf(stored);
      if (record === null) {
        this.observeVote(message, context, since, vote, input.now);
      }
      this.node.note(
        'vote',
        message.txId,
        `${vote.vote}${vote.vote === 'NO' ? ` ${vote.reason}` : ''}`,
      );
      reply(vote);
    });
    const wait = step?.effects.find((effect) => effect.type === 'wait');
    if (wait?.type === 'wait') {
      this.ageRuleObserver({ kind: 'wait', node: this.node.code, message, context });
      this.park(message, since ?? this.node.now(), wait.until, reply);
    }
  }

  /**
   * Steps one transaction and issues its write; `then` runs once the write is durable, or at
   * once when the step writes nothing. Returns null when the core rejected the input.
   */
  private issue(
    txId: string,
    record: ParticipantTransaction | null,
    input: ParticipantInput,
    then: (step: IssuedStep) => void,
  ): IssuedStep | null {
    let step;
    try {
      step = stepParticipant(this.node.code, record, input, this.node.limits);
    } catch (error) {
      this.node.violation(
        `${this.node.code} participant ${txId} ${input.type}: ${describe(error)}`,
      );
      return null;
    }
    if (step.effects.some((effect) => effect.type === 'wait')) {
      return step;
    }
    const persist = step.effects.find((effect) => effect.type === 'persist');
    const issued: IssuedStep = { record: step.record, effects: step.effects };
    if (persist?.type === 'persist') {
      const built = this.buildWrite(persist, persist.record);
      if (built === null) {
        return null;
      }
      issued.record = built.record;
      this.node.disk.write(built.rows, persist.durability, () => {
        this.afterWrite(persist, built.flights);
        then(issued);
      });
    }
    if (issued.record !== null) {
      this.track(issued.record);
      if (record?.phase === 'PREPARED' && issued.record.phase !== 'PREPARED') {
        this.release(record);
      }
    }
    for (const effect of step.effects) {
      if (effect.type === 'wakeAt') {
        this.schedule(txId, effect.at);
      }
    }
    if (!persist) {
      then(issued);
    }
    return issued;
  }

  /**
   * Builds the rows of one persist effect, written in one transaction: the record, the seat
   * counts, tickets and coupons. Returns them with the record as stored (with ticket numbers),
   * or null when the seat counts would go below zero.
   */
  private buildWrite(
    effect: Extract<ParticipantEffect, { type: 'persist' }>,
    record: ParticipantTransaction,
  ): { record: ParticipantTransaction; rows: RowWrite[]; flights: FlightRow[] } | null {
    const rows: RowWrite[] = [];
    let stored: ParticipantTransaction = record;
    const change = effect.change;

    if (change.issueTickets && change.issueTickets.length > 0 && record.vote?.vote === 'YES') {
      let serial = this.node.disk.read<number>('counters', 'ticketSerial') ?? 0;
      const tickets = change.issueTickets.map((request) => {
        serial += 1;
        return { ...request, ticketNumber: formatTicketNumber(TICKET_PREFIX, serial) };
      });
      rows.push({ table: 'counters', key: 'ticketSerial', value: serial });
      stored = { ...record, vote: { vote: 'YES', tickets } };
    }

    const changed: FlightRow[] = [];
    for (const delta of change.inventory) {
      const flight = this.node.disk.read<FlightRow>('flights', delta.flightId);
      if (flight === null) {
        this.node.violation(`${this.node.code} wrote seats of unknown flight ${delta.flightId}`);
        return null;
      }
      const next: FlightRow = {
        ...flight,
        sold: flight.sold + delta.soldDelta,
        held: flight.held + delta.heldDelta,
        available: flight.available - delta.soldDelta - delta.heldDelta,
      };
      if (next.sold < 0 || next.held < 0 || next.available < 0) {
        this.node.violation(
          `${this.node.code} ${flight.flightId}: write of ${record.txId} would leave sold ${next.sold}, held ${next.held}, available ${next.available}`,
        );
        return null;
      }
      rows.push({ table: 'flights', key: next.flightId, value: next });
      changed.push(next);
    }

    const tickets = stored.vote?.vote === 'YES' ? stored.vote.tickets : [];
    if (change.openCoupons && stored.payload) {
      for (const ticket of tickets) {
        const coupon: CouponRow = {
          ticketNumber: ticket.ticketNumber,
          flightId: ticket.flightId,
          locator: stored.payload.locator,
          passenger: ticket.passenger,
          txId: stored.txId,
          status: 'OPEN',
          voidTxId: null,
        };
        rows.push({ table: 'coupons', key: coupon.ticketNumber, value: coupon });
      }
    }
    if (change.voidCoupons) {
      for (const ticket of tickets) {
        const coupon = this.node.disk.read<CouponRow>('coupons', ticket.ticketNumber);
        if (coupon !== null) {
          rows.push({
            table: 'coupons',
            key: coupon.ticketNumber,
            value: { ...coupon, status: 'VOID', voidTxId: stored.txId },
          });
        }
      }
    }
    const row: StoredParticipantRecord = {
      record: stored,
      clock: { ...this.node.clock.current().entries() },
    };
    rows.push({ table: 'participant', key: stored.txId, value: row });
    return { record: stored, rows, flights: changed };
  }

  /** Publishes the new seat counts and wakes waiting prepares, once the write is durable. */
  private afterWrite(
    effect: Extract<ParticipantEffect, { type: 'persist' }>,
    flights: FlightRow[],
  ): void {
    if (flights.length === 0) {
      return;
    }
    this.seatsChanged(flights);
    const freed = effect.change.inventory.filter(
      (delta) => delta.heldDelta < 0 || delta.soldDelta < 0,
    );
    if (freed.length > 0) {
      this.wakeWaiters(
        freed.map((delta) => ({
          flightId: delta.flightId,
          seats: -Math.min(0, delta.heldDelta) - Math.min(0, delta.soldDelta),
        })),
      );
    }
  }

  private runStep(txId: string, input: ParticipantInput, then: (step: IssuedStep) => void): void {
    const record = this.prepared.get(txId) ?? this.load(txId);
    if (this.ignoresAbort(input)) {
      return;
    }
    this.issue(txId, record, input, (step) => {
      this.follow(step);
      then(step);
    });
  }

  /** Returns whether the planted bug drops this input: an abort learnt by asking. */
  private ignoresAbort(input: ParticipantInput): boolean {
    if (!this.node.planted('participant-ignores-abort')) {
      return false;
    }
    return (
      (input.type === 'decisionAnswer' &&
        (input.answer === 'ABORT' || input.answer === 'UNKNOWN')) ||
      (input.type === 'peerAnswers' && input.answers.includes('ABORTED'))
    );
  }

  /** Performs the effects that reach other nodes, after the step's write is durable. */
  private follow(step: IssuedStep): void {
    const record = step.record;
    if (record === null) {
      return;
    }
    for (const effect of step.effects) {
      if (effect.type === 'askCoordinator') {
        this.askCoordinator(record);
      } else if (effect.type === 'askPeers') {
        this.askPeers(record, effect.peers);
      }
    }
  }

  private askCoordinator(record: ParticipantTransaction): void {
    const learn = (answer: DecisionAnswer): void =>
      this.runStep(
        record.txId,
        { type: 'decisionAnswer', answer, now: this.node.now() },
        () => undefined,
      );
    if (record.coordinator === this.node.code) {
      const answer = this.coordinator.answerLocally(record.txId);
      if (answer !== null) {
        learn(answer);
      }
      return;
    }
    this.node.send(
      record.coordinator,
      'query-decision',
      record.txId,
      { txId: record.txId },
      this.node.limits.prepareTimeoutMs,
      (body) => learn(body as DecisionAnswer),
      () =>
        this.runStep(
          record.txId,
          { type: 'coordinatorUnreachable', now: this.node.now() },
          () => undefined,
        ),
    );
  }

  private askPeers(record: ParticipantTransaction, peers: readonly string[]): void {
    const answers: PeerStateAnswer[] = [];
    let pending = peers.length;
    const settle = (): void => {
      pending -= 1;
      if (pending === 0) {
        this.runStep(
          record.txId,
          { type: 'peerAnswers', answers, now: this.node.now() },
          () => undefined,
        );
      }
    };
    for (const peer of peers) {
      this.node.send(
        peer,
        'query-peer',
        record.txId,
        { txId: record.txId, coordinator: record.coordinator },
        this.node.limits.prepareTimeoutMs,
        (body) => {
          answers.push(body as PeerStateAnswer);
          settle();
        },
        settle,
      );
    }
  }

  private prepareContext(message: MsgPrepare, since: number | null): PrepareContext {
    const flights: Record<string, ParticipantFlight | null> = {};
    for (const leg of ownLegs(this.node.code, message.payload.legs)) {
      const row = this.node.disk.read<FlightRow>('flights', leg.flightId);
      flights[leg.flightId] = row
        ? { ...row, holders: [...(this.holders.get(row.flightId)?.values() ?? [])] }
        : null;
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
    const coupons: ParticipantCoupon[] = this.node.disk
      .readAll<CouponRow>('coupons')
      .filter((coupon) => coupon.locator === message.payload.locator)
      .map((coupon) => ({
        ticketNumber: coupon.ticketNumber,
        flightId: coupon.flightId,
        passenger: coupon.passenger,
        status: coupon.status,
        pendingVoid: voiding.has(coupon.ticketNumber),
      }));
    return { flights, coupons, waitingSince: since };
  }

  private park(
    message: MsgPrepare,
    since: number,
    until: number,
    reply: (vote: Vote) => void,
  ): void {
    const waiting = this.waiting.get(message.txId);
    if (waiting) {
      // A duplicate of a prepare that already waits: both requests get the vote it ends with.
      const first = waiting.reply;
      waiting.reply = (vote) => {
        first(vote);
        reply(vote);
      };
      return;
    }
    this.timerCount += 1;
    const timer = this.timerCount;
    this.waiting.set(message.txId, { message, since, timer, reply });
    this.node.note('wait', message.txId, `until ${until}`);
    this.node.at(until, () => {
      if (this.waiting.get(message.txId)?.timer === timer) {
        this.resume(message.txId);
      }
    });
  }

  /** Judges again the oldest prepares waiting on flights whose seats left a hold or a sale. */
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
    this.waiting.delete(txId);
    this.judge(waiter.message, waiter.since, waiter.reply);
  }

  private load(txId: string): ParticipantTransaction | null {
    return this.node.disk.read<StoredParticipantRecord>('participant', txId)?.record ?? null;
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
    for (const leg of ownLegs(this.node.code, record.payload.legs)) {
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
    this.timers.delete(record.txId);
  }

  private schedule(txId: string, at: number): void {
    this.timerCount += 1;
    const timer = this.timerCount;
    this.timers.set(txId, timer);
    this.node.at(at, () => {
      if (this.timers.get(txId) === timer) {
        this.timers.delete(txId);
        this.runStep(txId, { type: 'tick', now: this.node.now() }, () => undefined);
      }
    });
  }

  private observeVote(
    message: MsgPrepare,
    context: PrepareContext,
    since: number | null,
    vote: Vote,
    judgedAt: number,
  ): void {
    if (vote.vote !== 'NO' || message.payload.kind !== 'purchase') {
      return;
    }
    if (vote.reason === 'BUSY') {
      const limits = this.node.limits;
      const waitEnd = Math.min(
        (since ?? judgedAt) + limits.waitMaxMs,
        message.deadlineAt - limits.waitMarginMs,
      );
      this.ageRuleObserver({
        kind: 'busy',
        node: this.node.code,
        message,
        context,
        waited: since !== null,
        couldWait: judgedAt < waitEnd,
      });
    } else if (vote.reason === 'SOLD_OUT') {
      this.ageRuleObserver({
        kind: 'soldOut',
        node: this.node.code,
        message,
        flightIds: vote.flightIds,
        // When the seats were judged: the vote leaves later, once its write is committed.
        at: judgedAt,
      });
    }
  }
}

/**
 * What the seat checks see: a prepare that waits, a purchase refused as busy, or one refused as
 * sold out.
 */
export type AgeRuleEvent =
  | { kind: 'wait'; node: string; message: MsgPrepare; context: PrepareContext }
  | {
      kind: 'busy';
      node: string;
      message: MsgPrepare;
      context: PrepareContext;
      waited: boolean;
      /** False when the prepare came too close to its deadline to wait at all. */
      couldWait: boolean;
    }
  | { kind: 'soldOut'; node: string; message: MsgPrepare; flightIds: string[]; at: number };

const emptyContext: PrepareContext = { flights: {}, coupons: [], waitingSince: null };

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
