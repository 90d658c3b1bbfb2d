import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { InventoryConstraintError, StorageOpenError } from '../errors';
import type { FlightSeedRow } from '../ports/records';
import { MIGRATIONS } from './migrations';
import { SqliteAirlineRepository, SqliteAirportRepository } from './sqlite-catalog.repository';
import { SqliteDatabase } from './sqlite-database';
import { SqliteFlightRepository } from './sqlite-flight.repository';

const AIRPORTS = [
  {
    iata: 'SSA',
    name: 'Salvador',
    city: 'Salvador',
    state: 'BA',
    timeZone: 'America/Bahia',
    latitude: -12.9,
    longitude: -38.3,
  },
  {
    iata: 'FOR',
    name: 'Fortaleza',
    city: 'Fortaleza',
    state: 'CE',
    timeZone: 'America/Fortaleza',
    latitude: -3.8,
    longitude: -38.5,
  },
];

const FLIGHT: FlightSeedRow = {
  id: 'JG1001-20261205',
  airlineCode: 'JG',
  flightNumber: '1001',
  serviceDate: '2026-12-05',
  origin: 'SSA',
  destination: 'FOR',
  departureAt: Date.UTC(2026, 11, 5, 9, 10),
  arrivalAt: Date.UTC(2026, 11, 5, 10, 55),
  capacity: 100,
  fareCents: 48_900,
};

describe('SqliteDatabase on a real file', () => {
  let directory: string;
  let location: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'interline-sqlite-'));
    location = join(directory, 'node.sqlite');
  });

  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  async function openWithFlight(): Promise<{
    database: SqliteDatabase;
    flights: SqliteFlightRepository;
  }> {
    const database = SqliteDatabase.open(location);
    await new SqliteAirportRepository(database).upsertMany(AIRPORTS);
    await new SqliteAirlineRepository(database).upsert({ code: 'JG', name: 'Jangada', hub: 'FOR' });
    const flights = new SqliteFlightRepository(database);
    await flights.insertMissing([FLIGHT]);
    return { database, flights };
  }

  it('applies every migration once', () => {
    const first = SqliteDatabase.open(location);
    expect(first.schemaVersion()).toBe(MIGRATIONS.at(-1)?.version);
    first.close();

    const second = SqliteDatabase.open(location);
    const applied = second.connection
      .prepare('SELECT COUNT(*) AS count FROM schema_migrations')
      .get() as { count: number };
    expect(applied.count).toBe(MIGRATIONS.length);
    second.close();
  });

  it('runs in WAL mode', () => {
    const database = SqliteDatabase.open(location);
    expect(database.connection.pragma('journal_mode', { simple: true })).toBe('wal');
    database.close();
  });

  it('restores NORMAL sync after a durable write', () => {
    const database = SqliteDatabase.open(location);
    const levels: number[] = [];
    database.transaction(() => {
      levels.push(database.connection.pragma('synchronous', { simple: true }) as number);
    }, 'durable');
    expect(levels).toEqual([2]);
    expect(database.connection.pragma('synchronous', { simple: true })).toBe(1);
    database.close();
  });

  it('durable inside durable is a savepoint', () => {
    const database = SqliteDatabase.open(location);
    database.connection.exec('CREATE TABLE notes (text TEXT)');
    database.transaction(() => {
      database.connection.prepare('INSERT INTO notes VALUES (?)').run('outer');
      database.transaction(() => {
        database.connection.prepare('INSERT INTO notes VALUES (?)').run('inner');
      }, 'durable');
    }, 'durable');
    const count = database.connection.prepare('SELECT COUNT(*) AS count FROM notes').get() as {
      count: number;
    };
    expect(count.count).toBe(2);
    expect(database.connection.pragma('synchronous', { simple: true })).toBe(1);
    database.close();
  });

  it('rejects a file that is not a database', () => {
    writeFileSync(location, 'this is not a database, just some text that fills the header');
    expect(() => SqliteDatabase.open(location)).toThrow(StorageOpenError);
    expect(() => SqliteDatabase.open(location)).toThrow(/not a SQLite database/);
  });

  it('rejects a schema newer than the build', () => {
    const database = SqliteDatabase.open(location);
    database.connection
      .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
      .run(999, 'from the future', Date.now());
    database.close();
    expect(() => SqliteDatabase.open(location)).toThrow(/schema version 999 is newer/);
  });

  it('inventory check rejects raw SQL that breaks the sum', async () => {
    const { database } = await openWithFlight();
    const update = database.connection.prepare('UPDATE flights SET seats_sold = 5 WHERE id = ?');
    expect(() => update.run(FLIGHT.id)).toThrow(/CHECK constraint failed/);
    database.close();
  });

  it('inventory check rejects negative availability', async () => {
    const { database } = await openWithFlight();
    const update = database.connection.prepare(
      'UPDATE flights SET seats_sold = 101, seats_available = -1 WHERE id = ?',
    );
    expect(() => update.run(FLIGHT.id)).toThrow(/CHECK constraint failed/);
    database.close();
  });

  it('changeInventory keeps the sum and rejects oversell', async () => {
    const { database, flights } = await openWithFlight();
    const afterHold = await flights.changeInventory(FLIGHT.id, { soldDelta: 0, heldDelta: 60 });
    expect(afterHold.seatsAvailable).toBe(40);
    const afterSale = await flights.changeInventory(FLIGHT.id, { soldDelta: 60, heldDelta: -60 });
    expect(afterSale.seatsSold + afterSale.seatsHeld + afterSale.seatsAvailable).toBe(100);

    await expect(
      flights.changeInventory(FLIGHT.id, { soldDelta: 41, heldDelta: 0 }),
    ).rejects.toThrow(InventoryConstraintError);
    const unchanged = await flights.findById(FLIGHT.id);
    expect(unchanged?.seatsSold).toBe(60);
    expect(unchanged?.seatsAvailable).toBe(40);
    database.close();
  });

  it('insertMissing keeps sold seats across re-seeds', async () => {
    const { database, flights } = await openWithFlight();
    await flights.changeInventory(FLIGHT.id, { soldDelta: 7, heldDelta: 2 });
    database.close();

    const reopened = SqliteDatabase.open(location);
    const reopenedFlights = new SqliteFlightRepository(reopened);
    const inserted = await reopenedFlights.insertMissing([FLIGHT, { ...FLIGHT, capacity: 180 }]);
    expect(inserted).toBe(0);
    expect(await reopenedFlights.count()).toBe(1);
    const flight = await reopenedFlights.findById(FLIGHT.id);
    expect(flight?.seatsSold).toBe(7);
    expect(flight?.seatsHeld).toBe(2);
    expect(flight?.capacity).toBe(100);
    reopened.close();
  });
});
