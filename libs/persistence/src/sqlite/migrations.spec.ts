import { MIGRATIONS } from './migrations';
import { SqliteDatabase } from './sqlite-database';
import { SqliteParticipantRepository } from './sqlite-participant.repository';
import {
  createTemporaryDirectory,
  FLIGHT_FOR_CWB,
  FLIGHT_SSA_FOR,
  preparedRecord,
  readSeats,
  seedFlights,
  type TemporaryDirectory,
} from './testing/transaction-fixtures';

const TRANSACTION_TABLES = [
  'bookings',
  'coordinator_transactions',
  'coupons',
  'participant_transactions',
  'ticket_serial',
  'vector_clock',
];

describe('migration 3', () => {
  let directory: TemporaryDirectory;

  beforeEach(() => {
    directory = createTemporaryDirectory('interline-migrations-');
  });

  afterEach(() => {
    directory.remove();
  });

  function tableNames(database: SqliteDatabase): string[] {
    const rows = database.connection
      .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`)
      .all() as Array<{ name: string }>;
    return rows.map((row) => row.name);
  }

  it('versions are consecutive', () => {
    expect(MIGRATIONS.map((migration) => migration.version)).toEqual([1, 2, 3, 4]);
  });

  it('applies on a version 2 database', async () => {
    const old = SqliteDatabase.open(directory.location, MIGRATIONS.slice(0, 2));
    expect(old.schemaVersion()).toBe(2);
    seedFlights(old);
    old.connection.exec(
      `UPDATE flights SET seats_sold = 3, seats_available = 97 WHERE id = '${FLIGHT_SSA_FOR}'`,
    );
    expect(tableNames(old)).not.toContain('coupons');
    old.close();

    const database = SqliteDatabase.open(directory.location);

    expect(database.schemaVersion()).toBe(4);
    expect(tableNames(database)).toEqual(expect.arrayContaining(TRANSACTION_TABLES));
    expect(readSeats(database, FLIGHT_SSA_FOR)).toEqual({ sold: 3, held: 0, available: 97 });

    const repository = new SqliteParticipantRepository(database);
    const result = await repository.write({
      record: preparedRecord('tx-1'),
      clock: { JG: 1 },
      inventory: [{ flightId: FLIGHT_FOR_CWB, soldDelta: 0, heldDelta: 1 }],
      issueTickets: {
        requests: [{ flightId: FLIGHT_FOR_CWB, passenger: 'Ana Souza' }],
        format: String,
      },
      durability: 'durable',
    });
    expect(result.record.vote).toEqual({
      vote: 'YES',
      tickets: [{ flightId: FLIGHT_FOR_CWB, passenger: 'Ana Souza', ticketNumber: '1' }],
    });
    database.close();
  });

  it('creates every table STRICT', () => {
    const database = SqliteDatabase.open(directory.location);

    const rows = database.connection
      .prepare(`SELECT name, strict FROM pragma_table_list WHERE schema = 'main'`)
      .all() as Array<{ name: string; strict: number }>;
    const strictness = new Map(rows.map((row) => [row.name, row.strict]));

    for (const table of TRANSACTION_TABLES) {
      expect({ table, strict: strictness.get(table) }).toEqual({ table, strict: 1 });
    }
    database.close();
  });

  it('starts the ticket serial at zero', () => {
    const database = SqliteDatabase.open(directory.location);

    const rows = database.connection.prepare('SELECT id, last_serial FROM ticket_serial').all();

    expect(rows).toEqual([{ id: 1, last_serial: 0 }]);
    database.close();
  });

  describe('CHECK constraints', () => {
    let database: SqliteDatabase;

    beforeEach(() => {
      database = SqliteDatabase.open(directory.location);
      seedFlights(database);
    });

    afterEach(() => {
      database.close();
    });

    const rejected: Array<[string, string]> = [
      [
        'coordinator phase',
        `INSERT INTO coordinator_transactions (tx_id, kind, locator, phase, payload, participants,
           stamp, votes, blamed, acknowledged, created_at, prepare_deadline_at, resends, clock)
         VALUES ('tx', 'purchase', 'L', 'DONE', '{}', '[]', '{}', '{}', '[]', '[]', 1, 2, 0, '{}')`,
      ],
      [
        'coordinator kind',
        `INSERT INTO coordinator_transactions (tx_id, kind, locator, phase, payload, participants,
           stamp, votes, blamed, acknowledged, created_at, prepare_deadline_at, resends, clock)
         VALUES ('tx', 'refund', 'L', 'PREPARING', '{}', '[]', '{}', '{}', '[]', '[]', 1, 2, 0, '{}')`,
      ],
      [
        'coordinator abort reason',
        `INSERT INTO coordinator_transactions (tx_id, kind, locator, phase, abort_reason, payload,
           participants, stamp, votes, blamed, acknowledged, created_at, prepare_deadline_at,
           resends, clock)
         VALUES ('tx', 'purchase', 'L', 'ABORTED', 'BORED', '{}', '[]', '{}', '{}', '[]', '[]',
           1, 2, 0, '{}')`,
      ],
      [
        'participant phase',
        `INSERT INTO participant_transactions (tx_id, coordinator, participants, phase,
           created_at, queries, clock)
         VALUES ('tx', 'IP', '[]', 'UNSURE', 1, 0, '{}')`,
      ],
      [
        'coupon status',
        `INSERT INTO coupons (ticket_number, flight_id, locator, passenger, tx_id, status, issued_at)
         VALUES ('T1', '${FLIGHT_SSA_FOR}', 'L', 'Ana', 'tx', 'USED', 1)`,
      ],
      [
        'void coupon without void transaction',
        `INSERT INTO coupons (ticket_number, flight_id, locator, passenger, tx_id, status,
           issued_at, voided_at)
         VALUES ('T1', '${FLIGHT_SSA_FOR}', 'L', 'Ana', 'tx', 'VOID', 1, 2)`,
      ],
      [
        'open coupon with a void time',
        `INSERT INTO coupons (ticket_number, flight_id, locator, passenger, tx_id, status,
           issued_at, voided_at, void_tx_id)
         VALUES ('T1', '${FLIGHT_SSA_FOR}', 'L', 'Ana', 'tx', 'OPEN', 1, 2, 'tx-cancel')`,
      ],
      [
        'booking status',
        `INSERT INTO bookings (locator, account_id, account_email, idempotency_key,
           request_digest, status, passengers, segments, total_fare_cents, stamp, clock, tx_ids,
           created_at, updated_at)
         VALUES ('L', 'a', 'e', 'k', 'd', 'LOST', '[]', '[]', 0, '{}', '{}', '[]', 1, 1)`,
      ],
      ['second vector clock row', `INSERT INTO vector_clock VALUES (2, '{}', 0)`],
      ['second ticket serial row', `INSERT INTO ticket_serial VALUES (2, 0)`],
    ];

    it.each(rejected)('rejects a bad %s', (_case, sql) => {
      expect(() => database.connection.exec(sql)).toThrow(/CHECK constraint failed/);
    });

    it('rejects a coupon for an unknown flight', () => {
      const insert = `INSERT INTO coupons (ticket_number, flight_id, locator, passenger, tx_id,
          status, issued_at)
        VALUES ('T1', 'XX0000-20260101', 'L', 'Ana', 'tx', 'OPEN', 1)`;

      expect(() => database.connection.exec(insert)).toThrow(/FOREIGN KEY constraint failed/);
    });
  });
});
