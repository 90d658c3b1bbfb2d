import type {
  AccountRow,
  AirlineRow,
  AirportRow,
  FlightRow,
  FlightSeedRow,
  InventoryChange,
  LoginThrottleRow,
  SessionRow,
  StorageHealth,
} from './records';

/**
 * Repository ports. The rest of the code depends on these interfaces only; adapters implement
 * them over a storage engine. Methods are asynchronous so that network-backed adapters fit.
 */

export interface AirportRepository {
  /** Inserts or updates airports by IATA code. */
  upsertMany(airports: readonly AirportRow[]): Promise<void>;
  findAll(): Promise<AirportRow[]>;
  findByIata(iata: string): Promise<AirportRow | null>;
}

export interface AirlineRepository {
  upsert(airline: AirlineRow): Promise<void>;
  findByCode(code: string): Promise<AirlineRow | null>;
  findAll(): Promise<AirlineRow[]>;
}

export interface FlightRepository {
  /**
   * Inserts flights that do not exist yet, with every seat available. Existing flights are left
   * untouched, so sold and held seats survive a re-seed. Returns how many were inserted.
   */
  insertMissing(flights: readonly FlightSeedRow[]): Promise<number>;
  findById(id: string): Promise<FlightRow | null>;
  /** Flights of one airline departing on a local service date, ordered by departure. */
  findByServiceDate(
    airlineCode: string,
    serviceDate: string,
    filter?: { origin?: string; destination?: string },
  ): Promise<FlightRow[]>;
  /** Every stored flight of one airline departing at or after `fromInstant`, by departure. */
  findByAirline(airlineCode: string, fromInstant: number): Promise<FlightRow[]>;
  /** IATA codes of every airport the airline's stored flights touch. */
  findServedAirports(airlineCode: string): Promise<string[]>;
  /**
   * Applies an inventory change durably. Throws `InventoryConstraintError` and changes nothing
   * when the result would break `capacity = sold + held + available` with each count ≥ 0.
   */
  changeInventory(flightId: string, change: InventoryChange): Promise<FlightRow>;
  count(): Promise<number>;
}

export interface AccountRepository {
  /** Stores a new account durably. Throws `DuplicateEmailError` when the email is taken. */
  insert(account: AccountRow): Promise<void>;
  findByEmail(email: string): Promise<AccountRow | null>;
  findById(id: string): Promise<AccountRow | null>;
}

export interface SessionRepository {
  insert(session: SessionRow): Promise<void>;
  findByTokenHash(tokenHash: string): Promise<SessionRow | null>;
  /** Returns true when a session was deleted. */
  deleteByTokenHash(tokenHash: string): Promise<boolean>;
  /** Deletes sessions that expired at or before `now`; returns how many. */
  deleteExpired(now: number): Promise<number>;
}

export interface LoginThrottleRepository {
  find(email: string): Promise<LoginThrottleRow | null>;
  save(row: LoginThrottleRow): Promise<void>;
  delete(email: string): Promise<void>;
  /** Deletes rows whose last failure is older than `before`; returns how many. */
  deleteStale(before: number): Promise<number>;
}

export interface StorageHealthProbe {
  check(): Promise<StorageHealth>;
}
