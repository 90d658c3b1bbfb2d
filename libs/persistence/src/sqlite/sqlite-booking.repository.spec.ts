import { DuplicateIdempotencyKeyError, DuplicateLocatorError } from '../errors';
import type { BookingRow, BookingStatusRow } from '../ports/transactions.repository';
import { SqliteBookingRepository } from './sqlite-booking.repository';
import { SqliteDatabase } from './sqlite-database';
import {
  confirmedBooking,
  createTemporaryDirectory,
  type TemporaryDirectory,
} from './testing/transaction-fixtures';

const ALL_STATUSES: readonly BookingStatusRow[] = [
  'PENDING',
  'CONFIRMED',
  'FAILED',
  'CANCELLING',
  'CANCELLED',
];

describe('SqliteBookingRepository on a real file', () => {
  let directory: TemporaryDirectory;
  let database: SqliteDatabase;
  let repository: SqliteBookingRepository;

  beforeEach(() => {
    directory = createTemporaryDirectory('interline-booking-');
    database = SqliteDatabase.open(directory.location);
    repository = new SqliteBookingRepository(database);
  });

  afterEach(() => {
    database.close();
    directory.remove();
  });

  it('round-trips a confirmed booking', async () => {
    const booking = confirmedBooking('QX7P2M');

    await repository.insert(booking, 'durable');

    expect(await repository.findByLocator('QX7P2M')).toEqual(booking);
  });

  it('round-trips a failed booking', async () => {
    const booking = confirmedBooking('FA1LED', {
      status: 'FAILED',
      failure: { code: 'SOLD_OUT', airlines: ['RC'], flightIds: ['RC2001-20261205'] },
      txIds: ['tx-1', 'tx-2'],
    });

    await repository.insert(booking, 'relaxed');

    expect(await repository.findByLocator('FA1LED')).toEqual(booking);
  });

  it('findByLocator returns null when absent', async () => {
    expect(await repository.findByLocator('NONE00')).toBeNull();
  });

  it('reused idempotency key is rejected', async () => {
    await repository.insert(confirmedBooking('AAAAAA', { idempotencyKey: 'k1' }), 'durable');

    const duplicate = repository.insert(
      confirmedBooking('BBBBBB', { idempotencyKey: 'k1' }),
      'durable',
    );

    await expect(duplicate).rejects.toThrow(DuplicateIdempotencyKeyError);
    await expect(duplicate).rejects.toMatchObject({
      accountId: 'account-1',
      idempotencyKey: 'k1',
    });
    expect(await repository.findByLocator('BBBBBB')).toBeNull();
  });

  it('taken locator is rejected', async () => {
    await repository.insert(confirmedBooking('AAAAAA', { idempotencyKey: 'k1' }), 'durable');

    const duplicate = repository.insert(
      confirmedBooking('AAAAAA', { idempotencyKey: 'k2' }),
      'relaxed',
    );

    await expect(duplicate).rejects.toThrow(DuplicateLocatorError);
    await expect(duplicate).rejects.toMatchObject({ locator: 'AAAAAA' });
    expect((await repository.findByLocator('AAAAAA'))?.idempotencyKey).toBe('k1');
  });

  it('same key on another account is accepted', async () => {
    await repository.insert(confirmedBooking('AAAAAA', { idempotencyKey: 'k1' }), 'durable');
    await repository.insert(
      confirmedBooking('BBBBBB', { idempotencyKey: 'k1', accountId: 'account-2' }),
      'durable',
    );

    expect((await repository.findByIdempotencyKey('account-2', 'k1'))?.locator).toBe('BBBBBB');
  });

  it('duplicate in a batch rejects only itself', async () => {
    const first = repository.insert(confirmedBooking('AAAAAA'), 'durable');
    const duplicate = repository.insert(confirmedBooking('AAAAAA'), 'durable');
    const other = repository.insert(confirmedBooking('CCCCCC'), 'durable');

    await expect(duplicate).rejects.toThrow(DuplicateIdempotencyKeyError);
    await expect(first).resolves.toBeUndefined();
    await expect(other).resolves.toBeUndefined();
    expect(database.groupCommitCounters().batchesCommitted).toBe(1);
  });

  it('findByIdempotencyKey matches account and key', async () => {
    const booking = confirmedBooking('AAAAAA', { idempotencyKey: 'k1' });
    await repository.insert(booking, 'durable');

    expect(await repository.findByIdempotencyKey('account-1', 'k1')).toEqual(booking);
    expect(await repository.findByIdempotencyKey('account-1', 'k2')).toBeNull();
    expect(await repository.findByIdempotencyKey('account-2', 'k1')).toBeNull();
  });

  it('update replaces the booking', async () => {
    await repository.insert(confirmedBooking('AAAAAA'), 'durable');
    const cancelled: BookingRow = confirmedBooking('AAAAAA', {
      status: 'CANCELLED',
      txIds: ['tx-purchase-1', 'tx-cancel-1'],
      clock: { JG: 20, IP: 3 },
      updatedAt: 1_700_000_100_000,
    });

    await repository.update(cancelled, 'durable');

    expect(await repository.findByLocator('AAAAAA')).toEqual(cancelled);
  });

  it('update of a missing booking is rejected', async () => {
    await expect(repository.update(confirmedBooking('NONE00'), 'durable')).rejects.toThrow(
      /Cannot update booking NONE00: not found/,
    );
    expect(await repository.findByLocator('NONE00')).toBeNull();
  });

  it('update to a used key is rejected', async () => {
    await repository.insert(confirmedBooking('AAAAAA', { idempotencyKey: 'k1' }), 'durable');
    await repository.insert(confirmedBooking('BBBBBB', { idempotencyKey: 'k2' }), 'durable');

    const update = repository.update(
      confirmedBooking('BBBBBB', { idempotencyKey: 'k1' }),
      'durable',
    );

    await expect(update).rejects.toThrow(DuplicateIdempotencyKeyError);
    expect((await repository.findByLocator('BBBBBB'))?.idempotencyKey).toBe('k2');
  });

  it('findByAccount returns newest first', async () => {
    await repository.insert(confirmedBooking('OLDEST', { createdAt: 10 }), 'durable');
    await repository.insert(confirmedBooking('NEWEST', { createdAt: 30 }), 'durable');
    await repository.insert(confirmedBooking('MIDDLE', { createdAt: 20 }), 'durable');
    await repository.insert(
      confirmedBooking('OTHERS', { accountId: 'account-2', createdAt: 40 }),
      'durable',
    );

    const all = await repository.findByAccount('account-1', 10, ALL_STATUSES);
    const latest = await repository.findByAccount('account-1', 2, ALL_STATUSES);

    expect(all.map((booking) => booking.locator)).toEqual(['NEWEST', 'MIDDLE', 'OLDEST']);
    expect(latest.map((booking) => booking.locator)).toEqual(['NEWEST', 'MIDDLE']);
    expect(await repository.findByAccount('account-1', 0, ALL_STATUSES)).toEqual([]);
  });

  it('findByAccount rejects a negative limit', async () => {
    await expect(repository.findByAccount('account-1', -1, ALL_STATUSES)).rejects.toThrow(
      RangeError,
    );
  });

  it('findByStatus returns oldest first', async () => {
    await repository.insert(
      confirmedBooking('PEND02', { status: 'PENDING', createdAt: 30 }),
      'durable',
    );
    await repository.insert(confirmedBooking('CONF01', { createdAt: 5 }), 'durable');
    await repository.insert(
      confirmedBooking('CANC01', { status: 'CANCELLING', createdAt: 20 }),
      'durable',
    );
    await repository.insert(
      confirmedBooking('PEND01', { status: 'PENDING', createdAt: 10 }),
      'durable',
    );

    const unfinished = await repository.findByStatus(['PENDING', 'CANCELLING']);

    expect(unfinished.map((booking) => booking.locator)).toEqual(['PEND01', 'CANC01', 'PEND02']);
    expect(await repository.findByStatus([])).toEqual([]);
    expect(await repository.findByStatus(['CANCELLED'])).toEqual([]);
  });

  it('rejects an unknown status', async () => {
    const booking = { ...confirmedBooking('AAAAAA'), status: 'LOST' } as unknown as BookingRow;

    await expect(repository.insert(booking, 'durable')).rejects.toMatchObject({
      code: 'SQLITE_CONSTRAINT_CHECK',
    });
  });
});
