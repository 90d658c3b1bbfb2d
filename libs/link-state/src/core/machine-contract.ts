import type {
  AdvertisedFlight,
  Advertisement,
  AdvertisementUpdate,
  DatabaseMessage,
  FloodMessage,
  HelloMessage,
  SeatChange,
} from './types';

/** Timing of the protocol, in milliseconds. `deadIntervalMs` must exceed `helloIntervalMs`. */
export interface LinkStateTimers {
  helloIntervalMs: number;
  deadIntervalMs: number;
  /** Own seat changes are batched into at most one update per this interval. */
  updateBatchIntervalMs: number;
}

/** A neighbour: a node this one exchanges hellos and floods with. */
export interface NeighborRecord {
  url: string;
  /** Airline code, once learned from a hello. */
  airline: string | null;
  /** `seed`: from configuration; `learned`: it contacted us first. */
  source: 'seed' | 'learned';
}

/** Stored state the adapter loads when the node starts. */
export interface LinkStateSnapshot {
  advertisements: Advertisement[];
  neighbors: NeighborRecord[];
}

/** Everything that can happen to the protocol; each input carries the current time. */
export type LinkStateInput =
  /** Node start: load the snapshot and originate own flights (a new, higher sequence). */
  | { kind: 'start'; now: number; snapshot: LinkStateSnapshot; ownFlights: AdvertisedFlight[] }
  /** Own flights changed as a whole (e.g. new days seeded): originate a new full advertisement. */
  | { kind: 'ownFlightsReplaced'; now: number; flights: AdvertisedFlight[] }
  /** Own seats changed; batched into updates. */
  | { kind: 'ownSeatsChanged'; now: number; changes: SeatChange[] }
  /** Timer: send hellos when due, detect dead neighbours, flush batched updates. */
  | { kind: 'tick'; now: number }
  /** A hello arrived (the adapter replies with `helloReply` from the result). */
  | { kind: 'helloReceived'; now: number; hello: HelloMessage }
  /** The reply to a hello this node sent. */
  | { kind: 'helloReplyReceived'; now: number; fromUrl: string; hello: HelloMessage }
  | { kind: 'floodReceived'; now: number; fromUrl: string; flood: FloodMessage }
  /** The response to a `pull` effect. */
  | { kind: 'databaseReceived'; now: number; fromUrl: string; database: DatabaseMessage }
  /** A send or pull to `url` failed (unreachable, timeout, rejected). */
  | { kind: 'deliveryFailed'; now: number; url: string };

/** Action the adapter performs, in order: persist effects before send effects. */
export type LinkStateEffect =
  /** Store this advertisement, replacing the origin's previous one, durably. */
  | { kind: 'persistAdvertisement'; advertisement: Advertisement }
  /** Apply this update to the stored advertisement of its origin, durably. */
  | { kind: 'persistUpdate'; update: AdvertisementUpdate }
  | { kind: 'persistNeighbor'; neighbor: NeighborRecord }
  | { kind: 'sendHello'; url: string; hello: HelloMessage }
  | { kind: 'sendFlood'; url: string; flood: FloodMessage }
  /** Fetch the full advertisements of `origins` from `url` and feed them back as `databaseReceived`. */
  | { kind: 'pull'; url: string; origins: string[] }
  /** The reachable set changed; lists every known origin as reachable or unreachable. For logs and metrics. */
  | { kind: 'reachabilityChanged'; reachable: string[]; unreachable: string[] }
  /** The core wants a `tick` no later than this instant (e.g. to flush a batch). */
  | { kind: 'wakeAt'; at: number };
