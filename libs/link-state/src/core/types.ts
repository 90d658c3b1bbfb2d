/**
 * Data and message types of the link-state protocol that spreads every airline's flights and
 * seat availability between airline nodes. Instants are epoch milliseconds.
 */

/** One flight leg as its airline advertises it. */
export interface AdvertisedFlight {
  /** `<airline><number>-<YYYYMMDD>`, e.g. `JG1001-20261205`. */
  id: string;
  airline: string;
  flightNumber: string;
  /** Departure date local to the origin airport, YYYY-MM-DD. */
  serviceDate: string;
  origin: string;
  destination: string;
  departureAt: number;
  arrivalAt: number;
  capacity: number;
  /** Fare per passenger in integer BRL cents. */
  fareCents: number;
  seatsAvailable: number;
}

/**
 * The full advertisement of one airline (its "link-state advertisement"): its flights, its seat
 * availability and the airlines it currently has a live adjacency with. A higher `sequence`
 * replaces a lower one.
 */
export interface Advertisement {
  /** Code of the airline that originated it. */
  origin: string;
  /** Starts at 1 and only grows, across restarts of the originating node. */
  sequence: number;
  airlineName: string;
  /** Base URL of the originating node's HTTP API, e.g. `http://127.0.0.1:4311`. */
  nodeUrl: string;
  /** Airline codes this origin has a live adjacency with, sorted. */
  neighbors: string[];
  flights: AdvertisedFlight[];
}

/** Seats now available on one flight. */
export interface SeatChange {
  flightId: string;
  seatsAvailable: number;
}

/**
 * An incremental change to an advertisement. It applies only on top of `previousSequence`
 * (always `sequence - 1`); a receiver holding an older sequence has a gap and pulls the full
 * advertisement instead.
 */
export interface AdvertisementUpdate {
  origin: string;
  sequence: number;
  previousSequence: number;
  /** Seat availability changes; at most `UPDATE_SEAT_CHANGES_MAX` entries. */
  seats: SeatChange[];
  /** When present, replaces the origin's adjacency list. */
  neighbors?: string[];
}

/** Latest sequence held per origin: the database summary exchanged in hellos. */
export type DatabaseSummary = Record<string, number>;

/** Body of `POST /v1/link-state/hello` and of its response. */
export interface HelloMessage {
  /** Sender's airline code. */
  from: string;
  /** Sender's HTTP base URL, so the receiver can contact it back. */
  url: string;
  summary: DatabaseSummary;
}

/** Body of `POST /v1/link-state/flood`. */
export interface FloodMessage {
  from: string;
  advertisements: Advertisement[];
  updates: AdvertisementUpdate[];
}

/** Response of `GET /v1/link-state/database?origins=A,B` (all origins when omitted). */
export interface DatabaseMessage {
  advertisements: Advertisement[];
}

/** Bounds on message sizes; receivers reject larger messages as invalid. */
export const ADVERTISEMENT_FLIGHTS_MAX = 20_000;
export const UPDATE_SEAT_CHANGES_MAX = 1_000;
export const FLOOD_ADVERTISEMENTS_MAX = 64;
export const FLOOD_UPDATES_MAX = 256;
export const NEIGHBORS_MAX = 256;
