import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import mongoose from 'mongoose';

import { type MongoTestServer, startMongoTestServer } from '../../../../scripts/ferretdb/server';
import {
  createMongoRepositories,
  openMongoStorage,
  registerMongoModels,
  SERVER_SELECTION_TIMEOUT_MS,
} from '../mongodb/mongo-persistence';
import { DATABASE_FILE_NAME } from '../persistence.module';
import type { LinkStateRepository } from '../ports/link-state.repository';
import {
  ACCOUNT_REPOSITORY,
  AIRLINE_REPOSITORY,
  AIRPORT_REPOSITORY,
  BOOKING_REPOSITORY,
  COORDINATOR_REPOSITORY,
  FLIGHT_REPOSITORY,
  LINK_STATE_REPOSITORY,
  LOGIN_THROTTLE_REPOSITORY,
  PARTICIPANT_REPOSITORY,
  PURCHASE_KEY_REPOSITORY,
  SESSION_REPOSITORY,
  STORAGE_HEALTH_PROBE,
  VECTOR_CLOCK_REPOSITORY,
} from '../ports/tokens';
import type {
  AccountRepository,
  AirlineRepository,
  AirportRepository,
  FlightRepository,
  LoginThrottleRepository,
  SessionRepository,
  StorageHealthProbe,
} from '../ports/repositories';
import type {
  BookingRepository,
  CoordinatorRepository,
  ParticipantRepository,
  PurchaseKeyRepository,
  VectorClockRepository,
} from '../ports/transactions.repository';
import {
  SqliteAccountRepository,
  SqliteLoginThrottleRepository,
  SqliteSessionRepository,
} from '../sqlite/sqlite-account.repository';
import { SqliteBookingRepository } from '../sqlite/sqlite-booking.repository';
import {
  SqliteAirlineRepository,
  SqliteAirportRepository,
} from '../sqlite/sqlite-catalog.repository';
import { SqliteCoordinatorRepository } from '../sqlite/sqlite-coordinator.repository';
import { SqliteDatabase } from '../sqlite/sqlite-database';
import { SqliteFlightRepository } from '../sqlite/sqlite-flight.repository';
import { SqliteHealthProbe } from '../sqlite/sqlite-health.probe';
import { SqliteLinkStateRepository } from '../sqlite/sqlite-link-state.repository';
import { SqliteParticipantRepository } from '../sqlite/sqlite-participant.repository';
import { SqlitePurchaseKeyRepository } from '../sqlite/sqlite-purchase-key.repository';
import { SqliteVectorClockRepository } from '../sqlite/sqlite-vector-clock.repository';

/** Every repository port of one node's storage, as the contract suite uses them. */
export interface StorageRepositories {
  airports: AirportRepository;
  airlines: AirlineRepository;
  flights: FlightRepository;
  accounts: AccountRepository;
  sessions: SessionRepository;
  loginThrottle: LoginThrottleRepository;
  /** `check()` must report `engine` equal to the factory's `name`. */
  health: StorageHealthProbe;
  linkState: LinkStateRepository;
  participants: ParticipantRepository;
  coordinator: CoordinatorRepository;
  bookings: BookingRepository;
  vectorClock: VectorClockRepository;
  purchaseKeys: PurchaseKeyRepository;
}

/** One opened, empty storage. `close()` releases it and deletes its data. */
export interface OpenedStorage {
  repositories: StorageRepositories;
  close(): Promise<void>;
}

/** Opener of fresh, empty storages of one adapter: the contract suite opens one per test. */
export interface StorageAdapterFactory {
  name: 'sqlite' | 'mongodb';
  open(): Promise<OpenedStorage>;
  /** Releases what the factory shares between tests of one suite file (a database server). */
  dispose?(): Promise<void>;
}

/** A real SQLite file in its own temporary directory, migrated like a node's database. */
export const sqliteAdapter: StorageAdapterFactory = {
  name: 'sqlite',
  async open() {
    const directory = mkdtempSync(join(tmpdir(), 'interline-contract-'));
    const database = SqliteDatabase.open(join(directory, DATABASE_FILE_NAME));
    const repositories: StorageRepositories = {
      airports: new SqliteAirportRepository(database),
      airlines: new SqliteAirlineRepository(database),
      flights: new SqliteFlightRepository(database),
      accounts: new SqliteAccountRepository(database),
      sessions: new SqliteSessionRepository(database),
      loginThrottle: new SqliteLoginThrottleRepository(database),
      health: new SqliteHealthProbe(database),
      linkState: new SqliteLinkStateRepository(database),
      participants: new SqliteParticipantRepository(database),
      coordinator: new SqliteCoordinatorRepository(database),
      bookings: new SqliteBookingRepository(database),
      vectorClock: new SqliteVectorClockRepository(database),
      purchaseKeys: new SqlitePurchaseKeyRepository(database),
    };
    return {
      repositories,
      close: async () => {
        database.close();
        rmSync(directory, { recursive: true, force: true });
      },
    };
  },
};

