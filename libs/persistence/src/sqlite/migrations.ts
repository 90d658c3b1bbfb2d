/**
 * Versioned schema migrations. Each runs once, in order, inside a transaction, and its version is
 * recorded in `schema_migrations`. Never edit a migration that has shipped; add a new one.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = Object.freeze([
  {
    version: 1,
    name: 'catalogue, inventory, accounts and sessions',
    sql: `
      CREATE TABLE airports (
        iata TEXT PRIMARY KEY CHECK (length(iata) = 3),
        name TEXT NOT NULL,
        city TEXT NOT NULL,
        state TEXT,
        time_zone TEXT NOT NULL,
        latitude REAL NOT NULL,
        longitude REAL NOT NULL
      ) STRICT;

      CREATE TABLE airlines (
        code TEXT PRIMARY KEY CHECK (length(code) = 2),
        name TEXT NOT NULL,
        hub TEXT REFERENCES airports (iata)
      ) STRICT;

      CREATE TABLE flights (
        id TEXT PRIMARY KEY,
        airline_code TEXT NOT NULL REFERENCES airlines (code),
        flight_number TEXT NOT NULL,
        service_date TEXT NOT NULL,
        origin TEXT NOT NULL REFERENCES airports (iata),
        destination TEXT NOT NULL REFERENCES airports (iata),
        departure_at INTEGER NOT NULL,
        arrival_at INTEGER NOT NULL,
        capacity INTEGER NOT NULL CHECK (capacity > 0),
        fare_cents INTEGER NOT NULL CHECK (fare_cents > 0),
        seats_sold INTEGER NOT NULL DEFAULT 0 CHECK (seats_sold >= 0),
        seats_held INTEGER NOT NULL DEFAULT 0 CHECK (seats_held >= 0),
        seats_available INTEGER NOT NULL CHECK (seats_available >= 0),
        CHECK (seats_sold + seats_held + seats_available = capacity),
        CHECK (origin <> destination),
        CHECK (arrival_at > departure_at),
        UNIQUE (airline_code, flight_number, service_date)
      ) STRICT;

      CREATE INDEX flights_by_service_date ON flights (airline_code, service_date, departure_at);

      CREATE TABLE accounts (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL UNIQUE,
        display_name TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        home_airline TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES accounts (id),
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      ) STRICT;

      CREATE INDEX sessions_by_expiry ON sessions (expires_at);

      CREATE TABLE login_throttle (
        email TEXT PRIMARY KEY,
        failures INTEGER NOT NULL CHECK (failures >= 0),
        last_failure_at INTEGER NOT NULL,
        blocked_until INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 2,
    name: 'link-state database and neighbours',
    sql: `
      CREATE TABLE link_state_advertisements (
        origin TEXT PRIMARY KEY CHECK (length(origin) = 2),
        sequence INTEGER NOT NULL CHECK (sequence > 0),
        airline_name TEXT NOT NULL,
        node_url TEXT NOT NULL,
        neighbors TEXT NOT NULL,
        received_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE link_state_flights (
        id TEXT PRIMARY KEY,
        origin TEXT NOT NULL REFERENCES link_state_advertisements (origin) ON DELETE CASCADE,
        flight_number TEXT NOT NULL,
        service_date TEXT NOT NULL,
        from_airport TEXT NOT NULL,
        to_airport TEXT NOT NULL,
        departure_at INTEGER NOT NULL,
        arrival_at INTEGER NOT NULL,
        capacity INTEGER NOT NULL CHECK (capacity > 0),
        fare_cents INTEGER NOT NULL CHECK (fare_cents > 0),
        seats_available INTEGER NOT NULL CHECK (seats_available >= 0 AND seats_available <= capacity)
      ) STRICT;

      CREATE INDEX link_state_flights_by_origin ON link_state_flights (origin);

      CREATE TABLE link_state_neighbors (
        url TEXT PRIMARY KEY,
        airline TEXT,
        source TEXT NOT NULL CHECK (source IN ('seed', 'learned')),
        added_at INTEGER NOT NULL
      ) STRICT;
    `,
  },
]);
