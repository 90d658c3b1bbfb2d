import {
  type CoordinatorEffect,
  type CoordinatorInput,
  answerDecisionQuery,
  stepCoordinator,
} from '../core/coordinator';
import {
  type ParticipantEffect,
  type ParticipantInput,
  type ParticipantStep,
  stepParticipant,
  voteOf,
} from '../core/participant';
import type { MsgPrepare, PeerStateAnswer } from '../core/types';
import { SeededRandom } from '../../../../sim/seeded-random';
import { checkSimulation, seatProblems } from './simulation-checks';
import { EventQueue, type SimulationEvent } from './simulation-events';
import {
  SIMULATION_COORDINATOR,
  type SimulatedTransaction,
  type SimulationOptions,
  makeScenario,
} from './simulation-scenario';
import {
  type SimulatedFlight,
  SimulatedCoordinator,
  SimulatedParticipant,
} from './simulated-nodes';

export {
  SIMULATION_COORDINATOR,
  type SimulatedTransaction,
  type SimulationOptions,
  simulationOptionsFor,
} from './simulation-scenario';

/** Bound on processed events; a run that needs more is reported as not settling. */
const EVENTS_MAX = 50_000;
/** Chance that a node crashes while performing the effects of one step, while crashes remain. */
const CRASH_RATE_PER_STEP = 0.03;
/** Trace lines kept: the end of the run, where a failure shows. */
const TRACE_LINES_MAX = 400;

export interface SimulationStats {
  events: number;
  lostMessages: number;
  duplicatedMessages: number;
  crashes: number;
  waits: number;
  decisionQueries: number;
  peerQueries: number;
  /** Count of no votes sent, by reason. */
  refusals: Record<string, number>;
}

export interface SimulationResult {
  options: SimulationOptions;
  transactions: SimulatedTransaction[];
  /** Every flight with its seat counts at the end. */
  flights: SimulatedFlight[];
  /** Broken invariants; empty when the run passed every check. */
  problems: string[];
  /** The last trace lines, one per step, message loss, crash or restart. */
  trace: string[];
  traceLength: number;
  stats: SimulationStats;
}

/**
 * Wires one coordinator and its participants in memory and runs purchases to the end. Messages
 * are delayed, reordered, lost and duplicated, and nodes crash mid-step, all drawn from the seed.
 * Time is simulated: no timer or I/O is real.
 */
export function runSimulation(options: SimulationOptions): SimulationResult {
  return new TwoPhaseCommitSimulation(options).run();
}

/** Formats a failed run with its seed, options, problems and the end of its trace. */
export function formatSimulationFailure(result: SimulationResult, traceLines = 80): string {
  const { seed, ...options } = result.options;
  return [
    `Simulation seed ${seed} failed (rerun with TWO_PHASE_COMMIT_SEED=${seed})`,
    `options: ${JSON.stringify({ ...options, limits: undefined })}`,
    'problems:',
    ...result.problems.map((problem) => `  ${problem}`),
    `last ${Math.min(traceLines, result.trace.length)} of ${result.traceLength} trace lines:`,
    ...result.trace.slice(-traceLines).map((line) => `  ${line}`),
  ].join('\n');
}

class TwoPhaseCommitSimulation {
  private readonly random: SeededRandom;
  private readonly queue = new EventQueue();
  private readonly coordinator = new SimulatedCoordinator();
  private readonly participants = new Map<string, SimulatedParticipant>();
  private readonly transactions: SimulatedTransaction[];
  private readonly problems: string[] = [];
  private readonly trace: string[] = [];
  private readonly stats: SimulationStats = {
    events: 0,
    lostMessages: 0,
    duplicatedMessages: 0,
    crashes: 0,
    waits: 0,
    decisionQueries: 0,
    peerQueries: 0,
    refusals: {},
  };
  private traceLength = 0;
  private parkIds = 0;
  private crashesLeft: number;

  constructor(private readonly options: SimulationOptions) {
    this.random = new SeededRandom(options.seed);
    this.crashesLeft = options.crashesMax;
    const scenario = makeScenario(options, this.random);
    for (const [airline, flights] of scenario.flights) {
      this.participants.set(airline, new SimulatedParticipant(airline, flights));
    }
    this.transactions = scenario.transactions;
    for (const transaction of this.transactions) {
      this.queue.enqueue(transaction.beginAt, { kind: 'begin', transaction });
    }
  }

  private get now(): number {
    return this.queue.now;
  }

