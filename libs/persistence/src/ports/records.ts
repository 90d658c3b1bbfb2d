/** Storage records: plain data, instants as epoch milliseconds. */

export interface AirportRow {
  iata: string;
  name: string;
  city: string;
  state: string | null;
  timeZone: string;
  latitude: number;
  longitude: number;
}

export interface AirlineRow {
  code: string;
  name: string;
  hub: string | null;
}

/** A flight leg without its inventory, as a timetable produces it. */
export interface FlightSeedRow {
  id: string;
  airlineCode: string;
  flightNumber: string;
  /** Departure date local to the origin airport, YYYY-MM-DD. */
  serviceDate: string;
  origin: string;
  destination: string;
  departureAt: number;
  arrivalAt: number;
  capacity: number;
  fareCents: number;
}

/** A flight leg with its seat inventory: `capacity = seatsSold + seatsHeld + seatsAvailable`. */
export interface FlightRow extends FlightSeedRow {
  seatsSold: number;
  seatsHeld: number;
  seatsAvailable: number;
}

/** A change to one flight's inventory; `seatsAvailable` moves by the opposite of their sum. */
export interface InventoryChange {
  soldDelta: number;
  heldDelta: number;
}

export interface AccountRow {
  id: string;
  /** Stored lower-cased; unique per node. */
  email: string;
  displayName: string;
  passwordHash: string;
  homeAirline: string;
  createdAt: number;
}

export interface SessionRow {
  /** SHA-256 of the token, hex; the token itself is never stored. */
  tokenHash: string;
  accountId: string;
  createdAt: number;
  expiresAt: number;
}

export interface LoginThrottleRow {
  email: string;
  failures: number;
  lastFailureAt: number;
  blockedUntil: number;
}

export interface StorageHealth {
  status: 'ok' | 'failing';
  engine: string;
  location: string;
  schemaVersion: number;
  detail?: string;
}
