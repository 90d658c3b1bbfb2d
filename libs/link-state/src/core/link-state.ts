import type { DatabaseEntry } from './advertisements';
import { AIRLINE_CODE } from './field-readers';
import type { LinkStateTimers, NeighborRecord } from './machine-contract';
import type { Advertisement, DatabaseMessage, DatabaseSummary, HelloMessage } from './types';

/** Configuration of one node's link-state machine. */
export interface LinkStateConfig {
  /** Airline code of this node, two capital letters or digits. */
  self: string;
  selfName: string;
  /** Base URL of this node's HTTP API, sent in hellos and advertisements. */
  selfUrl: string;
  /** Neighbours from configuration, which get hellos from the start. */
  seedUrls: readonly string[];
  timers: LinkStateTimers;
}

/** A neighbour and its liveness, keyed by URL. */
export interface NeighborState extends NeighborRecord {
  /** True while a hello or hello reply arrived within the dead interval. */
  up: boolean;
  /** When the last hello or hello reply from it arrived, or null if none since start. */
  lastHeardAt: number | null;
  /**
   * True after a send to it failed: floods skip it until its next hello arrives. It catches up
   * through the hello summary comparison.
   */
  floodSuppressed: boolean;
}

/** A full advertisement requested from a node and not yet received. */
export interface PendingPull {
  url: string;
  /** Sequence that the node has, as its summary or update stated. */
  sequence: number;
  requestedAt: number;
}

/**
 * The whole state of one node's protocol. No function of the core changes a state in place:
 * `stepLinkState` returns a new state and leaves the old one valid.
 */
export interface LinkState {
  readonly config: LinkStateConfig;
  /** False until the `start` input, before which every other input is ignored. */
  readonly started: boolean;
  /** Advertisements by origin, this node's own included, with received updates applied. */
  readonly database: ReadonlyMap<string, DatabaseEntry>;
  readonly neighbors: ReadonlyMap<string, Readonly<NeighborState>>;
  /** Own seat counts by flight id waiting for the next batch flush. */
  readonly pendingSeats: ReadonlyMap<string, number>;
  /** When the last batch of own seat changes was flushed, or null if none since start. */
  readonly lastFlushAt: number | null;
  readonly nextHelloAt: number;
  /** Pulls in flight by origin, so several neighbours are not asked for the same origin. */
  readonly pendingPulls: ReadonlyMap<string, Readonly<PendingPull>>;
  /**
   * True when the node started without a stored own advertisement, so copies from an earlier
   * life of the node may still exist at the sequence it now uses.
   */
  readonly verifyOwnCopies: boolean;
  /** Neighbours whose first summary since start was compared with the own sequence. */
  readonly ownCopyCheckedUrls: ReadonlySet<string>;
  /** Origins reachable over two-way adjacencies, self included. */
  readonly reachable: ReadonlySet<string>;
  /** Received messages dropped because they failed validation. */
  readonly rejectedMessages: number;
}

/** A neighbour as the adapter shows it in status pages. */
export interface NeighborView {
  url: string;
  airline: string | null;
  source: 'seed' | 'learned';
  up: boolean;
  lastHeardAt: number | null;
}

/**
 * Creates the state of a node that has not started yet. Throws a RangeError on an invalid
 * airline code or on timers that are not positive or whose dead interval does not exceed the
 * hello interval.
 */
export function createLinkState(config: LinkStateConfig): LinkState {
  const { helloIntervalMs, deadIntervalMs, updateBatchIntervalMs } = config.timers;
  if (!AIRLINE_CODE.test(config.self)) {
    throw new RangeError(
      `Invalid airline code ${JSON.stringify(config.self)}: expected two capital letters or digits`,
    );
  }
  if (!(helloIntervalMs > 0 && updateBatchIntervalMs >= 0 && deadIntervalMs > helloIntervalMs)) {
    throw new RangeError(
      `Invalid link-state timers ${JSON.stringify(config.timers)}: helloIntervalMs must be positive, updateBatchIntervalMs not negative and deadIntervalMs greater than helloIntervalMs`,
    );
  }
  return {
    config: { ...config, seedUrls: [...config.seedUrls] },
    started: false,
    database: new Map(),
    neighbors: new Map(),
    pendingSeats: new Map(),
    lastFlushAt: null,
    nextHelloAt: 0,
    pendingPulls: new Map(),
    verifyOwnCopies: false,
    ownCopyCheckedUrls: new Set(),
    reachable: new Set(),
    rejectedMessages: 0,
  };
}

