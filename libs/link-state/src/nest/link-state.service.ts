import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';

import { LINK_STATE_REPOSITORY, type LinkStateRepository } from '@interline/persistence';

import type { LinkStateEffect, LinkStateInput } from '../core/machine-contract';
import type {
  DatabaseMessage,
  DatabaseSummary,
  FloodMessage,
  HelloMessage,
  SeatChange,
} from '../core/types';
import { DEFAULT_SEARCH_RULES, FlightIndex, searchItineraries } from '../search';
import type { Itinerary, SearchFlight, SearchQuery, SearchRules } from '../search';
import { LinkStateNode, type NeighborView } from '../core';
import {
  LINK_STATE_OPTIONS,
  LINK_STATE_TRANSPORT,
  type LinkStateOptions,
  type LinkStateTransport,
  OWN_FLIGHTS_SOURCE,
  type OwnFlightsSource,
} from './link-state.tokens';

/** Last delivery result per peer URL, shown in `/status`. */
export interface DeliveryStatus {
  at: number;
  error: string | null;
}

/** Counters of protocol activity, exported as metrics by the node. */
export interface LinkStateCounters {
  advertisementsStored: number;
  updatesStored: number;
  floodsSent: number;
  pullsSent: number;
  deliveryFailures: number;
}

/**
 * Largest flood body sent in one request, in JSON characters. Receivers accept 8 MB bodies; a
 * flood carrying several large advertisements is split so each request stays below that.
 */
export const FLOOD_BODY_CHARACTERS_MAX = 6 * 1024 * 1024;

const TICK_INTERVAL_MS_MAX = 100;
const TICK_INTERVAL_MS_MIN = 20;

/**
 * Runs the pure link-state machine for this node. It feeds the machine one input at a time (HTTP
 * messages, timer ticks, replies, own seat changes) and performs the effects in order: persist
 * first, then send, so nothing is forwarded that was not stored. It also keeps the search index
 * over the map the machine holds.
 */
