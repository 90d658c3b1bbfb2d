import { Logger } from '@nestjs/common';
import type { Connection, Model, mongo } from 'mongoose';

import { StorageOpenError, StorageUnavailableError } from '../errors';
import type { WriteDurability } from '../ports/transactions.repository';
import { KeyedBarrier, KeyedQueue } from './keyed-ordering';
import { MODEL_DEFINITIONS, type ModelName } from './mongo-schemas';
import { redactMongodbUrl } from './mongo-url';
import { SeatLedger } from './seat-ledger';

/** Version of the collection layout and indexes this build writes. */
export const MONGO_SCHEMA_VERSION = 1;

/**
 * Operations sent in one bulk write. FerretDB 1.24 with its SQLite backend stopped answering a
 * bulk write of 190 updates that matched existing documents (a node's restart re-seeding its
 * airports), and every later command on that server timed out; batches of up to 95 completed.
 */
export const BULK_WRITE_BATCH_MAX = 50;

/** Splits `items` into consecutive batches of at most `size`. */
export function inBatches<T>(items: readonly T[], size = BULK_WRITE_BATCH_MAX): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    batches.push(items.slice(start, start + size));
  }
  return batches;
}

/**
 * Write concerns by durability. `durable` waits until the write is in the journal of a majority
 * of the replica set (of the single node when standalone); `relaxed` only until the primary
 * applied it. On one node the journal is written in order, so a durable write also makes every
 * earlier write of this connection durable: the participant write steps rely on that.
 */
export const WRITE_CONCERNS: Record<WriteDurability, mongo.WriteConcernSettings> = {
  durable: { w: 'majority', j: true },
  relaxed: { w: 1, j: false },
};

/** Driver errors that mean the server could not be reached, by class name. */
const UNAVAILABLE_ERROR_NAMES = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
]);

/** Duplicate-key error code of the MongoDB server (and of FerretDB). */
export const DUPLICATE_KEY_CODE = 11000;

/**
 * Recognises a unique-index violation. MongoDB reports code 11000; FerretDB 1.24 does too on
 * inserts, but reports a violation caused by an update as a generic error whose message carries
 * SQLite's "UNIQUE constraint failed".
 */
export function isDuplicateKeyError(error: unknown): boolean {
  const candidate = error as { code?: unknown; message?: unknown } | null;
  return (
    candidate?.code === DUPLICATE_KEY_CODE ||
    (typeof candidate?.message === 'string' &&
      candidate.message.includes('UNIQUE constraint failed'))
  );
}

/** A stored document; every collection of the adapter keys its documents by a string `_id`. */
export interface StoredDocument {
  _id: string;
}

/** The native collections the repositories use, by model name. */
export type MongoCollections = Record<ModelName, mongo.Collection<StoredDocument>>;

/**
 * The MongoDB database of one node: its collections, the write concerns, and the in-process
 * ordering of writes. All repositories of a node share one instance.
 *
 * Repositories call the driver through each model's native collection rather than through
 * mongoose queries, because the conditional updates below must reach the server exactly as
 * written (no casting of operators). The mongoose models still declare the collections and their
 * indexes.
 */
export class MongoStorage {
  /** Serialises writes that must apply in call order, by key (a transaction id, an origin). */
  readonly queue = new KeyedQueue();
  /** Lets a read wait until the writes in flight on the same key have applied. */
  readonly barrier = new KeyedBarrier();
  /** Seat counts of the flights as stored, plus the deltas of participant writes in flight. */
  readonly seats = new SeatLedger();

  private constructor(
    readonly connection: Connection,
    readonly collections: MongoCollections,
    /** The connection string with its password redacted. */
    readonly location: string,
    readonly schemaVersion: number,
    /**
     * `ferretdb` when the server is FerretDB, which looks documents up by index only for a filter
     * of exactly `{ _id: <string> }`: guarded updates then become a read and an update by `_id`
     * under this process's per-document queue (see `updateSeats`).
     */
    readonly server: 'mongodb' | 'ferretdb',
  ) {}

