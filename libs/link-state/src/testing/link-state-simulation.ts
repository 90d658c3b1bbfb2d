import { buildDatabaseMessage, createLinkState } from '../core/link-state';
import type { LinkState } from '../core/link-state';
import { stepLinkState } from '../core/link-state-machine';
import type { LinkStateEffect, LinkStateInput, LinkStateTimers } from '../core/machine-contract';
import type { LinkStateStepResult } from '../core/step-builder';
import type { AdvertisedFlight, FloodMessage, HelloMessage, SeatChange } from '../core/types';
import { EventQueue } from './event-queue';
import { TEST_TIMERS, testNodeUrl } from './fixtures';
import { SeededRandom } from './seeded-random';
import { findDisagreements } from './convergence';
import { SimulatedStore } from './simulated-store';
import { SimulationTrace } from './simulation-trace';
import { codeOfUrl, describeEffects, describeInput } from './trace-format';

/** Behaviour of the simulated network for every request and response. */
export interface NetworkConditions {
  /** Probability from 0 to 1 that one request, or one response, is lost. */
  lossRate: number;
  /** Probability from 0 to 1 that a delivered request is delivered a second time. */
  duplicateRate: number;
  /** One-way delay range in milliseconds. Random delays also reorder messages. */
  delayMinMs: number;
  delayMaxMs: number;
}

export const RELIABLE_NETWORK: NetworkConditions = {
  lossRate: 0,
  duplicateRate: 0,
  delayMinMs: 1,
  delayMaxMs: 40,
};

export interface SimulationStats {
  steps: number;
  requests: number;
  lostMessages: number;
  duplicatedRequests: number;
  deliveryFailures: number;
  seatChanges: number;
  flightReplacements: number;
  starts: number;
  crashes: number;
}

type Request =
  | { kind: 'hello'; hello: HelloMessage }
  | { kind: 'flood'; flood: FloodMessage }
  | { kind: 'pull'; origins: string[] };

interface SimulatedNode {
  readonly code: string;
  readonly url: string;
  readonly seedUrls: string[];
  /** Null while the node is not running (never started, or crashed). */
  state: LinkState | null;
  /** Grows on every start and crash, so events of an earlier incarnation are dropped. */
  incarnation: number;
  readonly store: SimulatedStore;
  /** The airline's own flights with current seat counts, as its inventory records them. */
  flights: AdvertisedFlight[];
  /** Highest own sequence persisted since the store was last emptied. */
  ownSequenceMax: number;
  wakeTimes: Set<number>;
}

/**
 * Runs several link-state machines in one process over a simulated clock and network. Every
 * random choice comes from one seed, so a run repeats exactly. Requests are HTTP-like: each
 * gets one response or, after a timeout, a `deliveryFailed` input at the sender. While
 * running, the simulation checks invariants of the effects and lists violations in `problems`.
 */
export class LinkStateSimulation {
  now = 0;
  network: NetworkConditions;
  readonly random: SeededRandom;
  readonly timers: LinkStateTimers;
  readonly trace: SimulationTrace;
  readonly problems: string[] = [];
  readonly stats: SimulationStats = {
    steps: 0,
    requests: 0,
    lostMessages: 0,
    duplicatedRequests: 0,
    deliveryFailures: 0,
    seatChanges: 0,
    flightReplacements: 0,
    starts: 0,
    crashes: 0,
  };

  private readonly queue = new EventQueue();
  private readonly nodes = new Map<string, SimulatedNode>();
  private readonly nodesByUrl = new Map<string, SimulatedNode>();

  constructor(options: {
    seed: number;
    timers?: LinkStateTimers;
    network?: NetworkConditions;
    traceLength?: number;
  }) {
    this.random = new SeededRandom(options.seed);
    this.timers = options.timers ?? TEST_TIMERS;
    this.network = options.network ?? RELIABLE_NETWORK;
    this.trace = new SimulationTrace(options.traceLength ?? 200);
  }

  /** Adds a node that is not running yet, configured with the nodes in `seedCodes` as seeds. */
  addNode(code: string, seedCodes: string[], flights: AdvertisedFlight[]): void {
    const node: SimulatedNode = {
      code,
      url: testNodeUrl(code),
      seedUrls: seedCodes.map(testNodeUrl),
      state: null,
      incarnation: 0,
      store: new SimulatedStore(),
      flights,
      ownSequenceMax: 0,
      wakeTimes: new Set(),
    };
    this.nodes.set(code, node);
    this.nodesByUrl.set(node.url, node);
  }

