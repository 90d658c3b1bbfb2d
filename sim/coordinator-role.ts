import {
  type AbortReason,
  type CoordinatorEffect,
  type CoordinatorInput,
  type CoordinatorTransaction,
  type Decision,
  type DecisionAnswer,
  type MsgDecision,
  type MsgPrepare,
  type PriorityStamp,
  type TransactionPayload,
  type Vote,
  answerDecisionQuery,
  stepCoordinator,
} from '@interline/two-phase-commit/core';

import type { NodeServices } from './node-services';

/** Outcome of one transaction, reported once its decision is durable. */
export interface TransactionOutcome {
  txId: string;
  decision: Decision;
  reason: AbortReason | null;
  blamed: string[];
  votes: Record<string, Vote>;
}

/** Called with every durable decision before the waiting caller gets it; calls `done` after. */
export type DecisionListener = (
  record: CoordinatorTransaction,
  outcome: TransactionOutcome,
  done: () => void,
) => void;

/** The participant side of the same node, reached without the network. */
export interface LocalParticipant {
  prepare(message: MsgPrepare, reply: (vote: Vote) => void): void;
  decide(message: MsgDecision, acknowledged: () => void): void;
}

/** A stored coordinator record with the clock it was written under. */
export interface StoredCoordinatorRecord {
  record: CoordinatorTransaction;
  clock: Record<string, number>;
}

interface ActiveTransaction {
  record: CoordinatorTransaction | null;
  /** The record as last stored; decision queries are answered from it. */
  stored: CoordinatorTransaction | null;
  /** Inputs wait here while an earlier input of the same transaction performs its effects. */
  inputs: CoordinatorInput[];
  busy: boolean;
  timer: number;
  waiters: Array<(outcome: TransactionOutcome) => void>;
}

/**
 * The coordinator of one simulated node. It performs the effects of the real coordinator core
 * the way the node's coordinator service does. Inputs of one transaction run one at a time, and
 * a persist completes before the effects after it. Decisions reach the booking layer before the
 * waiting caller, and a decision is never resent while the last copy is on its way.
 */
export class CoordinatorRole {
  private readonly active = new Map<string, ActiveTransaction>();
  private readonly decisionsInFlight = new Set<string>();
  private timers = 0;

  constructor(
    private readonly node: NodeServices,
    private readonly participant: LocalParticipant,
    private readonly listener: DecisionListener,
  ) {}

  /** Recovery at start: aborts undecided transactions and resends unacknowledged decisions. */
  recover(): void {
    const unfinished = this.node.disk
      .readAll<StoredCoordinatorRecord>('coordinator')
      .filter((row) => row.record.completedAt === null);
    for (const { record } of unfinished) {
      this.active.set(record.txId, {
        record,
        stored: record,
        inputs: [],
        busy: false,
        timer: 0,
        waiters: [],
      });
      this.input(record.txId, { type: 'recover', now: this.node.now() });
    }
  }

  /** Runs one transaction; `onOutcome` gets its outcome once the decision is durable. */
  begin(
    txId: string,
    payload: TransactionPayload,
    stamp: PriorityStamp,
    onOutcome: (outcome: TransactionOutcome) => void,
  ): void {
    if (this.active.has(txId)) {
      this.node.violation(`${this.node.code} began transaction ${txId} a second time`);
      return;
    }
    this.active.set(txId, {
      record: null,
      stored: null,
      inputs: [],
      busy: false,
      timer: 0,
      waiters: [onOutcome],
    });
    this.input(txId, {
      type: 'begin',
      txId,
      coordinator: this.node.code,
      payload,
      stamp,
      now: this.node.now(),
    });
  }

  /** Returns the response to a participant's decision query. */
  answerQuery(txId: string): DecisionAnswer {
    const entry = this.active.get(txId);
    if (entry?.stored) {
      return answerDecisionQuery(entry.stored);
    }
    if (entry) {
      return 'PENDING';
    }
    return answerDecisionQuery(
      this.node.disk.read<StoredCoordinatorRecord>('coordinator', txId)?.record ?? null,
    );
  }

  /** Returns the record of a transaction, in memory or stored; null when unknown. */
  find(txId: string): CoordinatorTransaction | null {
    return (
      this.active.get(txId)?.record ??
      this.node.disk.read<StoredCoordinatorRecord>('coordinator', txId)?.record ??
      null
    );
  }

  private input(txId: string, input: CoordinatorInput): void {
    const entry = this.active.get(txId);
    if (!entry) {
      return; // Completed and forgotten: a late vote or acknowledgement changes nothing.
    }
    entry.inputs.push(input);
    this.drain(txId, entry);
  }