@Injectable()
export class LinkStateService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('LinkState');
  private machine: LinkStateNode | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private tickTimer: NodeJS.Timeout | undefined;
  private wakeTimer: NodeJS.Timeout | undefined;
  private wakeAtMs = Number.POSITIVE_INFINITY;
  private stopped = false;
  private searchFlights = new Map<string, SearchFlight>();
  private searchIndex: FlightIndex | undefined;
  private lastServiceDateInMap: string | null = null;
  private readonly deliveries = new Map<string, DeliveryStatus>();
  /** When this node last stored a change of each origin's advertisement, epoch ms. */
  private readonly storedAt = new Map<string, number>();
  readonly counters: LinkStateCounters = {
    advertisementsStored: 0,
    updatesStored: 0,
    floodsSent: 0,
    pullsSent: 0,
    deliveryFailures: 0,
  };

  constructor(
    @Inject(LINK_STATE_OPTIONS) private readonly options: LinkStateOptions,
    @Inject(LINK_STATE_REPOSITORY) private readonly repository: LinkStateRepository,
    @Inject(LINK_STATE_TRANSPORT) private readonly transport: LinkStateTransport,
    @Inject(OWN_FLIGHTS_SOURCE) private readonly ownFlights: OwnFlightsSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.machine = new LinkStateNode(this.options);
    const snapshot = await this.repository.loadSnapshot();
    const ownFlights = await this.ownFlights.loadOwnFlights();
    await this.dispatch({ kind: 'start', now: Date.now(), snapshot, ownFlights });
    this.logger.log({
      msg: 'Link state started',
      origins: Object.keys(this.summary()).join(','),
      neighbors: this.neighbors().length,
    });

    const { helloIntervalMs } = this.options.timers;
    const tickMs = Math.max(
      TICK_INTERVAL_MS_MIN,
      Math.min(TICK_INTERVAL_MS_MAX, helloIntervalMs / 2),
    );
    this.tickTimer = setInterval(
      () => this.dispatchInternal({ kind: 'tick', now: Date.now() }),
      tickMs,
    );
    this.tickTimer.unref();
  }

  /**
   * Stops timers and waits for the input in progress, before any module's shutdown hook runs,
   * so the database is still open for the last persist.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.tickTimer);
    clearTimeout(this.wakeTimer);
    await this.queue;
  }

  /** Handles a validated hello from a peer and returns this node's hello as the reply. */
  async receiveHello(hello: HelloMessage): Promise<HelloMessage> {
    const reply = await this.dispatch({ kind: 'helloReceived', now: Date.now(), hello });
    return reply ?? this.ownHello();
  }

  /** Handles a validated flood from a peer. */
  async receiveFlood(flood: FloodMessage): Promise<void> {
    await this.dispatch({
      kind: 'floodReceived',
      now: Date.now(),
      fromUrl: this.urlOf(flood.from),
      flood,
    });
  }

  /** Publishes changes of this airline's seat availability; they are batched into updates. */
  async publishSeatChanges(changes: SeatChange[]): Promise<void> {
    if (changes.length > 0) {
      await this.dispatch({ kind: 'ownSeatsChanged', now: Date.now(), changes });
    }
  }

  /** Re-advertises this airline's flights as a whole, e.g. after new days were seeded. */
  async republishOwnFlights(): Promise<void> {
    const flights = await this.ownFlights.loadOwnFlights();
    await this.dispatch({ kind: 'ownFlightsReplaced', now: Date.now(), flights });
  }

  /** Returns the full advertisements of `origins`, or of every origin when none are given. */
  database(origins?: readonly string[]): DatabaseMessage {
    return { advertisements: this.requireMachine().advertisements(origins) };
  }

  summary(): DatabaseSummary {
    return this.requireMachine().summary();
  }

  neighbors(): Array<NeighborView & { lastDelivery: DeliveryStatus | null }> {
    return this.requireMachine()
      .neighbors()
      .map((neighbor) => ({
        ...neighbor,
        lastDelivery: this.deliveries.get(neighbor.url) ?? null,
      }));
  }

  /** Every airline in the map with its name and whether it is reachable from this node. */
  airlines(): Array<{
    code: string;
    name: string;
    reachable: boolean;
    sequence: number;
    storedAt: number | null;
  }> {
    const machine = this.requireMachine();
    return machine.advertisements().map((advertisement) => ({
      code: advertisement.origin,
      name: advertisement.airlineName,
      reachable: machine.isReachable(advertisement.origin),
      sequence: advertisement.sequence,
      storedAt: this.storedAt.get(advertisement.origin) ?? null,
    }));
  }

  /**
   * Address of an airline's node: its direct neighbour URL when it is one, otherwise the URL its
   * own advertisement names. Null when the map holds nothing of the airline.
   */
  nodeUrl(airline: string): string | null {
    return this.urlOf(airline) || null;
  }

  /** Whether this node currently hears, directly or through others, from the airline's node. */
  isReachable(airline: string): boolean {
    return this.requireMachine().isReachable(airline);
  }

  /** One flight of the map by id, with whether its airline is reachable; null when unknown. */
  flight(id: string): SearchFlight | null {
    this.currentIndex();
    return this.searchFlights.get(id) ?? null;
  }

  /** Returns the last service date of any flight in the map, or null when the map is empty. */
  lastServiceDate(): string | null {
    this.currentIndex();
    return this.lastServiceDateInMap;
  }

  /** Searches the local map only; no network call happens here. */
  searchItineraries(query: SearchQuery, rules: Partial<SearchRules> = {}): Itinerary[] {
    return searchItineraries(this.currentIndex(), query, { ...DEFAULT_SEARCH_RULES, ...rules });
  }

  private currentIndex(): FlightIndex {
    if (!this.searchIndex) {
      const machine = this.requireMachine();
      this.searchFlights = new Map();
      this.lastServiceDateInMap = null;
      for (const advertisement of machine.advertisements()) {
        const sellable = machine.isReachable(advertisement.origin);
        for (const flight of advertisement.flights) {
          this.searchFlights.set(flight.id, { ...flight, sellable });
          if (
            this.lastServiceDateInMap === null ||
            flight.serviceDate > this.lastServiceDateInMap
          ) {
            this.lastServiceDateInMap = flight.serviceDate;
          }
        }
      }
      this.searchIndex = new FlightIndex(this.searchFlights.values());
    }
    return this.searchIndex;
  }

  private ownHello(): HelloMessage {
    return { from: this.options.self, url: this.options.selfUrl, summary: this.summary() };
  }

  private urlOf(airline: string): string {
    const machine = this.requireMachine();
    const neighbor = machine.neighbors().find((candidate) => candidate.airline === airline);
    return neighbor?.url ?? machine.nodeUrlOf(airline) ?? '';
  }

  private requireMachine(): LinkStateNode {
    if (!this.machine) {
      throw new Error('Link-state machine used before the node started');
    }
    return this.machine;
  }

  /** Queues `input` behind every earlier one, so the machine processes inputs one at a time. */
  private dispatch(input: LinkStateInput): Promise<HelloMessage | undefined> {
    const run = this.queue.then(() => this.process(input));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Dispatches an input that no caller waits for (timers, replies, failures). A throw from the
   * machine there is a bug, so it is logged with the input kind instead of becoming an
   * unhandled rejection.
   */
  private dispatchInternal(input: LinkStateInput): void {
    this.dispatch(input).catch((error: unknown) => {
      this.logger.error({
        msg: 'Link-state input failed',
        input: input.kind,
        error: error instanceof Error ? error.message : String(error),
      });
    });
  }

  private async process(input: LinkStateInput): Promise<HelloMessage | undefined> {
    if (this.stopped && input.kind !== 'start') {
      return undefined;
    }
    const { effects, helloReply } = this.requireMachine().step(input);
    const now = Date.now();

    // Persist first: a node never forwards or acknowledges what it has not stored.
    for (const effect of effects) {
      await this.persist(effect, now);
    }
    for (const effect of effects) {
      this.perform(effect);
    }
    return helloReply;
  }

  private async persist(effect: LinkStateEffect, now: number): Promise<void> {
    try {
      if (effect.kind === 'persistAdvertisement') {
        await this.repository.saveAdvertisement(effect.advertisement, now);
        this.storedAt.set(effect.advertisement.origin, Date.now());
        this.counters.advertisementsStored += 1;
        this.searchIndex = undefined;
      } else if (effect.kind === 'persistUpdate') {
        await this.repository.applyUpdate(effect.update, now);
        this.storedAt.set(effect.update.origin, Date.now());
        this.counters.updatesStored += 1;
        for (const change of effect.update.seats) {
          const flight = this.searchFlights.get(change.flightId);
          if (flight) {
            flight.seatsAvailable = change.seatsAvailable;
          }
        }
      } else if (effect.kind === 'persistNeighbor') {
        await this.repository.saveNeighbor(effect.neighbor, now);
      }
    } catch (error) {
      // The machine already contains the new state; going on would forward what is not stored.
      this.logger.error({
        msg: 'Link-state storage failed; stopping the node so it restarts from what is stored',
        effect: effect.kind,
        error: error instanceof Error ? error.message : String(error),
      });
      process.exit(1);
    }
  }

  private perform(effect: LinkStateEffect): void {
    switch (effect.kind) {
      case 'sendHello':
        void this.transport.hello(effect.url, effect.hello).then(
          (reply) => {
            this.recordDelivery(effect.url, null);
            this.dispatchInternal({
              kind: 'helloReplyReceived',
              now: Date.now(),
              fromUrl: effect.url,
              hello: reply,
            });
          },
          (error: unknown) => this.failDelivery(effect.url, error),
        );
        break;
      case 'sendFlood':
        for (const part of splitFloodBySize(effect.flood, FLOOD_BODY_CHARACTERS_MAX)) {
          this.counters.floodsSent += 1;
          void this.transport.flood(effect.url, part).then(
            () => this.recordDelivery(effect.url, null),
            (error: unknown) => this.failDelivery(effect.url, error),
          );
        }
        break;
      case 'pull':
        if (effect.url === '') {
          // The flood's sender is not a known neighbour yet; its next hello triggers the pull.
          this.logger.debug({
            msg: 'Pull skipped: sender URL unknown',
            origins: effect.origins.join(','),
          });
          break;
        }
        this.counters.pullsSent += 1;
        this.logger.debug({
          msg: 'Pulling advertisements',
          peer: effect.url,
          origins: effect.origins.join(','),
        });
        void this.transport.pull(effect.url, effect.origins).then(
          (database) =>
            this.dispatchInternal({
              kind: 'databaseReceived',
              now: Date.now(),
              fromUrl: effect.url,
              database,
            }),
          (error: unknown) => this.failDelivery(effect.url, error),
        );
        break;
      case 'reachabilityChanged':
        this.searchIndex = undefined;
        if (effect.reachable.length > 0) {
          this.logger.log({ msg: 'Airlines reachable', airlines: effect.reachable.join(',') });
        }
        if (effect.unreachable.length > 0) {
          this.logger.warn({
            msg: 'Airlines unreachable; their flights stay in the map as not sellable',
            airlines: effect.unreachable.join(','),
          });
        }
        break;
      case 'wakeAt':
        this.scheduleWake(effect.at);
        break;
      default:
        break;
    }
  }

  private scheduleWake(at: number): void {
    if (at >= this.wakeAtMs || this.stopped) {
      return;
    }
    clearTimeout(this.wakeTimer);
    this.wakeAtMs = at;
    this.wakeTimer = setTimeout(
      () => {
        this.wakeAtMs = Number.POSITIVE_INFINITY;
        this.dispatchInternal({ kind: 'tick', now: Date.now() });
      },
      Math.max(0, at - Date.now()),
    );
    this.wakeTimer.unref();
  }

  private recordDelivery(url: string, error: string | null): void {
    this.deliveries.set(url, { at: Date.now(), error });
  }

  private failDelivery(url: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    const previous = this.deliveries.get(url);
    this.counters.deliveryFailures += 1;
    this.recordDelivery(url, message);
    if (previous?.error !== message) {
      this.logger.warn({ msg: 'Link-state message not delivered', peer: url, error: message });
    }
    this.dispatchInternal({ kind: 'deliveryFailed', now: Date.now(), url });
  }
}

/**
 * Splits a flood into floods whose JSON stays under `charactersMax`, keeping every advertisement
 * and update whole and in order. Advertisements go before updates, as the receiver handles them.
 * One advertisement larger than the limit is sent alone.
 */
export function splitFloodBySize(flood: FloodMessage, charactersMax: number): FloodMessage[] {
  if (JSON.stringify(flood).length <= charactersMax) {
    return [flood];
  }
  const parts: FloodMessage[] = [];
  let current: FloodMessage = { from: flood.from, advertisements: [], updates: [] };
  let size = JSON.stringify(current).length;
  const add = (kind: 'advertisements' | 'updates', item: never) => {
    const itemSize = JSON.stringify(item).length + 1;
    if (
      size + itemSize > charactersMax &&
      (current.advertisements.length > 0 || current.updates.length > 0)
    ) {
      parts.push(current);
      current = { from: flood.from, advertisements: [], updates: [] };
      size = JSON.stringify(current).length;
    }
    (current[kind] as unknown[]).push(item);
    size += itemSize;
  };
  flood.advertisements.forEach((advertisement) => add('advertisements', advertisement as never));
  flood.updates.forEach((update) => add('updates', update as never));
  parts.push(current);
  return parts;
}