  codes(): string[] {
    return [...this.nodes.keys()];
  }

  liveCodes(): string[] {
    return this.codes().filter((code) => this.requireNode(code).state !== null);
  }

  stateOf(code: string): LinkState | null {
    return this.requireNode(code).state;
  }

  flightsOf(code: string): AdvertisedFlight[] {
    return this.requireNode(code).flights;
  }

  /** Schedules `action` at instant `at` of the simulated clock. */
  at(at: number, action: () => void): void {
    this.queue.push(Math.max(at, this.now), action);
  }

  /** Runs every event up to and including instant `until`, then sets the clock to it. */
  runUntil(until: number): void {
    for (;;) {
      const next = this.queue.peekTime();
      if (next === undefined || next > until) {
        break;
      }
      const event = this.queue.pop();
      if (!event) {
        break;
      }
      this.now = event.at;
      event.run();
    }
    this.now = Math.max(this.now, until);
  }

  /** Starts or restarts a node from its store, as the adapter does after a process start. */
  start(code: string): void {
    const node = this.requireNode(code);
    node.incarnation += 1;
    node.wakeTimes.clear();
    node.state = createLinkState({
      self: code,
      selfName: `Airline ${code}`,
      selfUrl: node.url,
      seedUrls: node.seedUrls,
      timers: this.timers,
    });
    this.stats.starts += 1;
    this.feed(node, {
      kind: 'start',
      now: this.now,
      snapshot: node.store.snapshot(),
      ownFlights: node.flights,
    });
  }

  /** Stops a node at once. Its store survives unless `loseStorage` is called. */
  crash(code: string): void {
    const node = this.requireNode(code);
    node.state = null;
    node.incarnation += 1;
    node.wakeTimes.clear();
    this.stats.crashes += 1;
    this.trace.record(this.now, () => `${code} crashed`);
  }

  /** Empties a node's store, as after a disk failure. */
  loseStorage(code: string): void {
    const node = this.requireNode(code);
    node.store.clear();
    node.ownSequenceMax = 0;
    this.trace.record(this.now, () => `${code} lost its store`);
  }

  /** Sets seat counts in a running node's inventory and feeds the change to its machine. */
  changeSeats(code: string, changes: SeatChange[]): void {
    const node = this.requireNode(code);
    if (!node.state) {
      return;
    }
    const seatsById = new Map(changes.map((change) => [change.flightId, change.seatsAvailable]));
    node.flights = node.flights.map((flight) =>
      seatsById.has(flight.id)
        ? { ...flight, seatsAvailable: seatsById.get(flight.id) as number }
        : flight,
    );
    this.stats.seatChanges += changes.length;
    this.feed(node, { kind: 'ownSeatsChanged', now: this.now, changes });
  }

  /** Replaces all flights of a running node's airline and feeds them to its machine. */
  replaceFlights(code: string, flights: AdvertisedFlight[]): void {
    const node = this.requireNode(code);
    if (!node.state) {
      return;
    }
    node.flights = flights;
    this.stats.flightReplacements += 1;
    this.feed(node, { kind: 'ownFlightsReplaced', now: this.now, flights });
  }

  /** Lists every way the running nodes disagree, using `findDisagreements`. */
  checkConvergence(): string[] {
    return findDisagreements([...this.nodes.values()]);
  }

  private requireNode(code: string): SimulatedNode {
    const node = this.nodes.get(code);
    if (!node) {
      throw new RangeError(`Unknown simulated node ${code}`);
    }
    return node;
  }

