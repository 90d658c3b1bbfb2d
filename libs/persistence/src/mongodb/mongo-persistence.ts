import type { DynamicModule, Provider } from '@nestjs/common';
import {
  getConnectionToken,
  getModelToken,
  MongooseModule,
  type MongooseModuleFactoryOptions,
} from '@nestjs/mongoose';
import type { Connection, Model, MongooseError } from 'mongoose';

import { StorageOpenError } from '../errors';
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
import {
  MongoAccountRepository,
  MongoLoginThrottleRepository,
  MongoSessionRepository,
} from './mongo-account.repository';
import { MongoBookingRepository } from './mongo-booking.repository';
import { MongoAirlineRepository, MongoAirportRepository } from './mongo-catalog.repository';
import { MongoCoordinatorRepository } from './mongo-coordinator.repository';
import { MongoFlightRepository } from './mongo-flight.repository';
import { MongoHealthProbe } from './mongo-health.probe';
import { MongoLinkStateRepository } from './mongo-link-state.repository';
import { MongoParticipantRepository } from './mongo-participant.repository';
import { MongoPurchaseKeyRepository } from './mongo-purchase-key.repository';
import { MODEL_DEFINITIONS, type ModelName } from './mongo-schemas';
import { describeError, MongoStorage, mongoLogger, withStorageErrors } from './mongo-storage';
import { redactMongodbUrl } from './mongo-url';
import { MongoVectorClockRepository } from './mongo-vector-clock.repository';
import { recoverParticipantWrites } from './participant-write-steps';

/**
 * How long the driver looks for a reachable server before an operation fails. At start this
 * bounds the wait before the node exits; later it bounds how long a request waits on a lost server.
 */
export const SERVER_SELECTION_TIMEOUT_MS = 5_000;
/** Longest wait for a TCP connection to the server. */
export const CONNECT_TIMEOUT_MS = 5_000;
/**
 * Longest silence on a connection before the driver closes it and the operation fails, for a
 * server that stops answering without closing its connections.
 */
export const SOCKET_TIMEOUT_MS = 10_000;

/** Mongoose connection options of a node; `url` must name the database. */
export function mongooseConnectionOptions(url: string): MongooseModuleFactoryOptions {
  return {
    uri: url,
    serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS,
    connectTimeoutMS: CONNECT_TIMEOUT_MS,
    socketTimeoutMS: SOCKET_TIMEOUT_MS,
    // Operations fail at once while disconnected instead of queueing in mongoose until it
    // reconnects. The driver still waits up to the server selection timeout for a server.
    bufferCommands: false,
    autoIndex: false,
    autoCreate: false,
    // Command events feed the slow-command log (see `logSlowCommands`).
    monitorCommands: true,
    // No retry: a server unreachable at start stops the node (see `connectionErrorFactory`).
    // With 0, @nestjs/mongoose 11.0.4 makes one attempt and logs no "Retrying" line.
    retryAttempts: 0,
    retryDelay: 0,
    connectionErrorFactory: (error: MongooseError): MongooseError =>
      new StorageOpenError(
        redactMongodbUrl(url),
        `no MongoDB server answered within ${SERVER_SELECTION_TIMEOUT_MS} ms (${error.message}). ` +
          'Start the server, or fix INTERLINE_MONGODB_URL',
        { cause: error },
      ) as unknown as MongooseError,
  };
}

/**
 * Opens the adapter on a connected mongoose connection: checks the schema version, creates the
 * indexes and completes participant writes left unfinished. Throws `StorageOpenError`.
 */
export async function openMongoStorage(
  connection: Connection,
  models: Record<ModelName, Model<never>>,
  url: string,
): Promise<MongoStorage> {
  const storage = await MongoStorage.open(connection, models, url);
  logSlowCommands(connection);
  try {
    const recovered = await recoverParticipantWrites(storage);
    mongoLogger.log({ msg: 'MongoDB storage opened', location: storage.location, ...recovered });
  } catch (error) {
    throw new StorageOpenError(
      storage.location,
      `unfinished participant writes could not be completed: ${describeError(error)}`,
      { cause: error },
    );
  }
  return storage;
}

/** Injection token of the node's MongoDB connection string. */
const MONGODB_URL = Symbol('MongodbUrl');

/**
 * Registers the adapter's models on a connection made outside Nest (tests, tools); inside the
 * node `MongooseModule.forFeature` does this.
 */
export function registerMongoModels(connection: Connection): Record<ModelName, Model<never>> {
  return Object.fromEntries(
    MODEL_DEFINITIONS.map(({ name, schema }) => [name, connection.model(name, schema)]),
  ) as unknown as Record<ModelName, Model<never>>;
}

