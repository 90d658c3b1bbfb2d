import { Test } from '@nestjs/testing';

import { StorageOpenError, StorageUnavailableError } from '../errors';
import { PersistenceModule } from '../persistence.module';
import type { AccountRepository, StorageHealthProbe } from '../ports/repositories';
import { ACCOUNT_REPOSITORY, STORAGE_HEALTH_PROBE } from '../ports/tokens';
import type { MongoTestServer } from '../../../../scripts/ferretdb/server';
import { MongoAccountRepository } from './mongo-account.repository';
import { MongoHealthProbe } from './mongo-health.probe';
import { SERVER_SELECTION_TIMEOUT_MS } from './mongo-persistence';
import { MONGO_SCHEMA_VERSION, withStorageErrors } from './mongo-storage';
import { openTestDatabase, startOwnFerretdb, startServer } from './testing/mongo-fixtures';

/** FerretDB port of this suite. */
const PORT = 29013;
/** A port in this suite's range where nothing listens: the unreachable server. */
const UNREACHABLE_PORT = 29019;

const account = {
  id: 'account-1',
  email: 'ana@example.com',
  displayName: 'Ana Souza',
  passwordHash: 'scrypt$hash',
  homeAirline: 'JG',
  createdAt: 1_700_000_000_000,
};

describe('MongoDB storage on FerretDB', () => {
  let server: MongoTestServer;

  beforeAll(async () => {
    server = await startServer(PORT);
  });

  afterAll(async () => {
    await server.stop();
  });

  it('creates the unique indexes at start', async () => {
    const database = await openTestDatabase(server, 'indexes');
    try {
      const indexes = async (name: 'Account' | 'Booking' | 'Session' | 'PurchaseKey' | 'Flight') =>
        (await database.storage.collections[name].indexes()).map((index) => ({
          name: index.name,
          unique: index.unique === true,
        }));

      expect(await indexes('Account')).toContainEqual({
        name: 'accounts_unique_email',
        unique: true,
      });
      expect(await indexes('Booking')).toContainEqual({
        name: 'bookings_unique_idempotency_key',
        unique: true,
      });
      expect(await indexes('PurchaseKey')).toContainEqual({
        name: 'purchase_keys_unique_key',
        unique: true,
      });
      expect(await indexes('Flight')).toContainEqual({
        name: 'flights_unique_number_per_date',
        unique: true,
      });
      expect((await indexes('Session')).map((index) => index.name)).toContain('sessions_by_expiry');
    } finally {
      await database.drop();
    }
  });

  it('records the schema version and reopens', async () => {
    const database = await openTestDatabase(server, 'schema');
    try {
      const reopened = await database.reopen();

      expect(reopened.schemaVersion).toBe(MONGO_SCHEMA_VERSION);
      expect(await reopened.collections.SchemaInfo.findOne({ _id: 'schema' })).toMatchObject({
        version: MONGO_SCHEMA_VERSION,
      });
    } finally {
      await database.drop();
    }
  });

  it('refuses a database of a newer schema', async () => {
    const database = await openTestDatabase(server, 'newer');
    try {
      await database.storage.collections.SchemaInfo.updateOne(
        { _id: 'schema' },
        { $set: { version: MONGO_SCHEMA_VERSION + 1 } },
      );

      const reopened = database.reopen();

      await expect(reopened).rejects.toThrow(StorageOpenError);
      await expect(reopened).rejects.toThrow(/newer than this build supports/);
    } finally {
      await database.drop();
    }
  });

  it('health probe reports ok with the location', async () => {
    const database = await openTestDatabase(server, 'health');
    try {
      const health = await new MongoHealthProbe(database.storage).check();

      expect(health).toEqual({
        status: 'ok',
        engine: 'mongodb',
        location: database.url,
        schemaVersion: MONGO_SCHEMA_VERSION,
      });
    } finally {
      await database.drop();
    }
  });

  it('node module opens the adapter through @nestjs/mongoose', async () => {
    const url = `${server.url}/module-${process.pid}`;
    const module = await Test.createTestingModule({
      imports: [
        PersistenceModule.forRootAsync({
          storage: 'mongodb',
          useFactory: () => ({ dataDir: '/nonexistent', mongodbUrl: url }),
        }),
      ],
    }).compile();
    try {
      const accounts = module.get<AccountRepository>(ACCOUNT_REPOSITORY);
      await accounts.insert(account);

      expect(await accounts.findByEmail('ana@example.com')).toEqual(account);
      expect(await module.get<StorageHealthProbe>(STORAGE_HEALTH_PROBE).check()).toMatchObject({
        status: 'ok',
        engine: 'mongodb',
      });
    } finally {
      const { getConnectionToken } = await import('@nestjs/mongoose');
      await module.get<import('mongoose').Connection>(getConnectionToken()).dropDatabase();
      await module.close();
    }
  });
});

describe('MongoDB server unreachable', () => {
  const url = `mongodb://ana:s3cret@127.0.0.1:${UNREACHABLE_PORT}/interline-down`;

  it(
    'node module fails to open with the redacted URL',
    async () => {
      const compiled = Test.createTestingModule({
        imports: [
          PersistenceModule.forRootAsync({
            storage: 'mongodb',
            useFactory: () => ({ dataDir: '/nonexistent', mongodbUrl: url }),
          }),
        ],
      }).compile();

      await expect(compiled).rejects.toThrow(StorageOpenError);
      await expect(compiled).rejects.toMatchObject({
        location: `mongodb://ana:***@127.0.0.1:${UNREACHABLE_PORT}/interline-down`,
      });
      await expect(compiled).rejects.toThrow(/INTERLINE_MONGODB_URL/);
      await expect(compiled).rejects.not.toThrow(/s3cret/);
    },
    SERVER_SELECTION_TIMEOUT_MS * 3,
  );
});

describe('MongoDB server lost after start', () => {
  it('operations fail with StorageUnavailableError and health reports failing', async () => {
    const server = await startOwnFerretdb(PORT + 1);
    const database = await openTestDatabase(server, 'lost');
    const accounts = withStorageErrors(
      database.storage,
      new MongoAccountRepository(database.storage),
    );
    await accounts.insert(account);

    await server.stop();

    const found = accounts.findById('account-1');
    await expect(found).rejects.toThrow(StorageUnavailableError);
    await expect(found).rejects.toMatchObject({ location: database.url });
    const health = await new MongoHealthProbe(database.storage, 1_000).check();
    expect(health).toMatchObject({ status: 'failing', engine: 'mongodb' });
    expect(health.detail).toEqual(expect.any(String));
    await database.connection.close();
  }, 30_000);
});
