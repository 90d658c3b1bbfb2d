import type { CoordinatorTransaction } from '@interline/two-phase-commit/core/types';

import { adapters } from './adapters';
import { preparingRecord } from './testing/records';
import { useStorage } from './testing/storage-harness';

function abortedRecord(txId: string): CoordinatorTransaction {
  return preparingRecord(txId, {
    phase: 'ABORTED',
    votes: {
      JG: {
        vote: 'YES',
        tickets: [{ flightId: 'JG1001-20261205', passenger: 'A', ticketNumber: '1' }],
      },
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

describe.each(adapters)('coordinator contract on $name', (adapter) => {
  const storage = useStorage(adapter);
  const coordinator = () => storage().coordinator;

  it('preparing record round-trips', async () => {
    const record = preparingRecord('tx-1');

    await coordinator().save(record, { IP: 3 }, 'relaxed');

    expect(await coordinator().findById('tx-1')).toEqual(record);
  });

  it('aborted record round-trips', async () => {
    const record = abortedRecord('tx-1');

    await coordinator().save(record, { IP: 3 }, 'durable');

    expect(await coordinator().findById('tx-1')).toEqual(record);
  });

  it('cancellation record round-trips', async () => {
    const record = preparingRecord('JG.QX7P2M.c1', {
      payload: {
        kind: 'cancel',
        locator: 'QX7P2M',
        passengers: ['Ana Souza', 'Bruno Lima'],
        legs: [{ flightId: 'JG1001-20261205', airline: 'JG', seats: 2 }],
      },
      participants: ['JG'],
      phase: 'COMMITTED',
      votes: { JG: { vote: 'YES', tickets: [] } },
      decidedAt: 1_700_000_001_000,
      completedAt: 1_700_000_002_000,
    });

    await coordinator().save(record, {}, 'durable');

    expect(await coordinator().findById('JG.QX7P2M.c1')).toEqual(record);
  });

  it('findById returns null when absent', async () => {
    await coordinator().save(preparingRecord('tx-1'), {}, 'relaxed');

    expect(await coordinator().findById('tx-missing')).toBeNull();
  });

  it('save replaces the record by txId', async () => {
    await coordinator().save(preparingRecord('tx-1'), { IP: 3 }, 'relaxed');
    const committed = preparingRecord('tx-1', {
      phase: 'COMMITTED',
      votes: { JG: { vote: 'YES', tickets: [] }, RC: { vote: 'YES', tickets: [] } },
      decidedAt: 1_700_000_001_000,
    });

    await coordinator().save(committed, { IP: 4 }, 'durable');

    expect(await coordinator().findById('tx-1')).toEqual(committed);
    expect(await coordinator().findUnfinished()).toEqual([committed]);
  });

  it('stores the record as it was at the call', async () => {
    const record = preparingRecord('tx-1');
    const saved = coordinator().save(record, { IP: 3 }, 'durable');
    record.phase = 'COMMITTED';
    record.acknowledged.push('JG');

    await saved;

    const stored = await coordinator().findById('tx-1');
    expect(stored?.phase).toBe('PREPARING');
    expect(stored?.acknowledged).toEqual([]);
  });

  it('findUnfinished skips completed records, oldest first', async () => {
    await coordinator().save(preparingRecord('tx-newer', { createdAt: 30 }), {}, 'relaxed');
    await coordinator().save(
      preparingRecord('tx-done', { phase: 'COMMITTED', createdAt: 10, completedAt: 40 }),
      {},
      'durable',
    );
    await coordinator().save({ ...abortedRecord('tx-b'), createdAt: 20 }, {}, 'durable');
    await coordinator().save({ ...abortedRecord('tx-a'), createdAt: 20 }, {}, 'durable');

    const unfinished = await coordinator().findUnfinished();

    expect(unfinished.map((record) => record.txId)).toEqual(['tx-a', 'tx-b', 'tx-newer']);
    expect(unfinished[0]).toEqual({ ...abortedRecord('tx-a'), createdAt: 20 });
  });

  it('findUnfinished drops a record once completed', async () => {
    await coordinator().save(abortedRecord('tx-1'), {}, 'durable');

    await coordinator().save(
      { ...abortedRecord('tx-1'), acknowledged: ['JG', 'RC'], completedAt: 1_700_000_004_000 },
      {},
      'relaxed',
    );

    expect(await coordinator().findUnfinished()).toEqual([]);
    expect((await coordinator().findById('tx-1'))?.completedAt).toBe(1_700_000_004_000);
  });

  it('maxClock merges stored clocks', async () => {
    expect(await coordinator().maxClock()).toEqual({});

    await coordinator().save(preparingRecord('tx-1'), { IP: 7, JG: 2 }, 'relaxed');
    await coordinator().save(preparingRecord('tx-2'), { IP: 4, RC: 9 }, 'durable');
    await coordinator().save(preparingRecord('tx-3'), {}, 'durable');

    expect(await coordinator().maxClock()).toEqual({ IP: 7, JG: 2, RC: 9 });
  });

  it('maxClock ignores participant records', async () => {
    await coordinator().save(preparingRecord('tx-1'), { IP: 2 }, 'relaxed');
    await storage().participants.write({
      record: {
        txId: 'tx-2',
        coordinator: 'IP',
        participants: ['IP'],
        payload: null,
        stamp: null,
        phase: 'ABORTED',
        vote: null,
        holdDeadlineAt: null,
        createdAt: 1,
        decidedAt: 1,
        queryAt: null,
        queries: 0,
      },
      clock: { IP: 90, RC: 1 },
      inventory: [],
      durability: 'relaxed',
    });

    expect(await coordinator().maxClock()).toEqual({ IP: 2 });
    expect(await storage().participants.maxClock()).toEqual({ IP: 90, RC: 1 });
  });
});
