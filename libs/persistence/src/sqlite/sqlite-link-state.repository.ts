import type {
  AdvertisedFlight,
  Advertisement,
  AdvertisementUpdate,
} from '@interline/link-state/core/types';
import type {
  LinkStateSnapshot,
  NeighborRecord,
} from '@interline/link-state/core/machine-contract';

import { LinkStateSequenceError } from '../errors';
import type { LinkStateRepository } from '../ports/link-state.repository';
import type { SqliteDatabase } from './sqlite-database';

interface AdvertisementColumns {
  origin: string;
  sequence: number;
  airline_name: string;
  node_url: string;
  neighbors: string;
}

interface FlightColumns {
  id: string;
  origin: string;
  flight_number: string;
  service_date: string;
  from_airport: string;
  to_airport: string;
  departure_at: number;
  arrival_at: number;
  capacity: number;
  fare_cents: number;
  seats_available: number;
}

export class SqliteLinkStateRepository implements LinkStateRepository {
  constructor(private readonly database: SqliteDatabase) {}

  async loadSnapshot(): Promise<LinkStateSnapshot> {
    const connection = this.database.connection;
    const rows = connection
      .prepare('SELECT * FROM link_state_advertisements ORDER BY origin')
      .all() as AdvertisementColumns[];
    const flights = connection
      .prepare('SELECT * FROM link_state_flights ORDER BY origin, departure_at, id')
      .all() as FlightColumns[];

    const flightsByOrigin = new Map<string, AdvertisedFlight[]>();
    for (const flight of flights) {
      const list = flightsByOrigin.get(flight.origin) ?? [];
      list.push(toAdvertisedFlight(flight));
      flightsByOrigin.set(flight.origin, list);
    }
    const advertisements = rows.map((row) => ({
      origin: row.origin,
      sequence: row.sequence,
      airlineName: row.airline_name,
      nodeUrl: row.node_url,
      neighbors: JSON.parse(row.neighbors) as string[],
      flights: flightsByOrigin.get(row.origin) ?? [],
    }));

    const neighbors = connection
      .prepare('SELECT url, airline, source FROM link_state_neighbors ORDER BY url')
      .all() as NeighborRecord[];
    return { advertisements, neighbors };
  }

  async saveAdvertisement(advertisement: Advertisement, receivedAt: number): Promise<void> {
    const connection = this.database.connection;
    const upsert = connection.prepare(
      `INSERT INTO link_state_advertisements (origin, sequence, airline_name, node_url, neighbors, received_at)
       VALUES (@origin, @sequence, @airlineName, @nodeUrl, @neighbors, @receivedAt)
       ON CONFLICT (origin) DO UPDATE SET sequence = excluded.sequence,
         airline_name = excluded.airline_name, node_url = excluded.node_url,
         neighbors = excluded.neighbors, received_at = excluded.received_at`,
    );
    const deleteFlights = connection.prepare('DELETE FROM link_state_flights WHERE origin = ?');
    const insertFlight = connection.prepare(
      `INSERT INTO link_state_flights (id, origin, flight_number, service_date, from_airport, to_airport,
         departure_at, arrival_at, capacity, fare_cents, seats_available)
       VALUES (@id, @airline, @flightNumber, @serviceDate, @origin, @destination,
         @departureAt, @arrivalAt, @capacity, @fareCents, @seatsAvailable)`,
    );

    await this.database.writeGrouped(() => {
      upsert.run({
        origin: advertisement.origin,
        sequence: advertisement.sequence,
        airlineName: advertisement.airlineName,
        nodeUrl: advertisement.nodeUrl,
        neighbors: JSON.stringify(advertisement.neighbors),
        receivedAt,
      });
      deleteFlights.run(advertisement.origin);
      for (const flight of advertisement.flights) {
        insertFlight.run(flight);
      }
    }, 'durable');
  }

  async applyUpdate(update: AdvertisementUpdate, receivedAt: number): Promise<void> {
    const connection = this.database.connection;
    await this.database.writeGrouped(() => {
      const stored = connection
        .prepare('SELECT sequence FROM link_state_advertisements WHERE origin = ?')
        .get(update.origin) as { sequence: number } | undefined;
      if (!stored || stored.sequence !== update.previousSequence) {
        throw new LinkStateSequenceError(
          update.origin,
          stored?.sequence ?? null,
          update.previousSequence,
        );
      }

      connection
        .prepare(
          `UPDATE link_state_advertisements
           SET sequence = @sequence, received_at = @receivedAt,
               neighbors = COALESCE(@neighbors, neighbors)
           WHERE origin = @origin`,
        )
        .run({
          origin: update.origin,
          sequence: update.sequence,
          receivedAt,
          neighbors: update.neighbors ? JSON.stringify(update.neighbors) : null,
        });
      const setSeats = connection.prepare(
        'UPDATE link_state_flights SET seats_available = ? WHERE id = ? AND origin = ?',
      );
      for (const change of update.seats) {
        setSeats.run(change.seatsAvailable, change.flightId, update.origin);
      }
    }, 'durable');
  }

  async saveNeighbor(neighbor: NeighborRecord, addedAt: number): Promise<void> {
    await this.database.writeGrouped(() => {
      this.database.connection
        .prepare(
          `INSERT INTO link_state_neighbors (url, airline, source, added_at)
           VALUES (@url, @airline, @source, @addedAt)
           ON CONFLICT (url) DO UPDATE SET airline = COALESCE(excluded.airline, airline)`,
        )
        .run({ ...neighbor, addedAt });
    }, 'durable');
  }
}

function toAdvertisedFlight(row: FlightColumns): AdvertisedFlight {
  return {
    id: row.id,
    airline: row.origin,
    flightNumber: row.flight_number,
    serviceDate: row.service_date,
    origin: row.from_airport,
    destination: row.to_airport,
    departureAt: row.departure_at,
    arrivalAt: row.arrival_at,
    capacity: row.capacity,
    fareCents: row.fare_cents,
    seatsAvailable: row.seats_available,
  };
}