  /**
   * Checks the schema version, creates the indexes and records the version. Throws
   * `StorageOpenError` when the database was written by a newer build or an index cannot be
   * created. The connection must already be open.
   */
  static async open(
    connection: Connection,
    models: Record<ModelName, Model<never>>,
    url: string,
  ): Promise<MongoStorage> {
    const location = redactMongodbUrl(url);
    const collections = Object.fromEntries(
      MODEL_DEFINITIONS.map(({ name }) => [name, models[name].collection]),
    ) as unknown as MongoCollections;

    try {
      const stored = (await collections.SchemaInfo.findOne({ _id: 'schema' })) as {
        version?: unknown;
      } | null;
      const storedVersion = typeof stored?.version === 'number' ? stored.version : 0;
      if (storedVersion > MONGO_SCHEMA_VERSION) {
        throw new StorageOpenError(
          location,
          `schema version ${storedVersion} is newer than this build supports ` +
            `(${MONGO_SCHEMA_VERSION}). Run the Interline version that wrote this database, or ` +
            'a newer one.',
        );
      }
      for (const { name } of MODEL_DEFINITIONS) {
        await models[name].createCollection().catch(ignoreNamespaceExists);
        await models[name].createIndexes();
      }
      await collections.SchemaInfo.updateOne(
        { _id: 'schema' },
        { $set: { version: MONGO_SCHEMA_VERSION, updatedAt: Date.now() } },
        { upsert: true, writeConcern: WRITE_CONCERNS.durable },
      );
    } catch (error) {
      if (error instanceof StorageOpenError) {
        throw error;
      }
      throw new StorageOpenError(location, describeError(error), { cause: error });
    }
    const server = await detectServer(connection, location);
    return new MongoStorage(connection, collections, location, MONGO_SCHEMA_VERSION, server);
  }

  /** Returns the native collection of a model, typed with the shape of its documents. */
  collection<T extends StoredDocument>(name: ModelName): mongo.Collection<T> {
    return this.collections[name] as unknown as mongo.Collection<T>;
  }

  /** Turns a driver error meaning "server unreachable" into `StorageUnavailableError`. */
  translateError(error: unknown): unknown {
    if (error instanceof Error && UNAVAILABLE_ERROR_NAMES.has(error.name)) {
      return new StorageUnavailableError(this.location, error.message, { cause: error });
    }
    return error;
  }
}

/**
 * Wraps every method of `repository` that returns a promise so that a driver error meaning
 * "server unreachable" rejects as `StorageUnavailableError` naming the storage location.
 */
export function withStorageErrors<T extends object>(storage: MongoStorage, repository: T): T {
  return new Proxy(repository, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') {
        return value;
      }
      return (...args: unknown[]) => {
        const result: unknown = (value as (...inner: unknown[]) => unknown).apply(target, args);
        if (result instanceof Promise) {
          return result.catch((error: unknown) => {
            throw storage.translateError(error);
          });
        }
        return result;
      };
    },
  });
}

/** Logger shared by the adapter's start-up and recovery. */
export const mongoLogger = new Logger('MongoStorage');

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Detects the server by `buildInfo`, where FerretDB adds `ferretdbVersion` and MongoDB does not. */
async function detectServer(
  connection: Connection,
  location: string,
): Promise<'mongodb' | 'ferretdb'> {
  const database = connection.db;
  if (!database) {
    throw new StorageOpenError(location, 'the connection has no database');
  }
  const info = await database.admin().command({ buildInfo: 1 });
  return typeof info.ferretdbVersion === 'string' ? 'ferretdb' : 'mongodb';
}

/** `createCollection` fails with code 48 when the collection exists, which is the normal case. */
function ignoreNamespaceExists(error: unknown): void {
  if ((error as { code?: unknown } | null)?.code !== 48) {
    throw error;
  }
}
