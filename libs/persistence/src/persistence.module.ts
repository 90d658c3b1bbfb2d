import {
  type DynamicModule,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
  type Provider,
} from '@nestjs/common';
import { join } from 'node:path';

import {
  ACCOUNT_REPOSITORY,
  AIRLINE_REPOSITORY,
  AIRPORT_REPOSITORY,
  FLIGHT_REPOSITORY,
  LOGIN_THROTTLE_REPOSITORY,
  SESSION_REPOSITORY,
  STORAGE_HEALTH_PROBE,
  LINK_STATE_REPOSITORY,
  PARTICIPANT_REPOSITORY,
  PURCHASE_KEY_REPOSITORY,
  COORDINATOR_REPOSITORY,
  BOOKING_REPOSITORY,
  VECTOR_CLOCK_REPOSITORY,
} from './ports/tokens';
import {
  SqliteAccountRepository,
  SqliteLoginThrottleRepository,
  SqliteSessionRepository,
} from './sqlite/sqlite-account.repository';
import {
  SqliteAirlineRepository,
  SqliteAirportRepository,
} from './sqlite/sqlite-catalog.repository';
import { SqliteBookingRepository } from './sqlite/sqlite-booking.repository';
import { SqliteCoordinatorRepository } from './sqlite/sqlite-coordinator.repository';
import { SqliteDatabase } from './sqlite/sqlite-database';
import { SqliteFlightRepository } from './sqlite/sqlite-flight.repository';
import { SqlitePurchaseKeyRepository } from './sqlite/sqlite-purchase-key.repository';
import { SqliteHealthProbe } from './sqlite/sqlite-health.probe';
import { SqliteLinkStateRepository } from './sqlite/sqlite-link-state.repository';
import { SqliteParticipantRepository } from './sqlite/sqlite-participant.repository';
import { SqliteVectorClockRepository } from './sqlite/sqlite-vector-clock.repository';
import { mongoPersistenceParts } from './mongodb/mongo-persistence';

/** File name of a node's database inside its data directory. */
export const DATABASE_FILE_NAME = 'interline.sqlite';

/** The storage adapters: `sqlite` (embedded, the default) and `mongodb` (a server). */
export const STORAGE_KINDS = ['sqlite', 'mongodb'] as const;
export type StorageKind = (typeof STORAGE_KINDS)[number];

export interface PersistenceOptions {
  /** Directory holding this node's database file; created when missing. Used by `sqlite`. */
  dataDir: string;
  /** Connection string naming the database, e.g. `mongodb://127.0.0.1:27017/interline-jg`. */
  mongodbUrl?: string | null;
}

export interface PersistenceAsyncOptions {
  /** Which adapter provides the ports; fixed when the module is built. `sqlite` by default. */
  storage?: StorageKind;
  imports?: DynamicModule['imports'];
  inject?: Array<string | symbol>;
  useFactory: (...args: never[]) => PersistenceOptions;
}

@Injectable()
class DatabaseCloser implements OnApplicationShutdown {
  constructor(@Inject(SqliteDatabase) private readonly database: SqliteDatabase) {}

  onApplicationShutdown(): void {
    this.database.close();
  }
}

const repositoryProviders: Provider[] = [
  [AIRPORT_REPOSITORY, SqliteAirportRepository],
  [AIRLINE_REPOSITORY, SqliteAirlineRepository],
  [FLIGHT_REPOSITORY, SqliteFlightRepository],
  [ACCOUNT_REPOSITORY, SqliteAccountRepository],
  [SESSION_REPOSITORY, SqliteSessionRepository],
  [LOGIN_THROTTLE_REPOSITORY, SqliteLoginThrottleRepository],
  [STORAGE_HEALTH_PROBE, SqliteHealthProbe],
  [LINK_STATE_REPOSITORY, SqliteLinkStateRepository],
  [PARTICIPANT_REPOSITORY, SqliteParticipantRepository],
  [PURCHASE_KEY_REPOSITORY, SqlitePurchaseKeyRepository],
  [COORDINATOR_REPOSITORY, SqliteCoordinatorRepository],
  [BOOKING_REPOSITORY, SqliteBookingRepository],
  [VECTOR_CLOCK_REPOSITORY, SqliteVectorClockRepository],
].map(([token, Adapter]) => ({
  provide: token as symbol,
  useFactory: (database: SqliteDatabase) =>
    new (Adapter as new (database: SqliteDatabase) => unknown)(database),
  inject: [SqliteDatabase],
}));

const exportedTokens = [
  SqliteDatabase,
  AIRPORT_REPOSITORY,
  AIRLINE_REPOSITORY,
  FLIGHT_REPOSITORY,
  ACCOUNT_REPOSITORY,
  SESSION_REPOSITORY,
  LOGIN_THROTTLE_REPOSITORY,
  STORAGE_HEALTH_PROBE,
  LINK_STATE_REPOSITORY,
  PARTICIPANT_REPOSITORY,
  PURCHASE_KEY_REPOSITORY,
  COORDINATOR_REPOSITORY,
  BOOKING_REPOSITORY,
  VECTOR_CLOCK_REPOSITORY,
];

/**
 * Provides the repository ports over the embedded SQLite adapter (one WAL-mode file per node,
 * migrated and integrity-checked when the module starts) or, with `storage: 'mongodb'`, over a
 * MongoDB database (see `mongodb/`). Opening fails with `StorageOpenError` rather than replacing a
 * damaged file or waiting without bound for a server.
 */
@Module({})
export class PersistenceModule {
  static forRootAsync(options: PersistenceAsyncOptions): DynamicModule {
    if (options.storage === 'mongodb') {
      return PersistenceModule.forMongodb(options);
    }
    const databaseProvider: Provider = {
      provide: SqliteDatabase,
      useFactory: (...args: never[]) => {
        const { dataDir } = options.useFactory(...args);
        return SqliteDatabase.open(join(dataDir, DATABASE_FILE_NAME));
      },
      inject: options.inject ?? [],
    };
    return {
      module: PersistenceModule,
      global: true,
      imports: options.imports ?? [],
      providers: [databaseProvider, ...repositoryProviders, DatabaseCloser],
      exports: exportedTokens,
    };
  }

  private static forMongodb(options: PersistenceAsyncOptions): DynamicModule {
    const parts = mongoPersistenceParts({
      imports: options.imports ?? [],
      inject: options.inject ?? [],
      resolveUrl: (...args: never[]) => {
        const { mongodbUrl } = options.useFactory(...args);
        if (!mongodbUrl) {
          throw new Error('PersistenceModule with storage mongodb needs mongodbUrl');
        }
        return mongodbUrl;
      },
    });
    return {
      module: PersistenceModule,
      global: true,
      imports: [...(options.imports ?? []), ...parts.imports],
      providers: parts.providers,
      exports: parts.tokens,
    };
  }
}