  /** Steps a running node's machine and performs the effects. */
  private feed(node: SimulatedNode, input: LinkStateInput): LinkStateStepResult | undefined {
    if (!node.state) {
      return undefined;
    }
    let result: LinkStateStepResult;
    try {
      result = stepLinkState(node.state, input);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.problems.push(`${node.code} threw on ${input.kind} at ${this.now}: ${message}`);
      return undefined;
    }
    this.stats.steps += 1;
    node.state = result.state;

    // Routine hellos that change nothing would fill the trace, so they are left out.
    const routineInput =
      input.kind === 'tick' ||
      input.kind === 'helloReceived' ||
      input.kind === 'helloReplyReceived';
    const routineEffects = result.effects.every(
      (effect) => effect.kind === 'sendHello' || effect.kind === 'wakeAt',
    );
    if (!routineInput || !routineEffects) {
      const effects = result.effects;
      this.trace.record(
        this.now,
        () => `${node.code} ${describeInput(input)} => ${describeEffects(effects)}`,
      );
    }

    this.checkNoEcho(node, input, result.effects);
    this.perform(node, result.effects);
    return result;
  }

  /** A flood must never send what a node received back to the node it came from. */
  private checkNoEcho(
    node: SimulatedNode,
    input: LinkStateInput,
    effects: readonly LinkStateEffect[],
  ): void {
    if (input.kind !== 'floodReceived' && input.kind !== 'databaseReceived') {
      return;
    }
    const received =
      input.kind === 'floodReceived'
        ? [...input.flood.advertisements, ...input.flood.updates]
        : input.database.advertisements;
    const receivedKeys = new Set(received.map((item) => `${item.origin}#${item.sequence}`));
    for (const effect of effects) {
      if (effect.kind !== 'sendFlood' || effect.url !== input.fromUrl) {
        continue;
      }
      const sent = [...effect.flood.advertisements, ...effect.flood.updates];
      for (const item of sent) {
        if (receivedKeys.has(`${item.origin}#${item.sequence}`)) {
          this.problems.push(
            `${node.code} flooded ${item.origin}#${item.sequence} back to its sender at ${this.now}`,
          );
        }
      }
    }
  }

  private perform(node: SimulatedNode, effects: readonly LinkStateEffect[]): void {
    let sendSeen = false;
    for (const effect of effects) {
      const isPersist = effect.kind.startsWith('persist');
      if (isPersist && sendSeen) {
        this.problems.push(`${node.code} emitted ${effect.kind} after a send at ${this.now}`);
      }
      switch (effect.kind) {
        case 'persistAdvertisement':
          this.checkOwnSequence(node, effect.advertisement.origin, effect.advertisement.sequence);
          node.store.putAdvertisement(effect.advertisement);
          break;
        case 'persistUpdate': {
          this.checkOwnSequence(node, effect.update.origin, effect.update.sequence);
          const problem = node.store.applyUpdate(effect.update);
          if (problem) {
            this.problems.push(`${node.code} at ${this.now}: ${problem}`);
          }
          break;
        }
        case 'persistNeighbor':
          node.store.putNeighbor(effect.neighbor);
          break;
        case 'sendHello':
          sendSeen = true;
          this.sendRequest(node, effect.url, { kind: 'hello', hello: effect.hello });
          break;
        case 'sendFlood':
          sendSeen = true;
          this.sendRequest(node, effect.url, { kind: 'flood', flood: effect.flood });
          break;
        case 'pull':
          sendSeen = true;
          this.sendRequest(node, effect.url, { kind: 'pull', origins: effect.origins });
          break;
        case 'reachabilityChanged':
          break;
        case 'wakeAt':
          this.scheduleWake(node, effect.at);
          break;
      }
    }
    this.checkStoreMatchesState(node);
  }

  /** The own sequence must grow with every origination while the store is intact. */
  private checkOwnSequence(node: SimulatedNode, origin: string, sequence: number): void {
    if (origin !== node.code) {
      return;
    }
    if (sequence <= node.ownSequenceMax) {
      this.problems.push(
        `${node.code} persisted own sequence ${sequence} at ${this.now}, not above ${node.ownSequenceMax}`,
      );
    }
    node.ownSequenceMax = Math.max(node.ownSequenceMax, sequence);
  }

  /** After the persist effects, the store must contain the machine's sequence per origin. */
  private checkStoreMatchesState(node: SimulatedNode): void {
    const database = (node.state as LinkState).database;
    if (node.store.originCount !== database.size) {
      this.problems.push(
        `${node.code} stores ${node.store.originCount} origins at ${this.now}, its machine holds ${database.size}`,
      );
      return;
    }
    for (const [origin, entry] of database) {
      const stored = node.store.sequenceOf(origin);
      if (stored !== entry.advertisement.sequence) {
        this.problems.push(
          `${node.code} stores ${origin}#${stored} at ${this.now}, its machine holds #${entry.advertisement.sequence}`,
        );
      }
    }
  }