/**
 * Ports of the MongoDB servers the contract suite starts, one per jest worker:
 * `29020 + JEST_WORKER_ID` for workers 1 to 9. Suite files in one worker run one after another,
 * and each stops its server in `afterAll`, so the next file can start its own on the same port.
 */
const MONGODB_PORT_BASE = 29_020;
const MONGODB_WORKERS_WITH_FIXED_PORT = 9;

let mongoServer: Promise<MongoTestServer> | null = null;
let mongoDatabaseCount = 0;

async function mongoServerPort(): Promise<number> {
  const worker = Number(process.env.JEST_WORKER_ID ?? '1');
  if (Number.isInteger(worker) && worker >= 1 && worker <= MONGODB_WORKERS_WITH_FIXED_PORT) {
    return MONGODB_PORT_BASE + worker;
  }
  // NOTE: another process may take this port between the check and FerretDB's start. Only
  // jest runs with more than 9 workers get here.
  return freeLoopbackPort();
}

/** Returns a port on 127.0.0.1 that the kernel reports free at the time of the call. */
function freeLoopbackPort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolvePort(port));
    });
  });
}

/**
 * Opens the MongoDB adapter on the database `databaseName` of the server at `url`, which is
 * empty, as a node opens it: schema version, indexes and recovery. The returned `close()` drops
 * that database and closes the client.
 */
async function openMongoDbStorage(url: string, databaseName: string): Promise<OpenedStorage> {
  const databaseUrl = `${url}/${databaseName}`;
  const connection = await mongoose
    .createConnection(databaseUrl, {
      serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS,
      bufferCommands: false,
      autoIndex: false,
      autoCreate: false,
    })
    .asPromise();
  try {
    const storage = await openMongoStorage(
      connection,
      registerMongoModels(connection),
      databaseUrl,
    );
    const created = createMongoRepositories(storage);
    const get = <T>(token: symbol): T => created.get(token) as T;
    const repositories: StorageRepositories = {
      airports: get(AIRPORT_REPOSITORY),
      airlines: get(AIRLINE_REPOSITORY),
      flights: get(FLIGHT_REPOSITORY),
      accounts: get(ACCOUNT_REPOSITORY),
      sessions: get(SESSION_REPOSITORY),
      loginThrottle: get(LOGIN_THROTTLE_REPOSITORY),
      health: get(STORAGE_HEALTH_PROBE),
      linkState: get(LINK_STATE_REPOSITORY),
      participants: get(PARTICIPANT_REPOSITORY),
      coordinator: get(COORDINATOR_REPOSITORY),
      bookings: get(BOOKING_REPOSITORY),
      vectorClock: get(VECTOR_CLOCK_REPOSITORY),
      purchaseKeys: get(PURCHASE_KEY_REPOSITORY),
    };
    return {
      repositories,
      close: async () => {
        await connection.dropDatabase();
        await connection.close();
      },
    };
  } catch (error) {
    await connection.close();
    throw error;
  }
}

/**
 * MongoDB through `startMongoTestServer`: FerretDB v1.24.2 on 127.0.0.1, or the server named by
 * `MONGO_URL`. One server per suite file, and a new database for every `open()`.
 */
export const mongodbAdapter: StorageAdapterFactory = {
  name: 'mongodb',
  async open() {
    mongoServer ??= mongoServerPort().then((port) => startMongoTestServer(port));
    const server = await mongoServer;
    mongoDatabaseCount += 1;
    const databaseName = `interline-contract-${process.pid}-${mongoDatabaseCount}`;
    return openMongoDbStorage(server.url, databaseName);
  },
  async dispose() {
    const starting = mongoServer;
    mongoServer = null;
    // A server that failed to start has nothing to stop; its error was reported by `open()`.
    const server = await starting?.catch(() => null);
    await server?.stop();
  },
};

/** The adapters every `*.contract.spec.ts` file runs against. */
export const adapters: readonly StorageAdapterFactory[] = [sqliteAdapter, mongodbAdapter];
