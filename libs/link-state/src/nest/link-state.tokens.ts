import type { AdvertisedFlight, DatabaseMessage, FloodMessage, HelloMessage } from '../core/types';
import type { LinkStateTimers } from '../core/machine-contract';

/** Identity and timing of this node's link-state process. */
export interface LinkStateOptions {
  /** Own airline code. */
  self: string;
  selfName: string;
  /** Own HTTP base URL as peers reach it. */
  selfUrl: string;
  seedUrls: readonly string[];
  timers: LinkStateTimers;
}

/** Sends link-state messages to a peer; every method rejects when the peer cannot be reached. */
export interface LinkStateTransport {
  hello(url: string, hello: HelloMessage): Promise<HelloMessage>;
  flood(url: string, flood: FloodMessage): Promise<void>;
  pull(url: string, origins: string[]): Promise<DatabaseMessage>;
}

/** Loads this node's own flights, as they are to be advertised. */
export interface OwnFlightsSource {
  loadOwnFlights(): Promise<AdvertisedFlight[]>;
}

export const LINK_STATE_OPTIONS = Symbol('LinkStateOptions');
export const LINK_STATE_TRANSPORT = Symbol('LinkStateTransport');
export const OWN_FLIGHTS_SOURCE = Symbol('OwnFlightsSource');
