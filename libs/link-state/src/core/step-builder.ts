import { applyUpdateToEntry, indexAdvertisement, sameNeighbors } from './advertisements';
import type { DatabaseEntry } from './advertisements';
import { buildHello, compareText, upNeighborAirlines } from './link-state';
import type { LinkState, LinkStateConfig, NeighborState, PendingPull } from './link-state';
import type { LinkStateEffect } from './machine-contract';
import { computeReachable } from './reachability';
import { FLOOD_ADVERTISEMENTS_MAX, FLOOD_UPDATES_MAX } from './types';
import type { Advertisement, AdvertisementUpdate, FloodMessage, HelloMessage } from './types';
import { DATABASE_ORIGINS_MAX } from './limits';

/**
 * Maximum number of origins that the `pull` effects of one step request, all target nodes
 * together. Origins beyond it are requested after a later hello.
 */
export const PULL_ORIGINS_PER_STEP_MAX = FLOOD_ADVERTISEMENTS_MAX;

export interface LinkStateStepResult {
  state: LinkState;
  /** Effects in the order the adapter performs them: persist effects first, then sends. */
  effects: LinkStateEffect[];
  /** Set for `helloReceived` after start: the hello to send back as the HTTP response. */
  helloReply?: HelloMessage;
}

/** Something to flood, and the neighbour it came from, which must not get it back. */
interface FloodItem {
  advertisement?: Advertisement;
  update?: AdvertisementUpdate;
  senderUrl: string | null;
  senderAirline: string | null;
}

/**
 * The working copy of a state during one step, and the effects the step collects. Maps are
 * copied from the input state before any change, so the input state stays unchanged.
 */
export class StepBuilder {
  readonly config: LinkStateConfig;
  readonly database: Map<string, DatabaseEntry>;
  readonly neighbors: Map<string, NeighborState>;
  readonly pendingPulls: Map<string, PendingPull>;
  verifyOwnCopies: boolean;
  readonly ownCopyCheckedUrls: Set<string>;
  lastFlushAt: number | null;
  nextHelloAt: number;
  rejectedMessages: number;
  /** Set when an adjacency list may have changed, so reachability is computed again. */
  topologyChanged = false;
  wakeAt: number | null = null;

  private pendingSeatsCopy: Map<string, number> | null = null;
  private readonly persistEffects: LinkStateEffect[] = [];
  private readonly helloUrls = new Set<string>();
  private readonly floodItems: FloodItem[] = [];
  private readonly pullOrigins = new Map<string, string[]>();
  private pullOriginCount = 0;

  constructor(
    private readonly base: LinkState,
    readonly now: number,
  ) {
    this.config = base.config;
    this.database = new Map(base.database);
    this.neighbors = new Map(base.neighbors);
    this.pendingPulls = new Map(base.pendingPulls);
    this.verifyOwnCopies = base.verifyOwnCopies;
    this.ownCopyCheckedUrls = new Set(base.ownCopyCheckedUrls);
    this.lastFlushAt = base.lastFlushAt;
    this.nextHelloAt = base.nextHelloAt;
    this.rejectedMessages = base.rejectedMessages;
  }

  get self(): string {
    return this.config.self;
  }

  /** This node's own database entry, present from the `start` input on. */
  get ownEntry(): DatabaseEntry {
    const entry = this.database.get(this.self);
    if (!entry) {
      throw new Error(`Internal error: link-state node ${this.self} has no own advertisement`);
    }
    return entry;
  }

  get pendingSeats(): ReadonlyMap<string, number> {
    return this.pendingSeatsCopy ?? this.base.pendingSeats;
  }

  mutablePendingSeats(): Map<string, number> {
    this.pendingSeatsCopy ??= new Map(this.base.pendingSeats);
    return this.pendingSeatsCopy;
  }

  /**
   * Stores a full advertisement, persists it and floods it to every up neighbour except the
   * sender. Returns false when the advertisement is of a new origin other than this node and
   * the database already contains `DATABASE_ORIGINS_MAX` origins, in which case nothing happens.
   */
  storeAdvertisement(
    advertisement: Advertisement,
    senderUrl: string | null,
    senderAirline: string | null,
  ): boolean {
    const newOrigin = !this.database.has(advertisement.origin);
    if (
      newOrigin &&
      advertisement.origin !== this.self &&
      this.database.size >= DATABASE_ORIGINS_MAX
    ) {
      return false;
    }
    this.database.set(advertisement.origin, indexAdvertisement(advertisement));
    this.persistEffects.push({ kind: 'persistAdvertisement', advertisement });
    this.floodItems.push({ advertisement, senderUrl, senderAirline });
    this.topologyChanged = true;
    this.settlePull(advertisement.origin);
    return true;
  }

  /** Applies an update on top of its previous sequence, persists it and floods it likewise. */
  storeUpdate(
    entry: DatabaseEntry,
    update: AdvertisementUpdate,
    senderUrl: string | null,
    senderAirline: string | null,
  ): void {
    this.database.set(update.origin, applyUpdateToEntry(entry, update));
    this.persistEffects.push({ kind: 'persistUpdate', update });
    this.floodItems.push({ update, senderUrl, senderAirline });
    if (update.neighbors && !sameNeighbors(update.neighbors, entry.advertisement.neighbors)) {
      this.topologyChanged = true;
    }
    this.settlePull(update.origin);
  }