  run(): SimulationResult {
    let event = this.queue.next();
    while (event !== null && this.problems.length === 0 && this.stats.events < EVENTS_MAX) {
      this.stats.events += 1;
      this.handle(event);
      event = this.queue.next();
    }
    const unsettled = event !== null && this.problems.length === 0;
    if (unsettled) {
      this.problems.push(`did not settle within ${EVENTS_MAX} events`);
    }
    if (this.problems.length === 0 || unsettled) {
      this.problems.push(
        ...checkSimulation(this.coordinator, [...this.participants.values()], this.transactions),
      );
    }
    return {
      options: this.options,
      transactions: this.transactions,
      flights: [...this.participants.values()].flatMap((node) => [...node.flights.values()]),
      problems: this.problems,
      trace: this.trace,
      traceLength: this.traceLength,
      stats: this.stats,
    };
  }

  private handle(event: SimulationEvent): void {
    switch (event.kind) {
      case 'begin':
        return this.begin(event.transaction);
      case 'prepare':
        return this.deliverPrepare(event.to, event.message);
      case 'prepareRefused':
        return this.stepCoordinatorRole(event.txId, {
          type: 'prepareFailed',
          participant: event.participant,
          reason: 'UNREACHABLE',
          now: this.now,
        });
      case 'vote':
        return this.stepCoordinatorRole(event.txId, {
          type: 'vote',
          participant: event.from,
          vote: event.vote,
          now: this.now,
        });
      case 'decision':
        this.stepParticipantRole(event.to, event.message.txId, {
          type: 'decision',
          message: event.message,
          now: this.now,
        });
        return;
      case 'ack':
        return this.stepCoordinatorRole(event.txId, {
          type: 'ack',
          participant: event.from,
          now: this.now,
        });
      case 'query':
        return this.answerQuery(event.txId, event.from);
      case 'answer':
        this.stepParticipantRole(
          event.to,
          event.txId,
          event.answer === null
            ? { type: 'coordinatorUnreachable', now: this.now }
            : { type: 'decisionAnswer', answer: event.answer, now: this.now },
        );
        return;
      case 'askPeers':
        return this.askPeers(event.txId, event.from, event.peers);
      case 'coordinatorTimer':
        if (this.queue.isCurrent(`coordinator/${event.txId}`, event.generation)) {
          this.stepCoordinatorRole(event.txId, { type: 'tick', now: this.now });
        }
        return;
      case 'participantTimer':
        if (this.queue.isCurrent(`${event.airline}/${event.txId}`, event.generation)) {
          this.stepParticipantRole(event.airline, event.txId, { type: 'tick', now: this.now });
        }
        return;
      case 'resumePrepare':
        return this.resumePrepare(event.airline, event.parkId);
      case 'restart':
        return this.restart(event.airline);
    }
  }

  private begin(transaction: SimulatedTransaction): void {
    if (!this.coordinator.up) {
      this.log(SIMULATION_COORDINATOR, `is down: ${transaction.txId} never begins`);
      return;
    }
    transaction.begun = true;
    this.stepCoordinatorRole(transaction.txId, {
      type: 'begin',
      txId: transaction.txId,
      coordinator: SIMULATION_COORDINATOR,
      payload: transaction.payload,
      stamp: { time: transaction.stampTime, airline: SIMULATION_COORDINATOR },
      now: this.now,
    });
  }

  /** Steps the coordinator and performs the effects in order, possibly crashing part-way. */
  private stepCoordinatorRole(txId: string, input: CoordinatorInput): void {
    const node = this.coordinator;
    if (!node.up) {
      return;
    }
    const record = node.records.get(txId) ?? null;
    if (record === null && input.type !== 'begin') {
      // The service does the same: a forgotten transaction ignores late messages.
      this.log(SIMULATION_COORDINATOR, `ignores ${input.type} of forgotten ${txId}`);
      return;
    }
    let step;
    try {
      step = stepCoordinator(record, input, this.options.limits);
    } catch (error) {
      this.problems.push(`coordinator ${txId} ${input.type}: ${errorMessage(error)}`);
      return;
    }
    node.records.set(txId, step.record);
    this.log(SIMULATION_COORDINATOR, `${input.type} ${txId} -> ${step.record.phase}`);

    const crashAfter = this.crashPoint(step.effects.length);
    for (const effect of step.effects.slice(0, crashAfter ?? step.effects.length)) {
      this.performCoordinatorEffect(txId, effect);
    }
    if (crashAfter !== null) {
      this.crash(SIMULATION_COORDINATOR);
    }
  }

  private performCoordinatorEffect(txId: string, effect: CoordinatorEffect): void {
    switch (effect.type) {
      case 'persist':
        this.coordinator.log.append(effect.record, effect.durability);
        return;
      case 'sendPrepare':
        this.send({ kind: 'prepare', to: effect.participant, message: effect.message });
        return;
      case 'sendDecision':
        this.send({ kind: 'decision', to: effect.participant, message: effect.message });
        return;
      case 'decided':
        this.transactionOf(txId).announced.push(effect.decision);
        return;
      case 'wakeAt':
        this.queue.setTimer(`coordinator/${txId}`, effect.at, (generation) => ({
          kind: 'coordinatorTimer',
          txId,
          generation,
        }));
        return;
      case 'completed':
        this.queue.clearTimers(`coordinator/${txId}`);
        return;
    }
  }

