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
  {
    version: 3,
    name: 'two-phase commit, bookings, coupons, vector clock',
    // Nested values (payloads, votes, stamps, clocks, segments) are JSON text, and every value a
    // query filters or sorts on is a column of its own. Instants are epoch milliseconds.
    sql: `
      CREATE TABLE coordinator_transactions (
        tx_id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('purchase', 'cancel')),
        locator TEXT NOT NULL,
        phase TEXT NOT NULL CHECK (phase IN ('PREPARING', 'COMMITTED', 'ABORTED')),
        abort_reason TEXT CHECK (
          abort_reason IN (
            'SOLD_OUT', 'BUSY', 'INVALID', 'ABORTED', 'TIMEOUT', 'UNREACHABLE', 'RECOVERY'
          )
        ),
        payload TEXT NOT NULL,
        participants TEXT NOT NULL,
        stamp TEXT NOT NULL,
        votes TEXT NOT NULL,
        blamed TEXT NOT NULL,
        acknowledged TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        prepare_deadline_at INTEGER NOT NULL,
        decided_at INTEGER,
        completed_at INTEGER,
        resend_at INTEGER,
        resends INTEGER NOT NULL CHECK (resends >= 0),
        clock TEXT NOT NULL
      ) STRICT;

      CREATE INDEX coordinator_transactions_unfinished
        ON coordinator_transactions (created_at) WHERE completed_at IS NULL;

      CREATE TABLE participant_transactions (
        tx_id TEXT PRIMARY KEY,
        coordinator TEXT NOT NULL,
        participants TEXT NOT NULL,
        payload TEXT,
        stamp TEXT,
        phase TEXT NOT NULL CHECK (phase IN ('PREPARED', 'REFUSED', 'COMMITTED', 'ABORTED')),
        vote TEXT,
        hold_deadline_at INTEGER,
        created_at INTEGER NOT NULL,
        decided_at INTEGER,
        query_at INTEGER,
        queries INTEGER NOT NULL CHECK (queries >= 0),
        clock TEXT NOT NULL
      ) STRICT;

      CREATE INDEX participant_transactions_prepared
        ON participant_transactions (created_at) WHERE phase = 'PREPARED';

      CREATE TABLE coupons (
        ticket_number TEXT PRIMARY KEY,
        flight_id TEXT NOT NULL REFERENCES flights (id),
        locator TEXT NOT NULL,
        passenger TEXT NOT NULL,
        tx_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('OPEN', 'VOID')),
        issued_at INTEGER NOT NULL,
        voided_at INTEGER,
        void_tx_id TEXT,
        CHECK ((status = 'VOID') = (voided_at IS NOT NULL AND void_tx_id IS NOT NULL))
      ) STRICT;

      CREATE INDEX coupons_by_locator ON coupons (locator);

      CREATE TABLE bookings (
        locator TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        account_email TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        request_digest TEXT NOT NULL,
        status TEXT NOT NULL
          CHECK (status IN ('PENDING', 'CONFIRMED', 'FAILED', 'CANCELLING', 'CANCELLED')),
        failure TEXT,
        passengers TEXT NOT NULL,
        segments TEXT NOT NULL,
        total_fare_cents INTEGER NOT NULL CHECK (total_fare_cents >= 0),
        stamp TEXT NOT NULL,
        clock TEXT NOT NULL,
        tx_ids TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        UNIQUE (account_id, idempotency_key)
      ) STRICT;

      CREATE INDEX bookings_by_account ON bookings (account_id, created_at);
      CREATE INDEX bookings_by_status ON bookings (status, created_at);

      CREATE TABLE vector_clock (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        entries TEXT NOT NULL,
        own_reserved_up_to INTEGER NOT NULL CHECK (own_reserved_up_to >= 0)
      ) STRICT;

      -- The last ticket serial allocated. It only grows, and a committed serial is never handed
      -- out again; serials of a rolled-back transaction are reused because nobody saw them.
      CREATE TABLE ticket_serial (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        last_serial INTEGER NOT NULL CHECK (last_serial >= 0)
      ) STRICT;

      INSERT INTO ticket_serial (id, last_serial) VALUES (1, 0);
    `,
  },
  {
    version: 4,
    name: 'purchase keys claimed at the account owner',
    sql: `
      CREATE TABLE purchase_keys (
        account_id TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        request_digest TEXT NOT NULL,
        airline TEXT NOT NULL CHECK (length(airline) = 2),
        locator TEXT NOT NULL,
        claimed_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, idempotency_key)
      ) STRICT;
    `,
  },
]);
