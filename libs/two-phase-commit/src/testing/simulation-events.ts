import type { DecisionAnswer, MsgDecision, MsgPrepare, Vote } from '../core/types';
import type { SimulatedTransaction } from './simulation-scenario';

/** Something that happens at one simulated instant: a message arrives, a timer fires, a node restarts. */
export type SimulationEvent =
  | { kind: 'begin'; transaction: SimulatedTransaction }
  | { kind: 'prepare'; to: string; message: MsgPrepare }
  /** The participant's node refused the connection of a prepare. */
  | { kind: 'prepareRefused'; txId: string; participant: string }
  | { kind: 'vote'; txId: string; from: string; vote: Vote }
  | { kind: 'decision'; to: string; message: MsgDecision }
  | { kind: 'ack'; txId: string; from: string }
  | { kind: 'query'; txId: string; from: string }
  /** The coordinator's response to a query, or null when the query failed or timed out. */
  | { kind: 'answer'; txId: string; to: string; answer: DecisionAnswer | null }
  | { kind: 'askPeers'; txId: string; from: string; peers: string[] }
  | { kind: 'coordinatorTimer'; txId: string; generation: number }
  | { kind: 'participantTimer'; airline: string; txId: string; generation: number }
  | { kind: 'resumePrepare'; airline: string; parkId: number }
  | { kind: 'restart'; airline: string };

interface QueuedEvent {
  at: number;
  event: SimulationEvent;
}

/**
 * Pending events in time order. Events due at the same instant keep the order they were queued
 * in. Timers are tracked by key: setting a timer again replaces it, and the event of a replaced
 * or cleared timer is recognised as stale when it comes due.
 */
export class EventQueue {
  private readonly events: QueuedEvent[] = [];
  /** Latest generation of each timer. */
  private readonly timers = new Map<string, number>();
  private generation = 0;
  private current = 0;

  /** The instant of the event taken last. */
  get now(): number {
    return this.current;
  }

  get size(): number {
    return this.events.length;
  }

  /** Takes the next event and moves the clock to its instant. Returns null when none is left. */
  next(): SimulationEvent | null {
    const queued = this.events.shift();
    if (queued === undefined) {
      return null;
    }
    this.current = queued.at;
    return queued.event;
  }

  /** Queues an event at `at`, or now if `at` has passed. */
  enqueue(at: number, event: SimulationEvent): void {
    const due = Math.max(at, this.current);
    let index = this.events.length;
    while (index > 0 && this.events[index - 1].at > due) {
      index -= 1;
    }
    this.events.splice(index, 0, { at: due, event });
  }

  /** Sets the timer `key` and replaces any earlier one. `build` makes the timer's event. */
  setTimer(key: string, at: number, build: (generation: number) => SimulationEvent): void {
    this.generation += 1;
    this.timers.set(key, this.generation);
    this.enqueue(at, build(this.generation));
  }

  /** Returns whether a timer event of `generation` is still the one set for `key`. */
  isCurrent(key: string, generation: number): boolean {
    return this.timers.get(key) === generation;
  }

  /** Clears every timer whose key starts with `prefix`. */
  clearTimers(prefix: string): void {
    for (const key of [...this.timers.keys()]) {
      if (key.startsWith(prefix)) {
        this.timers.delete(key);
      }
    }
  }
}
