import { SqliteDatabase } from './sqlite-database';
import { SqliteVectorClockRepository } from './sqlite-vector-clock.repository';
import { createTemporaryDirectory, type TemporaryDirectory } from './testing/transaction-fixtures';

describe('SqliteVectorClockRepository on a real file', () => {
  let directory: TemporaryDirectory;
  let database: SqliteDatabase;
  let repository: SqliteVectorClockRepository;

  beforeEach(() => {
    directory = createTemporaryDirectory('interline-vector-clock-');
    database = SqliteDatabase.open(directory.location);
    repository = new SqliteVectorClockRepository(database);
  });

  afterEach(() => {
    database.close();
    directory.remove();
  });

  it('load returns null before the first save', async () => {
    expect(await repository.load()).toBeNull();
  });

  it('round-trips the clock', async () => {
    const row = { entries: { JG: 12, IP: 3 }, ownReservedUpTo: 1_000 };

    await repository.save(row, 'durable');

    expect(await repository.load()).toEqual(row);
  });

  it('save replaces the single row', async () => {
    await repository.save({ entries: { JG: 1 }, ownReservedUpTo: 1_000 }, 'relaxed');
    await repository.save({ entries: { JG: 1_001, RC: 4 }, ownReservedUpTo: 2_000 }, 'durable');

    expect(await repository.load()).toEqual({
      entries: { JG: 1_001, RC: 4 },
      ownReservedUpTo: 2_000,
    });
    const count = database.connection
      .prepare('SELECT COUNT(*) AS count FROM vector_clock')
      .get() as {
      count: number;
    };
    expect(count.count).toBe(1);
  });

  it('clock survives close and reopen', async () => {
    await repository.save({ entries: { JG: 7 }, ownReservedUpTo: 1_000 }, 'durable');
    database.close();

    database = SqliteDatabase.open(directory.location);
    repository = new SqliteVectorClockRepository(database);

    expect(await repository.load()).toEqual({ entries: { JG: 7 }, ownReservedUpTo: 1_000 });
  });

  it('rejects a negative reservation', async () => {
    const saved = repository.save({ entries: {}, ownReservedUpTo: -1 }, 'durable');

    await expect(saved).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_CHECK' });
    expect(await repository.load()).toBeNull();
  });
});