/** Returns every advertisement in the database, sorted by origin. */
export function getAdvertisements(state: LinkState): Advertisement[] {
  return [...state.database.values()]
    .map((entry) => entry.advertisement)
    .sort((left, right) => compareText(left.origin, right.origin));
}

export function getAdvertisement(state: LinkState, origin: string): Advertisement | undefined {
  return state.database.get(origin)?.advertisement;
}

/** Returns the sequence held per origin, the digest sent in hellos. */
export function getSummary(state: LinkState): DatabaseSummary {
  const summary: DatabaseSummary = {};
  for (const origin of [...state.database.keys()].sort(compareText)) {
    summary[origin] = (state.database.get(origin) as DatabaseEntry).advertisement.sequence;
  }
  return summary;
}

/** Returns the hello this node sends, also used as the response to a received hello. */
export function buildHello(state: LinkState): HelloMessage {
  return { from: state.config.self, url: state.config.selfUrl, summary: getSummary(state) };
}

/**
 * Builds the response to a database request: the advertisements of `origins` that the
 * database contains, or all of them when `origins` is omitted.
 */
export function buildDatabaseMessage(
  state: LinkState,
  origins?: readonly string[],
): DatabaseMessage {
  const requested = origins ? new Set(origins) : null;
  return {
    advertisements: getAdvertisements(state).filter(
      (advertisement) => !requested || requested.has(advertisement.origin),
    ),
  };
}

export function isReachable(state: LinkState, origin: string): boolean {
  return state.reachable.has(origin);
}

/** Returns the reachable origins, self included, sorted. */
export function reachableOrigins(state: LinkState): string[] {
  return [...state.reachable].sort(compareText);
}

/** Returns the neighbours sorted by URL. */
export function listNeighbors(state: LinkState): NeighborView[] {
  return [...state.neighbors.values()]
    .map(({ url, airline, source, up, lastHeardAt }) => ({ url, airline, source, up, lastHeardAt }))
    .sort((left, right) => compareText(left.url, right.url));
}

/** Returns the node URL that `origin` advertises, or undefined for an unknown origin. */
export function nodeUrlOf(state: LinkState, origin: string): string | undefined {
  return state.database.get(origin)?.advertisement.nodeUrl;
}

/** Returns the sorted airline codes of the up neighbours: this node's adjacency list. */
export function upNeighborAirlines(state: Pick<LinkState, 'neighbors' | 'config'>): string[] {
  const codes = new Set<string>();
  for (const neighbor of state.neighbors.values()) {
    if (neighbor.up && neighbor.airline !== null && neighbor.airline !== state.config.self) {
      codes.add(neighbor.airline);
    }
  }
  return [...codes].sort(compareText);
}

/**
 * Returns the instant at which the next timer is due: the next hello, the moment an up
 * neighbour passes the dead interval, or the flush of pending seat changes. Null before start.
 */
export function nextWakeAt(state: LinkState): number | null {
  return state.started ? computeWakeAt(state) : null;
}

/** Computes `nextWakeAt` of a started state or of a step in progress. */
export function computeWakeAt(
  state: Pick<LinkState, 'config' | 'nextHelloAt' | 'neighbors' | 'pendingSeats' | 'lastFlushAt'>,
): number {
  const { deadIntervalMs, updateBatchIntervalMs } = state.config.timers;
  let wakeAt = state.nextHelloAt;
  for (const neighbor of state.neighbors.values()) {
    if (neighbor.up && neighbor.lastHeardAt !== null) {
      // A neighbour is down once more than the dead interval has passed.
      wakeAt = Math.min(wakeAt, neighbor.lastHeardAt + deadIntervalMs + 1);
    }
  }
  if (state.pendingSeats.size > 0 && state.lastFlushAt !== null) {
    wakeAt = Math.min(wakeAt, state.lastFlushAt + updateBatchIntervalMs);
  }
  return wakeAt;
}

/** Orders by UTF-16 code units, independent of the locale. */
export function compareText(left: string, right: string): number {
  if (left < right) {
    return -1;
  }
  return left > right ? 1 : 0;
}