  private deliverPrepare(
    airline: string,
    message: MsgPrepare,
    waitingSince: number | null = null,
  ): void {
    const node = this.participantNode(airline);
    if (!node.up) {
      this.queue.enqueue(this.now + 1, {
        kind: 'prepareRefused',
        txId: message.txId,
        participant: airline,
      });
      return;
    }
    const context = node.contextFor(message, waitingSince);
    this.stepParticipantRole(airline, message.txId, {
      type: 'prepare',
      message,
      context,
      now: this.now,
    });
  }

  private resumePrepare(airline: string, parkId: number): void {
    const node = this.participantNode(airline);
    const parked = node.parked.get(parkId);
    if (!node.up || parked === undefined) {
      return;
    }
    node.parked.delete(parkId);
    this.deliverPrepare(airline, parked.message, parked.since);
  }

  /** Steps a participant and performs the effects in order, possibly crashing part-way. */
  private stepParticipantRole(
    airline: string,
    txId: string,
    input: ParticipantInput,
  ): ParticipantStep | null {
    const node = this.participantNode(airline);
    if (!node.up) {
      return null;
    }
    let step: ParticipantStep;
    try {
      step = stepParticipant(airline, node.records.get(txId) ?? null, input, this.options.limits);
    } catch (error) {
      this.problems.push(`${airline} ${txId} ${input.type}: ${errorMessage(error)}`);
      return null;
    }
    if (step.record !== null) {
      node.records.set(txId, step.record);
    }
    this.log(airline, `${input.type} ${txId} -> ${step.record?.phase ?? 'no record'}`);

    const crashAfter = this.crashPoint(step.effects.length);
    let freed = false;
    for (const effect of step.effects.slice(0, crashAfter ?? step.effects.length)) {
      freed = this.performParticipantEffect(node, txId, input, step, effect) || freed;
    }
    if (crashAfter !== null) {
      this.crash(airline);
      return null;
    }
    this.problems.push(...seatProblems(node, `after ${input.type} ${txId}`));
    if (freed) {
      for (const parkId of node.parked.keys()) {
        this.queue.enqueue(this.now, { kind: 'resumePrepare', airline, parkId });
      }
    }
    return step;
  }

  /** Performs one participant effect and returns whether it freed seats. */
  private performParticipantEffect(
    node: SimulatedParticipant,
    txId: string,
    input: ParticipantInput,
    step: ParticipantStep,
    effect: ParticipantEffect,
  ): boolean {
    const airline = node.airline;
    switch (effect.type) {
      case 'persist':
        node.log.append(
          { record: effect.record, inventory: effect.change.inventory },
          effect.durability,
        );
        return node.applyInventory(effect.change.inventory);
      case 'replyVote': {
        const vote = voteOf(step.record as NonNullable<typeof step.record>);
        if (vote.vote === 'NO') {
          this.stats.refusals[vote.reason] = (this.stats.refusals[vote.reason] ?? 0) + 1;
        }
        this.send({ kind: 'vote', txId, from: airline, vote });
        return false;
      }
      case 'wait': {
        if (input.type !== 'prepare') {
          throw new Error(`wait effect for ${input.type}`);
        }
        this.stats.waits += 1;
        const parkId = ++this.parkIds;
        node.parked.set(parkId, {
          message: input.message,
          since: input.context.waitingSince ?? this.now,
          until: effect.until,
        });
        this.queue.enqueue(effect.until, { kind: 'resumePrepare', airline, parkId });
        return false;
      }
      case 'ack':
        this.send({ kind: 'ack', txId, from: airline });
        return false;
      case 'askCoordinator':
        this.stats.decisionQueries += 1;
        this.send({ kind: 'query', txId, from: airline });
        return false;
      case 'askPeers':
        this.stats.peerQueries += 1;
        this.queue.enqueue(this.now + this.delay(), {
          kind: 'askPeers',
          txId,
          from: airline,
          peers: effect.peers,
        });
        return false;
      case 'answerPeer':
        return false;
      case 'wakeAt':
        this.queue.setTimer(`${airline}/${txId}`, effect.at, (generation) => ({
          kind: 'participantTimer',
          airline,
          txId,
          generation,
        }));
        return false;
    }
  }

  private answerQuery(txId: string, from: string): void {
    const answer = this.coordinator.up
      ? answerDecisionQuery(this.coordinator.records.get(txId) ?? null)
      : null;
    this.log(SIMULATION_COORDINATOR, `query ${txId} from ${from} -> ${answer ?? 'unreachable'}`);
    this.send({ kind: 'answer', txId, to: from, answer });
  }