  private drain(txId: string, entry: ActiveTransaction): void {
    while (!entry.busy && entry.inputs.length > 0) {
      const input = entry.inputs.shift() as CoordinatorInput;
      let step;
      try {
        step = stepCoordinator(entry.record, input, this.node.limits);
      } catch (error) {
        this.node.violation(
          `${this.node.code} coordinator ${txId} ${input.type}: ${describe(error)}`,
        );
        continue;
      }
      entry.record = step.record;
      this.node.note(`coordinator-${input.type}`, txId, step.record.phase);
      entry.busy = true;
      this.perform(entry, step.effects, 0, () => {
        entry.busy = false;
        if (this.active.get(txId) === entry) {
          this.drain(txId, entry);
        }
      });
    }
  }

  /** Performs `effects` from `index` on, waiting for each persist and announcement. */
  private perform(
    entry: ActiveTransaction,
    effects: readonly CoordinatorEffect[],
    index: number,
    done: () => void,
  ): void {
    const record = entry.record as CoordinatorTransaction;
    for (let position = index; position < effects.length; position += 1) {
      const effect = effects[position];
      const next = (): void => this.perform(entry, effects, position + 1, done);
      switch (effect.type) {
        case 'persist': {
          const row: StoredCoordinatorRecord = {
            record: effect.record,
            clock: { ...this.node.clock.current().entries() },
          };
          this.node.disk.write(
            [{ table: 'coordinator', key: record.txId, value: row }],
            effect.durability,
            () => {
              entry.stored = effect.record;
              next();
            },
          );
          return;
        }
        case 'decided':
          this.announce(entry, effect.decision, effect.reason, effect.blamed, next);
          return;
        case 'sendPrepare':
          this.sendPrepare(effect.participant, effect.message);
          break;
        case 'sendDecision':
          this.sendDecision(effect.participant, effect.message);
          break;
        case 'wakeAt':
          this.schedule(entry, effect.at);
          break;
        case 'completed':
          entry.timer = 0;
          this.active.delete(record.txId);
          break;
      }
    }
    done();
  }

  private announce(
    entry: ActiveTransaction,
    decision: Decision,
    reason: AbortReason | null,
    blamed: string[],
    next: () => void,
  ): void {
    const record = entry.record as CoordinatorTransaction;
    const outcome: TransactionOutcome = {
      txId: record.txId,
      decision,
      reason,
      blamed,
      votes: record.votes,
    };
    this.node.note('decided', record.txId, `${decision}${reason ? ` ${reason}` : ''}`);
    this.listener(record, outcome, () => {
      for (const waiter of entry.waiters.splice(0)) {
        waiter(outcome);
      }
      next();
    });
  }

  private sendPrepare(participant: string, message: MsgPrepare): void {
    const onVote = (vote: Vote): void =>
      this.input(message.txId, { type: 'vote', participant, vote, now: this.node.now() });
    if (participant === this.node.code) {
      this.participant.prepare(message, onVote);
      return;
    }
    const timeoutMs = Math.max(1, message.deadlineAt - this.node.now());
    this.node.send(
      participant,
      'prepare',
      message.txId,
      message,
      timeoutMs,
      (body) => onVote(body as Vote),
      (failure) =>
        this.input(message.txId, {
          type: 'prepareFailed',
          participant,
          reason: failure === 'TIMEOUT' ? 'TIMEOUT' : 'UNREACHABLE',
          now: this.node.now(),
        }),
    );
  }

  private sendDecision(participant: string, message: MsgDecision): void {
    const key = `${message.txId} ${participant}`;
    if (this.decisionsInFlight.has(key)) {
      return;
    }
    this.decisionsInFlight.add(key);
    const acknowledged = (): void => {
      this.decisionsInFlight.delete(key);
      this.input(message.txId, { type: 'ack', participant, now: this.node.now() });
    };
    if (participant === this.node.code) {
      this.participant.decide(message, acknowledged);
      return;
    }
    this.node.send(
      participant,
      'decision',
      message.txId,
      message,
      // The node's HTTP client gives up on a decision after the prepare timeout.
      this.node.limits.prepareTimeoutMs,
      acknowledged,
      () => this.decisionsInFlight.delete(key),
    );
  }

  private schedule(entry: ActiveTransaction, at: number): void {
    this.timers += 1;
    const timer = this.timers;
    entry.timer = timer;
    const txId = (entry.record as CoordinatorTransaction).txId;
    this.node.at(at, () => {
      if (entry.timer === timer && this.active.get(txId) === entry) {
        entry.timer = 0;
        this.input(txId, { type: 'tick', now: this.node.now() });
      }
    });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
