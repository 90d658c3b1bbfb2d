import type { EventQueue } from './event-queue';
import type { SeededRandom } from './seeded-random';
import type { Trace } from './trace';

/** Why a request got no response: the connection was refused, or no response came in time. */
export type DeliveryFailure = 'UNREACHABLE' | 'TIMEOUT';

/** A request a node received and has not responded to yet. */
interface OpenRequest {
  request: Envelope;
  /** When it reached the node. */
  since: number;
  /** Fails it at the sender as a reset connection. */
  fail: () => void;
}

/** Loss, duplication and delay of every message, requests and responses alike. */
export interface NetworkConditions {
  /** Probability from 0 to 1 that one request or response is lost. */
  lossRate: number;
  /** Probability from 0 to 1 that a delivered request is delivered a second time. */
  duplicateRate: number;
  /** One-way delay range in milliseconds; random delays reorder messages. */
  delayMinMs: number;
  delayMaxMs: number;
}

/** A node, in the terms the network uses. */
export interface NetworkHost {
  readonly code: string;
  /** False while the process is down: connections are refused. */
  readonly running: boolean;
  /** False until recovery at start has finished: the server does not listen yet. */
  readonly accepting: boolean;
  /** A paused process accepts connections but handles nothing before this instant. */
  readonly pausedUntil: number;
  /** Grows on every crash, so a response from an earlier life is never sent. */
  readonly incarnation: number;
  /** Handles a request; `respond` may be called later, e.g. once a write is durable. */
  receive(request: Envelope, respond: (response: Envelope) => void): void;
}

/** A request or a response on the wire, with the sender's vector clock header. */
export interface Envelope {
  kind: string;
  /** Transaction id, locator or key the message is about, for the trace. */
  subject: string;
  from: string;
  clock: Readonly<Record<string, number>>;
  body: unknown;
  /** Routine link-state traffic is hashed into the trace but left out of the printed tail. */
  quiet?: boolean;
}

export interface NetworkCounters {
  requests: number;
  lost: number;
  duplicated: number;
  refused: number;
  timedOut: number;
  blockedByPartition: number;
  /** Requests that reached their receiver after a request sent later on the same link. */
  reordered: number;
}

/**
 * The simulated network between nodes: HTTP-like requests, each with one response or a failure
 * such as a timeout. Faults come from the seed: loss, duplication, random delays (which reorder
 * messages), and partitions cut one direction of a link or both.
 */
export class SimulatedNetwork {
  conditions: NetworkConditions;
  readonly counters: NetworkCounters = {
    requests: 0,
    lost: 0,
    duplicated: 0,
    refused: 0,
    timedOut: 0,
    blockedByPartition: 0,
    reordered: 0,
  };
  /** Per link `from>to`: requests sent, and the highest send number delivered. */
  private readonly sent = new Map<string, number>();
  private readonly delivered = new Map<string, number>();
  /** Cut directions, as `from>to`. */
  private readonly cut = new Set<string>();
  /** Requests a node is handling and has not responded to, by node: its crash resets them. */
  private readonly open = new Map<string, Set<OpenRequest>>();

  constructor(
    private readonly queue: EventQueue,
    private readonly random: SeededRandom,
    private readonly trace: Trace,
    private readonly hosts: ReadonlyMap<string, NetworkHost>,
    conditions: NetworkConditions,
  ) {
    this.conditions = conditions;
  }

  /** Cuts messages from `from` to `to`; both directions when `symmetric`. */
  partition(from: string, to: string, symmetric: boolean): void {
    this.cut.add(`${from}>${to}`);
    if (symmetric) {
      this.cut.add(`${to}>${from}`);
    }
  }

  /** Restores the links cut by `partition(from, to, symmetric)`. */
  restore(from: string, to: string, symmetric: boolean): void {
    this.cut.delete(`${from}>${to}`);
    if (symmetric) {
      this.cut.delete(`${to}>${from}`);
    }
  }

  /** Restores every link. */
  heal(): void {
    this.cut.clear();
  }

