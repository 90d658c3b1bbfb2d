import {
  type AdvertisedFlight,
  type Advertisement,
  type DatabaseMessage,
  type FloodMessage,
  type HelloMessage,
  type LinkStateEffect,
  type LinkStateInput,
  type LinkStateStepResult,
  type LinkStateTimers,
  type NeighborRecord,
  LinkStateNode,
  applyUpdate,
  getAdvertisement,
} from '@interline/link-state/core';

import type { NodeServices } from './node-services';
import type { RowWrite } from './simulated-disk';

/** Base URL of a simulated node, e.g. `http://jg.sim`. */
export function simulatedNodeUrl(code: string): string {
  return `http://${code.toLowerCase()}.sim`;
}

/** Airline code of a simulated node URL. */
export function codeOfUrl(url: string): string {
  return url.slice('http://'.length, url.indexOf('.sim')).toUpperCase();
}

interface QueuedInput {
  input: LinkStateInput;
  after: (result: LinkStateStepResult) => void;
}

/**
 * The link-state protocol of one simulated node: the real link-state core fed one input at a
 * time, with its persist effects written durably before its sends, as the node's link-state
 * service does. Hellos, floods and pulls travel over the simulated network.
 */
export class LinkStateRole {
  readonly machine: LinkStateNode;
  private readonly inputs: QueuedInput[] = [];
  private busy = false;
  private readonly wakeTimes = new Set<number>();

  constructor(
    private readonly node: NodeServices,
    config: { name: string; seeds: string[]; timers: LinkStateTimers },
  ) {
    this.machine = new LinkStateNode({
      self: node.code,
      selfName: config.name,
      selfUrl: simulatedNodeUrl(node.code),
      seedUrls: config.seeds.map(simulatedNodeUrl),
      timers: config.timers,
    });
  }

  /** Starts the machine from the stored advertisements, neighbours and own flights. */
  start(ownFlights: AdvertisedFlight[]): void {
    const advertisements = this.node.disk.readAll<Advertisement>('advertisements');
    const neighbors = this.node.disk.readAll<NeighborRecord>('neighbors');
    this.feed({
      kind: 'start',
      now: this.node.now(),
      snapshot: { advertisements, neighbors },
      ownFlights,
    });
  }

  /** Publishes new seat counts of own flights; they are batched into updates. */
  seatsChanged(changes: Array<{ flightId: string; seatsAvailable: number }>): void {
    if (this.machine.state.started) {
      this.feed({ kind: 'ownSeatsChanged', now: this.node.now(), changes });
    }
  }

  receiveHello(hello: HelloMessage, respond: (reply: HelloMessage) => void): void {
    this.feed({ kind: 'helloReceived', now: this.node.now(), hello }, (result) => {
      if (result.helloReply) {
        respond(result.helloReply);
      }
    });
  }

  receiveFlood(flood: FloodMessage, respond: () => void): void {
    this.feed(
      { kind: 'floodReceived', now: this.node.now(), fromUrl: simulatedNodeUrl(flood.from), flood },
      respond,
    );
  }

  database(origins: string[]): DatabaseMessage {
    return { advertisements: this.machine.advertisements(origins) };
  }

  /** Returns the operating airline of a flight in this node's map, or null when the map lacks it. */
  airlineOf(flightId: string): string | null {
    const airline = flightId.slice(0, 2);
    const advertisement = getAdvertisement(this.machine.state, airline);
    return advertisement?.flights.some((flight) => flight.id === flightId) ? airline : null;
  }

  private feed(
    input: LinkStateInput,
    after: (result: LinkStateStepResult) => void = () => undefined,
  ): void {
    this.inputs.push({ input, after });
    this.drain();
  }

  private drain(): void {
    while (!this.busy && this.inputs.length > 0) {
      const { input, after } = this.inputs.shift() as QueuedInput;
      let result: LinkStateStepResult;
      try {
        result = this.machine.step({ ...input, now: this.node.now() } as LinkStateInput);
      } catch (error) {
        this.node.violation(
          `${this.node.code} link state threw on ${input.kind}: ${describe(error)}`,
        );
        continue;
      }
      const rows = this.persistRows(result.effects);
      const perform = (): void => {
        this.perform(result.effects);
        after(result);
      };
      if (rows.length === 0) {
        perform();
        continue;
      }
      this.busy = true;
      this.node.disk.write(rows, 'durable', () => {
        this.busy = false;
        perform();
        this.drain();
      });
    }
  }

  private persistRows(effects: readonly LinkStateEffect[]): RowWrite[] {
    const rows: RowWrite[] = [];
    const pending = new Map<string, Advertisement>();
    for (const effect of effects) {
      if (effect.kind === 'persistAdvertisement') {
        pending.set(effect.advertisement.origin, effect.advertisement);
        rows.push({
          table: 'advertisements',
          key: effect.advertisement.origin,
          value: effect.advertisement,
        });
      } else if (effect.kind === 'persistUpdate') {
        const stored =
          pending.get(effect.update.origin) ??
          this.node.disk.read<Advertisement>('advertisements', effect.update.origin);
        if (stored === null || stored.sequence !== effect.update.previousSequence) {
          this.node.violation(
            `${this.node.code} persisted update ${effect.update.origin}#${effect.update.sequence} over stored #${stored?.sequence ?? 'none'}`,
          );
          continue;
        }
        const next = applyUpdate(stored, effect.update);
        pending.set(next.origin, next);
        rows.push({ table: 'advertisements', key: next.origin, value: next });
      } else if (effect.kind === 'persistNeighbor') {
        rows.push({ table: 'neighbors', key: effect.neighbor.url, value: effect.neighbor });
      }
    }
    return rows;
  }

  private perform(effects: readonly LinkStateEffect[]): void {
    for (const effect of effects) {
      switch (effect.kind) {
        case 'sendHello':
          this.request(effect.url, 'hello', effect.hello, (body) =>
            this.feed({
              kind: 'helloReplyReceived',
              now: this.node.now(),
              fromUrl: effect.url,
              hello: body as HelloMessage,
            }),
          );
          break;
        case 'sendFlood':
          this.request(effect.url, 'flood', effect.flood, () => undefined);
          break;
        case 'pull':
          this.request(effect.url, 'pull', { origins: effect.origins }, (body) =>
            this.feed({
              kind: 'databaseReceived',
              now: this.node.now(),
              fromUrl: effect.url,
              database: body as DatabaseMessage,
            }),
          );
          break;
        case 'reachabilityChanged':
          this.node.note('reachability', '', `unreachable [${effect.unreachable.join(' ')}]`);
          break;
        case 'wakeAt':
          this.scheduleTick(effect.at);
          break;
        default:
          break;
      }
    }
  }

  private request(
    url: string,
    kind: string,
    body: unknown,
    onResponse: (body: unknown) => void,
  ): void {
    this.node.send(codeOfUrl(url), kind, '', body, 2_000, onResponse, () =>
      this.feed({ kind: 'deliveryFailed', now: this.node.now(), url }),
    );
  }

  private scheduleTick(at: number): void {
    const time = Math.max(at, this.node.now());
    if (this.wakeTimes.has(time)) {
      return;
    }
    this.wakeTimes.add(time);
    this.node.at(time, () => {
      this.wakeTimes.delete(time);
      this.feed({ kind: 'tick', now: this.node.now() });
    });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