/** A database command slower than this is logged at debug level with its duration. */
export const SLOW_COMMAND_MS = 100;

/** Logs commands slower than `SLOW_COMMAND_MS`: the command name and collection, never values. */
function logSlowCommands(connection: Connection): void {
  const client = connection.getClient();
  // Collection by request id, from the start of each command until it ends.
  const collections = new Map<number, string>();
  client.on('commandStarted', (event) => {
    const collection: unknown = event.command[event.commandName];
    collections.set(event.requestId, typeof collection === 'string' ? collection : '');
  });
  client.on('commandFailed', (event) => collections.delete(event.requestId));
  client.on('commandSucceeded', (event) => {
    const collection = collections.get(event.requestId);
    collections.delete(event.requestId);
    if (event.duration >= SLOW_COMMAND_MS) {
      mongoLogger.debug({
        msg: 'Slow storage command',
        command: event.commandName,
        collection,
        durationMs: Math.round(event.duration),
      });
    }
  });
}

/** Every repository port over one `MongoStorage`, by injection token. */
const repositoryFactories: Array<[symbol, (storage: MongoStorage) => object]> = [
  [AIRPORT_REPOSITORY, (storage) => new MongoAirportRepository(storage)],
  [AIRLINE_REPOSITORY, (storage) => new MongoAirlineRepository(storage)],
  [FLIGHT_REPOSITORY, (storage) => new MongoFlightRepository(storage)],
  [ACCOUNT_REPOSITORY, (storage) => new MongoAccountRepository(storage)],
  [SESSION_REPOSITORY, (storage) => new MongoSessionRepository(storage)],
  [LOGIN_THROTTLE_REPOSITORY, (storage) => new MongoLoginThrottleRepository(storage)],
  [STORAGE_HEALTH_PROBE, (storage) => new MongoHealthProbe(storage)],
  [LINK_STATE_REPOSITORY, (storage) => new MongoLinkStateRepository(storage)],
  [PARTICIPANT_REPOSITORY, (storage) => new MongoParticipantRepository(storage)],
  [PURCHASE_KEY_REPOSITORY, (storage) => new MongoPurchaseKeyRepository(storage)],
  [COORDINATOR_REPOSITORY, (storage) => new MongoCoordinatorRepository(storage)],
  [BOOKING_REPOSITORY, (storage) => new MongoBookingRepository(storage)],
  [VECTOR_CLOCK_REPOSITORY, (storage) => new MongoVectorClockRepository(storage)],
];

/** Creates every repository of the adapter, as the module provides them. */
export function createMongoRepositories(storage: MongoStorage): Map<symbol, object> {
  return new Map(
    repositoryFactories.map(([token, create]) => [
      token,
      withStorageErrors(storage, create(storage)),
    ]),
  );
}

/**
 * Builds the imports and providers of `PersistenceModule` for MongoDB: the connection and models through
 * `@nestjs/mongoose`, `MongoStorage`, and every repository port. `resolveUrl` returns the
 * connection string from the injected values.
 */
export function mongoPersistenceParts(options: {
  imports: NonNullable<DynamicModule['imports']>;
  inject: Array<string | symbol>;
  resolveUrl: (...args: never[]) => string;
}): { imports: NonNullable<DynamicModule['imports']>; providers: Provider[]; tokens: symbol[] } {
  const urlProvider: Provider = {
    provide: MONGODB_URL,
    useFactory: options.resolveUrl,
    inject: options.inject,
  };
  const storageProvider: Provider = {
    provide: MongoStorage,
    useFactory: (url: string, connection: Connection, ...models: Array<Model<never>>) => {
      const byName = Object.fromEntries(
        MODEL_DEFINITIONS.map(({ name }, index) => [name, models[index]]),
      ) as Record<ModelName, Model<never>>;
      return openMongoStorage(connection, byName, url);
    },
    inject: [
      MONGODB_URL,
      getConnectionToken(),
      ...MODEL_DEFINITIONS.map(({ name }) => getModelToken(name)),
    ],
  };
  const repositoryProviders: Provider[] = repositoryFactories.map(([token, create]) => ({
    provide: token,
    useFactory: (storage: MongoStorage) => withStorageErrors(storage, create(storage)),
    inject: [MongoStorage],
  }));
  return {
    imports: [
      MongooseModule.forRootAsync({
        imports: options.imports,
        inject: options.inject,
        useFactory: (...args: unknown[]) =>
          mongooseConnectionOptions(options.resolveUrl(...(args as never[]))),
      }),
      MongooseModule.forFeature(MODEL_DEFINITIONS.map(({ name, schema }) => ({ name, schema }))),
    ],
    providers: [urlProvider, storageProvider, ...repositoryProviders],
    tokens: repositoryFactories.map(([token]) => token),
  };
}
