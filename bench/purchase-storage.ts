import { Command, Option } from 'commander';
import { createConnection, type mongo } from 'mongoose';

import { type MongoTestServer, startMongoTestServer } from '../scripts/ferretdb/server';
import type { NodeSpec } from '../scripts/local-network';

/** Storage engine the benchmark's nodes run on. */
export type BenchStorageKind = 'sqlite' | 'mongodb';

/** Port of the FerretDB the benchmark starts for `--storage mongodb`, unless `MONGO_URL` is set. */
const FERRETDB_PORT = 29_031;
/** Database of the local baseline on the MongoDB server; the benchmark drops it before and after. */
const BASELINE_DATABASE = 'interline-bench-baseline';

/** The storage of one benchmark run: the nodes' extra environment and what to stop at the end. */
export interface BenchStorage {
  kind: BenchStorageKind;
  /** One line for the report, e.g. `sqlite` or `mongodb (ferretdb at mongodb://127.0.0.1:29031)`. */
  label: string;
  /** Connection string of the MongoDB server without a database name; null for SQLite. */
  mongodbUrl: string | null;
  /** Environment that points one node at its storage. */
  nodeEnvironment(spec: NodeSpec): Record<string, string>;
  stop(): Promise<void>;
}

/** Reads `--storage sqlite|mongodb` from the command line; SQLite when absent. */
export function parseStorageOption(argv: readonly string[]): BenchStorageKind {
  const program = new Command('npm run bench:purchase --')
    .description('Atomic purchase benchmark on three local airline nodes.')
    .addOption(
      new Option('--storage <engine>', 'storage engine of every node and of the local baseline')
        .choices(['sqlite', 'mongodb'])
        .default('sqlite'),
    )
    .parse([...argv]);
  return program.opts<{ storage: BenchStorageKind }>().storage;
}

/**
 * Prepares the storage of a run. For MongoDB it starts FerretDB on 127.0.0.1:29031 (or uses
 * `MONGO_URL`), and each node gets the database `interline-<airline code in lower case>`.
 */
export async function startBenchStorage(kind: BenchStorageKind): Promise<BenchStorage> {
  if (kind === 'sqlite') {
    return {
      kind,
      label: 'sqlite (one file per node, WAL mode)',
      mongodbUrl: null,
      nodeEnvironment: () => ({}),
      stop: async () => undefined,
    };
  }

  const server = await startMongoTestServer(FERRETDB_PORT);
  try {
    if (server.kind === 'mongodb') {
      await assertDatabasesAbsent(server);
    }
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    kind,
    label: `mongodb (${server.kind} at ${server.url})`,
    mongodbUrl: server.url,
    nodeEnvironment: (spec) => ({
      INTERLINE_STORAGE: 'mongodb',
      INTERLINE_MONGODB_URL: `${server.url}/${nodeDatabase(spec)}`,
      // On FerretDB a vote takes seconds under a burst, so the default 3 s prepare timeout turns
      // the burst into aborts and retries that never clear (docs/storage.md, known limits).
      ...(server.kind === 'ferretdb'
        ? {
            INTERLINE_PREPARE_TIMEOUT_MS: '20000',
            INTERLINE_PURCHASE_TIMEOUT_MS: '60000',
            INTERLINE_TRANSACTIONS_PER_FLIGHT_MAX: '2',
          }
        : {}),
    }),
    stop: () => server.stop(),
  };
}

/**
 * Rejects when a node's `GET /status` reports another storage engine than the run requested,
 * so that figures are never labelled with the wrong engine.
 */
export async function assertNodeStorage(
  httpUrl: string,
  airline: string,
  kind: BenchStorageKind,
): Promise<void> {
  const response = await fetch(`${httpUrl}/status`, { signal: AbortSignal.timeout(5_000) });
  const status = (await response.json()) as { storage?: { engine?: unknown } };
  const engine = status.storage?.engine;
  if (engine !== kind) {
    throw new Error(
      `node ${airline} runs on storage engine ${String(engine)}, expected ${kind}. Check that ` +
        'this build reads INTERLINE_STORAGE and INTERLINE_MONGODB_URL.',
    );
  }
}

function nodeDatabase(spec: NodeSpec): string {
  return `interline-${spec.code.toLowerCase()}`;
}

/**
 * Rejects a server named by `MONGO_URL` that already contains the benchmark's databases, because
 * the nodes would start on the data of an earlier run and the registrations would fail.
 */
async function assertDatabasesAbsent(server: MongoTestServer): Promise<void> {
  const connection = await createConnection(server.url).asPromise();
  try {
    const { databases } = await connection.getClient().db('admin').admin().listDatabases();
    const names = new Set(databases.map((database) => database.name));
    const existing = ['interline-jg', 'interline-ip', 'interline-rc'].filter((name) =>
      names.has(name),
    );
    if (existing.length > 0) {
      throw new Error(
        `MONGO_URL ${server.url} already contains ${existing.join(', ')}. Drop them, or unset MONGO_URL ` +
          `to let the benchmark start its own FerretDB on 127.0.0.1:${FERRETDB_PORT}.`,
      );
    }
  } finally {
    await connection.close();
  }
}