  private scheduleWake(node: SimulatedNode, at: number): void {
    const time = Math.max(at, this.now);
    if (node.wakeTimes.has(time)) {
      return;
    }
    node.wakeTimes.add(time);
    const incarnation = node.incarnation;
    this.at(time, () => {
      if (node.incarnation === incarnation) {
        node.wakeTimes.delete(time);
        this.feed(node, { kind: 'tick', now: this.now });
      }
    });
  }

  private delay(): number {
    return this.random.integer(this.network.delayMinMs, this.network.delayMaxMs);
  }

  /**
   * Sends one request. A lost request or response, or a receiver that is not running, ends
   * in `deliveryFailed` at the sender when the timeout expires, as an HTTP client reports it.
   * A duplicated request reaches the receiver twice, and only the first copy gets a response.
   */
  private sendRequest(sender: SimulatedNode, url: string, request: Request): void {
    this.stats.requests += 1;
    const incarnation = sender.incarnation;
    // Longer than any request and response delay, so only loss or a stopped node times out.
    const timeoutAt = this.now + 2 * this.network.delayMaxMs + 100;
    const fail = () => this.at(timeoutAt, () => this.deliverFailure(sender, incarnation, url));
    const receiver = this.nodesByUrl.get(url);
    if (!receiver || this.random.chance(this.network.lossRate)) {
      this.stats.lostMessages += 1;
      this.trace.record(
        this.now,
        () => `${sender.code} -> ${codeOfUrl(url)} ${request.kind} request lost`,
      );
      fail();
      return;
    }
    const copies = this.random.chance(this.network.duplicateRate) ? 2 : 1;
    if (copies === 2) {
      this.stats.duplicatedRequests += 1;
    }
    for (let copy = 0; copy < copies; copy += 1) {
      const answered = copy === 0;
      this.at(this.now + this.delay(), () => {
        const delivered = this.deliverRequest(sender, incarnation, receiver, request, answered);
        if (answered && !delivered) {
          fail();
        }
      });
    }
  }

  /**
   * Delivers a request to the receiver and, for the copy that gets a response, schedules it.
   * Returns false when the receiver did not run or the response was lost.
   */
  private deliverRequest(
    sender: SimulatedNode,
    incarnation: number,
    receiver: SimulatedNode,
    request: Request,
    answered: boolean,
  ): boolean {
    if (!receiver.state) {
      return false;
    }
    let response: ((now: number) => LinkStateInput) | null = null;
    switch (request.kind) {
      case 'hello': {
        const reply = this.feed(receiver, {
          kind: 'helloReceived',
          now: this.now,
          hello: request.hello,
        })?.helloReply;
        if (!reply) {
          return false;
        }
        response = (now) => ({
          kind: 'helloReplyReceived',
          now,
          fromUrl: receiver.url,
          hello: reply,
        });
        break;
      }
      case 'flood':
        this.feed(receiver, {
          kind: 'floodReceived',
          now: this.now,
          fromUrl: sender.url,
          flood: request.flood,
        });
        break;
      case 'pull': {
        const database = buildDatabaseMessage(receiver.state, request.origins);
        response = (now) => ({ kind: 'databaseReceived', now, fromUrl: receiver.url, database });
        break;
      }
    }
    if (!answered) {
      return true;
    }
    if (this.random.chance(this.network.lossRate)) {
      this.stats.lostMessages += 1;
      this.trace.record(
        this.now,
        () => `${receiver.code} -> ${sender.code} ${request.kind} response lost`,
      );
      return false;
    }
    if (response) {
      const buildInput = response;
      this.at(this.now + this.delay(), () => {
        if (sender.incarnation === incarnation) {
          this.feed(sender, buildInput(this.now));
        }
      });
    }
    return true;
  }

  private deliverFailure(sender: SimulatedNode, incarnation: number, url: string): void {
    if (sender.incarnation === incarnation && sender.state) {
      this.stats.deliveryFailures += 1;
      this.feed(sender, { kind: 'deliveryFailed', now: this.now, url });
    }
  }
}