  /**
   * Sends a request from `sender` to `to`. Exactly one of `onResponse` and `onFailure` runs,
   * unless the sender crashed in the meantime (its incarnation changed), in which case neither
   * does. A duplicated request reaches the receiver twice and only the first copy is answered.
   * Returns whether the request was duplicated.
   */
  request(
    sender: NetworkHost,
    to: string,
    request: Envelope,
    timeoutMs: number,
    onResponse: (response: Envelope) => void,
    onFailure: (failure: DeliveryFailure) => void,
  ): boolean {
    this.counters.requests += 1;
    const incarnation = sender.incarnation;
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled || sender.incarnation !== incarnation || !sender.running) {
        settled = true;
        return;
      }
      settled = true;
      outcome();
    };
    const fail = (failure: DeliveryFailure): void =>
      settle(() => {
        if (failure === 'TIMEOUT') {
          this.counters.timedOut += 1;
        }
        this.note(
          sender.code,
          `${request.kind}-failed`,
          request.subject,
          `to ${to}: ${failure}`,
          request.quiet,
        );
        // The sender is busy while paused, so it handles the failure only after it resumes.
        this.atHost(sender, this.queue.now, () => onFailure(failure));
      });
    this.queue.schedule(this.queue.now + timeoutMs, () => fail('TIMEOUT'));

    const receiver = this.hosts.get(to);
    if (receiver === undefined) {
      throw new Error(`request ${request.kind} to unknown node ${to}`);
    }
    if (this.dropped(sender.code, to, request)) {
      return false;
    }
    const link = `${sender.code}>${to}`;
    const sendNumber = (this.sent.get(link) ?? 0) + 1;
    this.sent.set(link, sendNumber);
    const copies = this.random.chance(this.conditions.duplicateRate) ? 2 : 1;
    if (copies === 2) {
      this.counters.duplicated += 1;
      this.note(
        'net',
        'duplicate',
        request.subject,
        `${request.kind} ${sender.code}>${to}`,
        request.quiet,
      );
    }
    for (let copy = 0; copy < copies; copy += 1) {
      const answered = copy === 0;
      this.queue.schedule(this.queue.now + this.delay(), () => {
        if (!receiver.running || !receiver.accepting) {
          // Connection refused: the sender learns it at once, unless the way back is cut too.
          if (answered) {
            this.counters.refused += 1;
            if (!this.cut.has(`${to}>${sender.code}`)) {
              this.queue.schedule(this.queue.now + this.delay(), () => fail('UNREACHABLE'));
            }
          }
          return;
        }
        if (sendNumber < (this.delivered.get(link) ?? 0)) {
          this.counters.reordered += 1;
        }
        this.delivered.set(link, Math.max(sendNumber, this.delivered.get(link) ?? 0));
        this.atHost(receiver, this.queue.now, () => {
          const receiverIncarnation = receiver.incarnation;
          const reset: OpenRequest = {
            request,
            since: this.queue.now,
            fail: () => {
              if (!this.cut.has(`${to}>${sender.code}`)) {
                this.queue.schedule(this.queue.now + this.delay(), () => fail('UNREACHABLE'));
              }
            },
          };
          if (answered) {
            this.openRequests(to).add(reset);
          }
          receiver.receive(request, (response) => {
            if (!answered || receiver.incarnation !== receiverIncarnation || !receiver.running) {
              return;
            }
            this.openRequests(to).delete(reset);
            if (this.dropped(to, sender.code, response)) {
              return;
            }
            this.queue.schedule(this.queue.now + this.delay(), () =>
              settle(() => this.atHost(sender, this.queue.now, () => onResponse(response))),
            );
          });
        });
      });
    }
    return copies === 2;
  }

  /**
   * Resets the connections of a node that crashed: every request it was handling fails at its
   * sender as a refused connection would, unless the way back is cut.
   */
  resetConnections(code: string): void {
    const requests = [...this.openRequests(code)];
    this.open.delete(code);
    for (const reset of requests) {
      reset.fail();
    }
  }

  /** Requests `code` received and has not answered yet, oldest first. */
  unanswered(code: string): Array<{ request: Envelope; since: number }> {
    return [...this.openRequests(code)].map(({ request, since }) => ({ request, since }));
  }

  private openRequests(code: string): Set<OpenRequest> {
    let requests = this.open.get(code);
    if (requests === undefined) {
      requests = new Set();
      this.open.set(code, requests);
    }
    return requests;
  }

  /**
   * Runs `action` on `host` at `at`, or when the host resumes if it is paused then. A host that
   * crashed in between never runs it.
   */
  atHost(host: NetworkHost, at: number, action: () => void): void {
    const incarnation = host.incarnation;
    this.queue.schedule(at, () => {
      if (host.incarnation !== incarnation || !host.running) {
        return;
      }
      if (host.pausedUntil > this.queue.now) {
        this.atHost(host, host.pausedUntil, action);
        return;
      }
      action();
    });
  }

  /** Decides whether a message is lost or blocked by a partition, and records it. */
  private dropped(from: string, to: string, message: Envelope): boolean {
    if (this.cut.has(`${from}>${to}`)) {
      this.counters.blockedByPartition += 1;
      this.note(
        'net',
        'partitioned',
        message.subject,
        `${message.kind} ${from}>${to}`,
        message.quiet,
      );
      return true;
    }
    if (this.random.chance(this.conditions.lossRate)) {
      this.counters.lost += 1;
      this.note('net', 'lost', message.subject, `${message.kind} ${from}>${to}`, message.quiet);
      return true;
    }
    return false;
  }

  private delay(): number {
    return this.random.integer(this.conditions.delayMinMs, this.conditions.delayMaxMs);
  }

  private note(node: string, kind: string, subject: string, detail: string, quiet?: boolean): void {
    this.trace.record({ at: this.queue.now, node, kind, subject, detail }, quiet ?? false);
  }
}
