import type { AirlineRepository, AirportRepository } from '../ports/repositories';
import type { AirlineRow, AirportRow } from '../ports/records';
import type { SqliteDatabase } from './sqlite-database';

interface AirportColumns {
  iata: string;
  name: string;
  city: string;
  state: string | null;
  time_zone: string;
  latitude: number;
  longitude: number;
}

const toAirport = (row: AirportColumns): AirportRow => ({
  iata: row.iata,
  name: row.name,
  city: row.city,
  state: row.state,
  timeZone: row.time_zone,
  latitude: row.latitude,
  longitude: row.longitude,
});

export class SqliteAirportRepository implements AirportRepository {
  constructor(private readonly database: SqliteDatabase) {}

  async upsertMany(airports: readonly AirportRow[]): Promise<void> {
    const upsert = this.database.connection.prepare(
      `INSERT INTO airports (iata, name, city, state, time_zone, latitude, longitude)
       VALUES (@iata, @name, @city, @state, @timeZone, @latitude, @longitude)
       ON CONFLICT (iata) DO UPDATE SET
         name = excluded.name, city = excluded.city, state = excluded.state,
         time_zone = excluded.time_zone, latitude = excluded.latitude,
         longitude = excluded.longitude`,
    );
    this.database.transaction(() => {
      for (const airport of airports) {
        upsert.run(airport);
      }
    }, 'relaxed');
  }

  async findAll(): Promise<AirportRow[]> {
    const rows = this.database.connection
      .prepare('SELECT * FROM airports ORDER BY iata')
      .all() as AirportColumns[];
    return rows.map(toAirport);
  }

  async findByIata(iata: string): Promise<AirportRow | null> {
    const row = this.database.connection
      .prepare('SELECT * FROM airports WHERE iata = ?')
      .get(iata) as AirportColumns | undefined;
    return row ? toAirport(row) : null;
  }
}

export class SqliteAirlineRepository implements AirlineRepository {
  constructor(private readonly database: SqliteDatabase) {}

  async upsert(airline: AirlineRow): Promise<void> {
    this.database.transaction(() => {
      this.database.connection
        .prepare(
          `INSERT INTO airlines (code, name, hub) VALUES (@code, @name, @hub)
           ON CONFLICT (code) DO UPDATE SET name = excluded.name, hub = excluded.hub`,
        )
        .run(airline);
    }, 'relaxed');
  }

  async findByCode(code: string): Promise<AirlineRow | null> {
    const row = this.database.connection
      .prepare('SELECT code, name, hub FROM airlines WHERE code = ?')
      .get(code) as AirlineRow | undefined;
    return row ?? null;
  }

  async findAll(): Promise<AirlineRow[]> {
    return this.database.connection
      .prepare('SELECT code, name, hub FROM airlines ORDER BY code')
      .all() as AirlineRow[];
  }
}