  persistNeighbor(neighbor: NeighborState): void {
    const { url, airline, source } = neighbor;
    this.persistEffects.push({ kind: 'persistNeighbor', neighbor: { url, airline, source } });
  }

  /** Queues a hello to `url`. Its summary is taken when the step finishes. */
  sendHello(url: string): void {
    this.helloUrls.add(url);
  }

  /**
   * Requests the full advertisement of `origin` from `url`, which has `sequence`. Skipped when
   * a pull for that sequence or a higher one is already pending and younger than the dead
   * interval, which bounds how long a lost pull blocks a retry.
   */
  requestPull(url: string, origin: string, sequence: number): void {
    const pending = this.pendingPulls.get(origin);
    const pendingValid =
      pending !== undefined &&
      pending.sequence >= sequence &&
      this.now - pending.requestedAt < this.config.timers.deadIntervalMs;
    if (pendingValid || this.pullOriginCount >= PULL_ORIGINS_PER_STEP_MAX) {
      return;
    }
    this.pendingPulls.set(origin, { url, sequence, requestedAt: this.now });
    const origins = this.pullOrigins.get(url) ?? [];
    origins.push(origin);
    this.pullOrigins.set(url, origins);
    this.pullOriginCount += 1;
  }

  /** Drops the pending pull of `origin` once the database contains the requested sequence. */
  settlePull(origin: string): void {
    const pending = this.pendingPulls.get(origin);
    const sequence = this.database.get(origin)?.advertisement.sequence ?? 0;
    if (pending && sequence >= pending.sequence) {
      this.pendingPulls.delete(origin);
    }
  }

  /** Builds the new state and the effects, persist effects first. */
  finish(options: { helloReply?: boolean } = {}): LinkStateStepResult {
    const ownNeighbors = upNeighborAirlines(this);
    const reachable = this.topologyChanged
      ? computeReachable(this.self, ownNeighbors, this.database)
      : this.base.reachable;
    const state: LinkState = {
      config: this.config,
      started: true,
      database: this.database,
      neighbors: this.neighbors,
      pendingSeats: this.pendingSeats,
      lastFlushAt: this.lastFlushAt,
      nextHelloAt: this.nextHelloAt,
      pendingPulls: this.pendingPulls,
      verifyOwnCopies: this.verifyOwnCopies,
      ownCopyCheckedUrls: this.ownCopyCheckedUrls,
      reachable,
      rejectedMessages: this.rejectedMessages,
    };

    const effects: LinkStateEffect[] = [...this.persistEffects];
    const hello = buildHello(state);
    for (const url of [...this.helloUrls].sort(compareText)) {
      effects.push({ kind: 'sendHello', url, hello });
    }
    effects.push(...this.buildFloodEffects());
    for (const [url, origins] of this.pullOrigins) {
      effects.push({ kind: 'pull', url, origins: origins.sort(compareText) });
    }
    if (!sameSet(reachable, this.base.reachable)) {
      // Both lists together cover every origin in the database, so a log line or a metric
      // can be built from this one effect.
      const origins = [...this.database.keys()].sort(compareText);
      effects.push({
        kind: 'reachabilityChanged',
        reachable: origins.filter((origin) => reachable.has(origin)),
        unreachable: origins.filter((origin) => !reachable.has(origin)),
      });
    }
    if (this.wakeAt !== null) {
      effects.push({ kind: 'wakeAt', at: this.wakeAt });
    }
    return options.helloReply ? { state, effects, helloReply: hello } : { state, effects };
  }

  /**
   * Sends every flood item to every up neighbour that has not failed a delivery since its last
   * hello, except the neighbour the item came from. Items keep their order and are split into
   * messages within the flood size bounds.
   */
  private buildFloodEffects(): LinkStateEffect[] {
    if (this.floodItems.length === 0) {
      return [];
    }
    const targets = [...this.neighbors.values()]
      .filter((neighbor) => neighbor.up && !neighbor.floodSuppressed)
      .sort((left, right) => compareText(left.url, right.url));
    const effects: LinkStateEffect[] = [];
    for (const target of targets) {
      let message: FloodMessage = { from: this.self, advertisements: [], updates: [] };
      const messages = [message];
      for (const item of this.floodItems) {
        const fromTarget =
          item.senderUrl === target.url ||
          (item.senderAirline !== null && item.senderAirline === target.airline);
        if (fromTarget) {
          continue;
        }
        const full = item.advertisement
          ? message.advertisements.length >= FLOOD_ADVERTISEMENTS_MAX
          : message.updates.length >= FLOOD_UPDATES_MAX;
        if (full) {
          message = { from: this.self, advertisements: [], updates: [] };
          messages.push(message);
        }
        if (item.advertisement) {
          message.advertisements.push(item.advertisement);
        } else if (item.update) {
          message.updates.push(item.update);
        }
      }
      for (const flood of messages) {
        if (flood.advertisements.length + flood.updates.length > 0) {
          effects.push({ kind: 'sendFlood', url: target.url, flood });
        }
      }
    }
    return effects;
  }
}

function sameSet(left: ReadonlySet<string>, right: ReadonlySet<string>): boolean {
  return left.size === right.size && [...left].every((item) => right.has(item));
}
