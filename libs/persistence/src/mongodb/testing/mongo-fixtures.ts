import { randomBytes } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';

import { type MongoTestServer, startMongoTestServer } from '../../../../../scripts/ferretdb/server';
import { FLIGHT_FOR_CWB, FLIGHT_SSA_FOR } from '../../sqlite/testing/transaction-fixtures';
import { openMongoStorage, registerMongoModels } from '../mongo-persistence';
import type { MongoStorage } from '../mongo-storage';

export { FLIGHT_FOR_CWB, FLIGHT_SSA_FOR };

/** A database of its own on a test server, opened like a node opens it. */
export interface MongoTestDatabase {
  url: string;
  connection: Connection;
  storage: MongoStorage;
  /** Closes the connection and opens the database again, as a restart does (recovery included). */
  reopen(): Promise<MongoStorage>;
  /** Drops the database and closes the connection. */
  drop(): Promise<void>;
}

/** Starts the test server: FerretDB on 127.0.0.1:`port`, or `MONGO_URL` when set. */
export function startServer(port: number): Promise<MongoTestServer> {
  return startMongoTestServer(port);
}

/**
 * Starts a FerretDB on 127.0.0.1:`port` even when `MONGO_URL` is set, for tests that must stop
 * the server they use.
 */
export async function startOwnFerretdb(port: number): Promise<MongoTestServer> {
  const external = process.env.MONGO_URL;
  delete process.env.MONGO_URL;
  try {
    return await startMongoTestServer(port);
  } finally {
    if (external !== undefined) {
      process.env.MONGO_URL = external;
    }
  }
}

/** Connects to a new, uniquely named database on `server` and opens the adapter on it. */
export async function openTestDatabase(
  server: MongoTestServer,
  prefix = 'test',
): Promise<MongoTestDatabase> {
  const url = `${server.url}/${prefix}-${randomBytes(4).toString('hex')}`;
  let connection = await connect(url);
  let storage = await openMongoStorage(connection, registerMongoModels(connection), url);
  const database: MongoTestDatabase = {
    url,
    get connection() {
      return connection;
    },
    get storage() {
      return storage;
    },
    async reopen() {
      await connection.close();
      connection = await connect(url);
      storage = await openMongoStorage(connection, registerMongoModels(connection), url);
      return storage;
    },
    async drop() {
      await connection.dropDatabase();
      await connection.close();
    },
  };
  return database;
}

async function connect(url: string): Promise<Connection> {
  return mongoose
    .createConnection(url, {
      serverSelectionTimeoutMS: 5_000,
      bufferCommands: false,
      autoIndex: false,
      autoCreate: false,
    })
    .asPromise();
}

/** Inserts the two flights of 100 seats each that the SQLite fixtures seed, with every seat free. */
export async function seedFlights(storage: MongoStorage): Promise<void> {
  const flight = (
    id: string,
    number: string,
    origin: string,
    destination: string,
    hour: number,
  ) => ({
    _id: id,
    airlineCode: 'JG',
    flightNumber: number,
    serviceDate: '2026-12-05',
    origin,
    destination,
    departureAt: Date.UTC(2026, 11, 5, hour),
    arrivalAt: Date.UTC(2026, 11, 5, hour + 2),
    capacity: 100,
    fareCents: 48_900,
    seatsSold: 0,
    seatsHeld: 0,
    seatsAvailable: 100,
    applied: [] as string[],
  });
  await storage.collections.Flight.insertMany([
    flight(FLIGHT_SSA_FOR, '1001', 'SSA', 'FOR', 9),
    flight(FLIGHT_FOR_CWB, '1002', 'FOR', 'CWB', 13),
  ]);
}

/** Seat counts of one flight, read from the collection so the check does not use an adapter. */
export async function readSeats(
  storage: MongoStorage,
  flightId: string,
): Promise<{ sold: number; held: number; available: number }> {
  const flight = (await storage.collections.Flight.findOne({ _id: flightId })) as {
    seatsSold: number;
    seatsHeld: number;
    seatsAvailable: number;
  } | null;
  if (!flight) {
    throw new Error(`flight ${flightId} not seeded`);
  }
  return { sold: flight.seatsSold, held: flight.seatsHeld, available: flight.seatsAvailable };
}

/** Sets the seat counts of one flight directly, as the SQLite tests do with raw SQL. */
export async function setSeats(
  storage: MongoStorage,
  flightId: string,
  seats: { sold: number; held: number; available: number },
): Promise<void> {
  await storage.collections.Flight.updateOne(
    { _id: flightId },
    { $set: { seatsSold: seats.sold, seatsHeld: seats.held, seatsAvailable: seats.available } },
  );
}