/** The part of a gateway client the benchmark needs here. */
interface GatewaySender {
  send<T>(pattern: string, data: unknown): Promise<T>;
}

/**
 * Reads the capacity of every flight in `itineraries` from the gateway of the airline that
 * operates it: leg `i` of every itinerary belongs to `gateways[i]`. Flight ids end with the
 * service date, `<airline><number>-<YYYYMMDD>`.
 */
export async function flightCapacities(
  gateways: readonly GatewaySender[],
  itineraries: readonly string[][],
): Promise<Map<string, number>> {
  const needed = new Set(itineraries.flat());
  const capacities = new Map<string, number>();
  const requests = new Set<string>();
  for (const itinerary of itineraries) {
    itinerary.forEach((id, leg) => requests.add(`${leg} ${id.slice(-8)}`));
  }
  for (const request of requests) {
    const [leg, compact] = request.split(' ');
    const date = `${compact.slice(0, 4)}-${compact.slice(4, 6)}-${compact.slice(6)}`;
    const listed = await gateways[Number(leg)].send<{
      flights: Array<{ id: string; capacity: number }>;
    }>('flights.list', { date });
    for (const flight of listed.flights.filter((entry) => needed.has(entry.id))) {
      capacities.set(flight.id, flight.capacity);
    }
  }
  const missing = [...needed].filter((id) => !capacities.has(id));
  if (missing.length > 0) {
    throw new Error(`no capacity listed for ${missing.length} flights, e.g. ${missing[0]}`);
  }
  return capacities;
}

/** A purchase made locally by the baseline. */
export interface LocalPurchases {
  purchase(flightIds: string[]): Promise<void>;
  close(): Promise<void>;
}

interface BaselineFlight {
  _id: string;
  capacity: number;
  seatsSold: number;
  seatsAvailable: number;
}

interface BaselineCoupon {
  _id: string;
  flightId: string;
  locator: string;
  passenger: string;
  status: 'OPEN';
  issuedAt: number;
}

interface BaselineBooking {
  _id: string;
  flightIds: string[];
  passengers: string[];
  status: 'CONFIRMED';
  createdAt: number;
}

/** Write concerns of the MongoDB baseline: only the last write of a purchase waits for the journal. */
const RELAXED: mongo.WriteConcernSettings = { w: 1, j: false };
const DURABLE: mongo.WriteConcernSettings = { w: 'majority', j: true };

/**
 * Opens the local baseline on MongoDB. Each purchase takes a seat on every leg (one ordered bulk write
 * with a seat check per leg), inserts the coupons, then stores the booking with a journaled
 * write. These are three writes, not one transaction, because FerretDB v1.24 has no
 * multi-document transactions. The flights start with every seat available.
 */
export async function openMongodbBaseline(
  url: string,
  capacities: ReadonlyMap<string, number>,
): Promise<LocalPurchases> {
  const connection = await createConnection(url).asPromise();
  const database = connection.getClient().db(BASELINE_DATABASE);
  await database.dropDatabase();
  const flights = database.collection<BaselineFlight>('flights');
  const coupons = database.collection<BaselineCoupon>('coupons');
  const bookings = database.collection<BaselineBooking>('bookings');
  await flights.insertMany(
    [...capacities].map(([id, capacity]) => ({
      _id: id,
      capacity,
      seatsSold: 0,
      seatsAvailable: capacity,
    })),
  );

  let serial = 0;
  return {
    async purchase(flightIds) {
      serial += 1;
      const locator = `L${String(serial).padStart(5, '0')}`;
      const now = Date.now();
      const seatUpdates = await flights.bulkWrite(
        flightIds.map((id) => ({
          updateOne: {
            filter: { _id: id, seatsAvailable: { $gte: 1 } },
            update: { $inc: { seatsSold: 1, seatsAvailable: -1 } },
          },
        })),
        { ordered: true, writeConcern: RELAXED },
      );
      if (seatUpdates.modifiedCount !== flightIds.length) {
        throw new Error(`baseline: no seat left on a leg of ${flightIds.join(', ')}`);
      }
      await coupons.insertMany(
        flightIds.map((flightId, leg) => ({
          _id: `${serial}-${leg}`,
          flightId,
          locator,
          passenger: 'Bench Passenger',
          status: 'OPEN' as const,
          issuedAt: now,
        })),
        { writeConcern: RELAXED },
      );
      await bookings.insertOne(
        {
          _id: locator,
          flightIds,
          passengers: ['Bench Passenger'],
          status: 'CONFIRMED',
          createdAt: now,
        },
        { writeConcern: DURABLE },
      );
    },
    async close() {
      try {
        await database.dropDatabase();
      } finally {
        await connection.close();
      }
    },
  };
}
