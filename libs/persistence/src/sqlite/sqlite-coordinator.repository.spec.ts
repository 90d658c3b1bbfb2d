import type { CoordinatorTransaction } from '@interline/two-phase-commit/core/types';

import { SqliteCoordinatorRepository } from './sqlite-coordinator.repository';
import { SqliteDatabase } from './sqlite-database';
import {
  createTemporaryDirectory,
  preparingRecord,
  type TemporaryDirectory,
} from './testing/transaction-fixtures';

function abortedRecord(txId: string): CoordinatorTransaction {
  return preparingRecord(txId, {
    phase: 'ABORTED',
    votes: {
      JG: { vote: 'YES', tickets: [] },
      RC: { vote: 'NO', reason: 'SOLD_OUT', flightIds: ['RC2001-20261205'], detail: '0 left' },
    },
    abortReason: 'SOLD_OUT',
    blamed: ['RC'],
    acknowledged: ['JG'],
    decidedAt: 1_700_000_001_000,
    resendAt: 1_700_000_003_000,
    resends: 1,
  });
}

describe('SqliteCoordinatorRepository on a real file', () => {
  let directory: TemporaryDirectory;
  let database: SqliteDatabase;
  let repository: SqliteCoordinatorRepository;

  beforeEach(() => {
    directory = createTemporaryDirectory('interline-coordinator-');
    database = SqliteDatabase.open(directory.location);
    repository = new SqliteCoordinatorRepository(database);
  });

  afterEach(() => {
    database.close();
    directory.remove();
  });

  it('round-trips a preparing record', async () => {
    const record = preparingRecord('tx-1');

    await repository.save(record, { IP: 3 }, 'relaxed');

    expect(await repository.findById('tx-1')).toEqual(record);
  });

  it('round-trips an aborted record', async () => {
    const record = abortedRecord('tx-1');

    await repository.save(record, { IP: 3 }, 'durable');

    expect(await repository.findById('tx-1')).toEqual(record);
  });

  it('findById returns null when absent', async () => {
    expect(await repository.findById('tx-missing')).toBeNull();
  });

  it('save replaces the record by txId', async () => {
    await repository.save(preparingRecord('tx-1'), { IP: 3 }, 'relaxed');
    const committed = preparingRecord('tx-1', {
      phase: 'COMMITTED',
      votes: { JG: { vote: 'YES', tickets: [] }, RC: { vote: 'YES', tickets: [] } },
      decidedAt: 1_700_000_001_000,
    });

    await repository.save(committed, { IP: 4 }, 'durable');

    expect(await repository.findById('tx-1')).toEqual(committed);
  });

  it('stores the record as it was at the call', async () => {
    const record = preparingRecord('tx-1');
    const saved = repository.save(record, { IP: 3 }, 'durable');
    record.phase = 'COMMITTED';
    record.acknowledged.push('JG');

    await saved;

    const stored = await repository.findById('tx-1');
    expect(stored?.phase).toBe('PREPARING');
    expect(stored?.acknowledged).toEqual([]);
  });

  it('durable saves survive close and reopen', async () => {
    const record = abortedRecord('tx-1');
    await repository.save(record, { IP: 3 }, 'durable');
    database.close();

    database = SqliteDatabase.open(directory.location);
    repository = new SqliteCoordinatorRepository(database);

    expect(await repository.findById('tx-1')).toEqual(record);
  });

  it('findUnfinished skips completed records', async () => {
    await repository.save(preparingRecord('tx-newer', { createdAt: 30 }), {}, 'relaxed');
    await repository.save(
      preparingRecord('tx-done', { phase: 'COMMITTED', createdAt: 10, completedAt: 40 }),
      {},
      'durable',
    );
    await repository.save({ ...abortedRecord('tx-unacknowledged'), createdAt: 20 }, {}, 'durable');

    const unfinished = await repository.findUnfinished();

    expect(unfinished.map((record) => record.txId)).toEqual(['tx-unacknowledged', 'tx-newer']);
  });

  it('rejects an unknown phase', async () => {
    const record = {
      ...preparingRecord('tx-1'),
      phase: 'DONE',
    } as unknown as CoordinatorTransaction;

    await expect(repository.save(record, {}, 'durable')).rejects.toMatchObject({
      code: 'SQLITE_CONSTRAINT_CHECK',
    });
    expect(await repository.findById('tx-1')).toBeNull();
  });

  it('maxClock merges stored clocks', async () => {
    expect(await repository.maxClock()).toEqual({});

    await repository.save(preparingRecord('tx-1'), { IP: 7, JG: 2 }, 'relaxed');
    await repository.save(preparingRecord('tx-2'), { IP: 4, RC: 9 }, 'durable');

    expect(await repository.maxClock()).toEqual({ IP: 7, JG: 2, RC: 9 });
  });
});
