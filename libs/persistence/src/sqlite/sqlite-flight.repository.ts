import { FlightNotFoundError, InventoryConstraintError } from '../errors';
import type { FlightRepository } from '../ports/repositories';
import type { FlightRow, FlightSeedRow, InventoryChange } from '../ports/records';
import type { SqliteDatabase } from './sqlite-database';

/** A `flights` row as SQLite returns it. */
export interface FlightColumns {
  id: string;
  airline_code: string;
  flight_number: string;
  service_date: string;
  origin: string;
  destination: string;
  departure_at: number;
  arrival_at: number;
  capacity: number;
  fare_cents: number;
  seats_sold: number;
  seats_held: number;
  seats_available: number;
}

/** Maps a `flights` row to the port's record. */
export const toFlight = (row: FlightColumns): FlightRow => ({
  id: row.id,
  airlineCode: row.airline_code,
  flightNumber: row.flight_number,
  serviceDate: row.service_date,
  origin: row.origin,
  destination: row.destination,
  departureAt: row.departure_at,
  arrivalAt: row.arrival_at,
  capacity: row.capacity,
  fareCents: row.fare_cents,
  seatsSold: row.seats_sold,
  seatsHeld: row.seats_held,
  seatsAvailable: row.seats_available,
});

export class SqliteFlightRepository implements FlightRepository {
  constructor(private readonly database: SqliteDatabase) {}

  async insertMissing(flights: readonly FlightSeedRow[]): Promise<number> {
    const insert = this.database.connection.prepare(
      `INSERT INTO flights (id, airline_code, flight_number, service_date, origin, destination,
                            departure_at, arrival_at, capacity, fare_cents, seats_available)
       VALUES (@id, @airlineCode, @flightNumber, @serviceDate, @origin, @destination,
               @departureAt, @arrivalAt, @capacity, @fareCents, @capacity)
       ON CONFLICT DO NOTHING`,
    );
    return this.database.transaction(() => {
      let inserted = 0;
      for (const flight of flights) {
        inserted += insert.run(flight).changes;
      }
      return inserted;
    }, 'durable');
  }

  async findById(id: string): Promise<FlightRow | null> {
    const row = this.database.connection.prepare('SELECT * FROM flights WHERE id = ?').get(id) as
      FlightColumns | undefined;
    return row ? toFlight(row) : null;
  }

  async findByServiceDate(
    airlineCode: string,
    serviceDate: string,
    filter: { origin?: string; destination?: string } = {},
  ): Promise<FlightRow[]> {
    const rows = this.database.connection
      .prepare(
        `SELECT * FROM flights
         WHERE airline_code = @airlineCode AND service_date = @serviceDate
           AND (@origin IS NULL OR origin = @origin)
           AND (@destination IS NULL OR destination = @destination)
         ORDER BY departure_at, flight_number`,
      )
      .all({
        airlineCode,
        serviceDate,
        origin: filter.origin ?? null,
        destination: filter.destination ?? null,
      }) as FlightColumns[];
    return rows.map(toFlight);
  }

  async findByAirline(airlineCode: string, fromInstant: number): Promise<FlightRow[]> {
    const rows = this.database.connection
      .prepare(
        `SELECT * FROM flights WHERE airline_code = ? AND departure_at >= ?
         ORDER BY departure_at, flight_number`,
      )
      .all(airlineCode, fromInstant) as FlightColumns[];
    return rows.map(toFlight);
  }

  async findServedAirports(airlineCode: string): Promise<string[]> {
    const rows = this.database.connection
      .prepare(
        `SELECT origin AS iata FROM flights WHERE airline_code = @airlineCode
         UNION SELECT destination FROM flights WHERE airline_code = @airlineCode
         ORDER BY iata`,
      )
      .all({ airlineCode }) as Array<{ iata: string }>;
    return rows.map((row) => row.iata);
  }

  async changeInventory(flightId: string, change: InventoryChange): Promise<FlightRow> {
    if (!Number.isInteger(change.soldDelta) || !Number.isInteger(change.heldDelta)) {
      throw new InventoryConstraintError(flightId, 'seat deltas must be integers');
    }
    return this.database.transaction(() => {
      const current = this.database.connection
        .prepare('SELECT * FROM flights WHERE id = ?')
        .get(flightId) as FlightColumns | undefined;
      if (!current) {
        throw new FlightNotFoundError(flightId);
      }

      const sold = current.seats_sold + change.soldDelta;
      const held = current.seats_held + change.heldDelta;
      const available = current.capacity - sold - held;
      if (sold < 0 || held < 0 || available < 0) {
        throw new InventoryConstraintError(
          flightId,
          `sold ${sold}, held ${held}, available ${available} of capacity ${current.capacity}`,
        );
      }

      this.database.connection
        .prepare(
          `UPDATE flights SET seats_sold = ?, seats_held = ?, seats_available = ? WHERE id = ?`,
        )
        .run(sold, held, available, flightId);
      return toFlight({
        ...current,
        seats_sold: sold,
        seats_held: held,
        seats_available: available,
      });
    }, 'durable');
  }

  async count(): Promise<number> {
    const row = this.database.connection.prepare('SELECT COUNT(*) AS count FROM flights').get() as {
      count: number;
    };
    return row.count;
  }
}