  /** Cooperative termination: queries each reachable peer, then steps the asker with the answers. */
  private askPeers(txId: string, from: string, peers: readonly string[]): void {
    const asker = this.participantNode(from).records.get(txId);
    if (!asker) {
      return;
    }
    const answers: PeerStateAnswer[] = [];
    for (const peer of peers) {
      const step = this.stepParticipantRole(peer, txId, {
        type: 'peerQuery',
        txId,
        coordinator: asker.coordinator,
        now: this.now,
      });
      const answer = step?.effects.find((effect) => effect.type === 'answerPeer');
      if (answer?.type === 'answerPeer') {
        answers.push(answer.answer);
      }
    }
    this.stepParticipantRole(from, txId, { type: 'peerAnswers', answers, now: this.now });
  }

  /**
   * Decides whether the node crashes during a step of `effectCount` effects. Returns null when
   * it does not, or how many effects it performs before the crash (from none to all).
   */
  private crashPoint(effectCount: number): number | null {
    if (this.crashesLeft === 0 || effectCount === 0 || !this.random.chance(CRASH_RATE_PER_STEP)) {
      return null;
    }
    this.crashesLeft -= 1;
    return this.random.integer(0, effectCount);
  }

  /** Stops a node; its storage keeps the durable writes and a random part of the rest. */
  private crash(airline: string): void {
    this.stats.crashes += 1;
    const participant = this.participantNode(airline);
    participant.up = false;
    participant.log.crash(this.random.integer(0, participant.log.relaxedTail));
    participant.reload();
    if (airline === SIMULATION_COORDINATOR) {
      this.coordinator.up = false;
      this.coordinator.log.crash(this.random.integer(0, this.coordinator.log.relaxedTail));
      this.coordinator.reload();
    }
    this.queue.clearTimers(`${airline}/`);
    if (airline === SIMULATION_COORDINATOR) {
      this.queue.clearTimers('coordinator/');
    }
    this.log(airline, 'crashed');
    this.queue.enqueue(this.now + this.random.integer(100, 3_000), { kind: 'restart', airline });
  }

  /** Brings a node back as its service's start does: recovery, then in-doubt queries at once. */
  private restart(airline: string): void {
    this.log(airline, 'restarted');
    const participant = this.participantNode(airline);
    participant.up = true;
    if (airline === SIMULATION_COORDINATOR) {
      this.coordinator.up = true;
      for (const record of [...this.coordinator.records.values()]) {
        if (record.completedAt === null) {
          this.stepCoordinatorRole(record.txId, { type: 'recover', now: this.now });
        }
      }
    }
    if (!participant.up) {
      return; // It crashed again while recovering.
    }
    for (const record of [...participant.records.values()]) {
      if (record.phase === 'PREPARED') {
        participant.records.set(record.txId, { ...record, queryAt: this.now });
        this.queue.setTimer(`${airline}/${record.txId}`, this.now, (generation) => ({
          kind: 'participantTimer',
          airline,
          txId: record.txId,
          generation,
        }));
      }
    }
  }

  /** Sends a message: it may be lost, and a delivered one may arrive twice. */
  private send(event: SimulationEvent): void {
    if (this.random.chance(this.options.lossRate)) {
      this.stats.lostMessages += 1;
      this.log('net', `lost ${event.kind}`);
      if (event.kind === 'query' || event.kind === 'answer') {
        // A decision query is a request with a response: losing either one times the request
        // out, which the participant handles as an unreachable coordinator.
        const to = event.kind === 'query' ? event.from : event.to;
        const timeoutAt = this.now + 2 * this.options.delayMaxMs;
        this.queue.enqueue(timeoutAt, { kind: 'answer', txId: event.txId, to, answer: null });
      }
      return;
    }
    this.queue.enqueue(this.now + this.delay(), event);
    if (this.random.chance(this.options.duplicateRate)) {
      this.stats.duplicatedMessages += 1;
      this.queue.enqueue(this.now + this.delay(), event);
    }
  }

  private delay(): number {
    return this.random.integer(1, this.options.delayMaxMs);
  }

  private participantNode(airline: string): SimulatedParticipant {
    const node = this.participants.get(airline);
    if (!node) {
      throw new Error(`no simulated participant ${airline}`);
    }
    return node;
  }

  private transactionOf(txId: string): SimulatedTransaction {
    const transaction = this.transactions.find((candidate) => candidate.txId === txId);
    if (!transaction) {
      throw new Error(`no simulated transaction ${txId}`);
    }
    return transaction;
  }

  private log(node: string, line: string): void {
    this.trace.push(`${this.now} ${node} ${line}`);
    this.traceLength += 1;
    if (this.trace.length > TRACE_LINES_MAX) {
      this.trace.shift();
    }
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
