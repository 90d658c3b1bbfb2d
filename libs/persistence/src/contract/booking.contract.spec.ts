import { DuplicateIdempotencyKeyError, DuplicateLocatorError } from '../errors';
import type { BookingRow, BookingStatusRow } from '../ports/transactions.repository';
import { adapters } from './adapters';
import { confirmedBooking } from './testing/records';
import { useStorage } from './testing/storage-harness';

const ALL_STATUSES: readonly BookingStatusRow[] = [
  'PENDING',
  'CONFIRMED',
  'FAILED',
  'CANCELLING',
  'CANCELLED',
];

describe.each(adapters)('booking contract on $name', (adapter) => {
  const storage = useStorage(adapter);
  const bookings = () => storage().bookings;

  it('confirmed booking round-trips', async () => {
    const booking = confirmedBooking('QX7P2M');

    await bookings().insert(booking, 'durable');

    expect(await bookings().findByLocator('QX7P2M')).toEqual(booking);
  });

  it('failed booking round-trips', async () => {
    const booking = confirmedBooking('FA1LED', {
      status: 'FAILED',
      failure: { code: 'SOLD_OUT', airlines: ['RC'], flightIds: ['RC2001-20261205'] },
      txIds: ['tx-1', 'tx-2'],
      passengers: ['Ana Souza', 'Bruno Lima'],
      segments: [],
      totalFareCents: 0,
    });

    await bookings().insert(booking, 'relaxed');

    expect(await bookings().findByLocator('FA1LED')).toEqual(booking);
  });

  it('stores the booking as it was at the call', async () => {
    const booking = confirmedBooking('QX7P2M');
    const inserted = bookings().insert(booking, 'durable');
    booking.status = 'CANCELLED';
    booking.txIds.push('tx-cancel-1');

    await inserted;

    expect(await bookings().findByLocator('QX7P2M')).toEqual(confirmedBooking('QX7P2M'));
  });

  it('findByLocator returns null when absent', async () => {
    await bookings().insert(confirmedBooking('QX7P2M'), 'durable');

    expect(await bookings().findByLocator('NONE00')).toBeNull();
  });

  it('reused idempotency key is rejected', async () => {
    await bookings().insert(confirmedBooking('AAAAAA', { idempotencyKey: 'k1' }), 'durable');

    const duplicate = bookings().insert(
      confirmedBooking('BBBBBB', { idempotencyKey: 'k1' }),
      'durable',
    );

    await expect(duplicate).rejects.toThrow(DuplicateIdempotencyKeyError);
    await expect(duplicate).rejects.toMatchObject({
      accountId: 'account-1',
      idempotencyKey: 'k1',
    });
    expect(await bookings().findByLocator('BBBBBB')).toBeNull();
    expect((await bookings().findByIdempotencyKey('account-1', 'k1'))?.locator).toBe('AAAAAA');
  });

  it('taken locator is rejected', async () => {
    await bookings().insert(confirmedBooking('AAAAAA', { idempotencyKey: 'k1' }), 'durable');

    const duplicate = bookings().insert(
      confirmedBooking('AAAAAA', { idempotencyKey: 'k2', accountId: 'account-2' }),
      'relaxed',
    );

    await expect(duplicate).rejects.toThrow(DuplicateLocatorError);
    await expect(duplicate).rejects.toMatchObject({ locator: 'AAAAAA' });
    expect(await bookings().findByLocator('AAAAAA')).toEqual(
      confirmedBooking('AAAAAA', { idempotencyKey: 'k1' }),
    );
    expect(await bookings().findByIdempotencyKey('account-2', 'k2')).toBeNull();
  });

  it('same key on another account is accepted', async () => {
    await bookings().insert(confirmedBooking('AAAAAA', { idempotencyKey: 'k1' }), 'durable');
    await bookings().insert(
      confirmedBooking('BBBBBB', { idempotencyKey: 'k1', accountId: 'account-2' }),
      'durable',
    );

    expect((await bookings().findByIdempotencyKey('account-1', 'k1'))?.locator).toBe('AAAAAA');
    expect((await bookings().findByIdempotencyKey('account-2', 'k1'))?.locator).toBe('BBBBBB');
  });

  it('concurrent duplicate rejects only itself', async () => {
    const first = bookings().insert(confirmedBooking('AAAAAA'), 'durable');
    const duplicate = bookings().insert(confirmedBooking('AAAAAA'), 'durable');
    const other = bookings().insert(confirmedBooking('CCCCCC'), 'durable');

    await expect(duplicate).rejects.toThrow(DuplicateIdempotencyKeyError);
    await expect(first).resolves.toBeUndefined();
    await expect(other).resolves.toBeUndefined();
    expect(await bookings().findByLocator('AAAAAA')).toEqual(confirmedBooking('AAAAAA'));
    expect(await bookings().findByLocator('CCCCCC')).toEqual(confirmedBooking('CCCCCC'));
  });

  it('findByIdempotencyKey matches account and key', async () => {
    const booking = confirmedBooking('AAAAAA', { idempotencyKey: 'k1' });
    await bookings().insert(booking, 'durable');

    expect(await bookings().findByIdempotencyKey('account-1', 'k1')).toEqual(booking);
    expect(await bookings().findByIdempotencyKey('account-1', 'k2')).toBeNull();
    expect(await bookings().findByIdempotencyKey('account-2', 'k1')).toBeNull();
  });

  it('update replaces the booking', async () => {
    await bookings().insert(confirmedBooking('AAAAAA'), 'durable');
    const cancelled: BookingRow = confirmedBooking('AAAAAA', {
      status: 'CANCELLED',
      txIds: ['tx-purchase-1', 'tx-cancel-1'],
      clock: { JG: 20, IP: 3, RC: 1 },
      updatedAt: 1_700_000_100_000,
    });

    await bookings().update(cancelled, 'durable');

    expect(await bookings().findByLocator('AAAAAA')).toEqual(cancelled);
    expect(await bookings().findByIdempotencyKey('account-1', 'key-AAAAAA')).toEqual(cancelled);
  });

  it('update clears a failure', async () => {
    const failed = confirmedBooking('AAAAAA', {
      status: 'FAILED',
      failure: { code: 'BUSY', airlines: ['IP'], flightIds: [] },
    });
    await bookings().insert(failed, 'durable');

    await bookings().update(confirmedBooking('AAAAAA'), 'relaxed');

    expect((await bookings().findByLocator('AAAAAA'))?.failure).toBeNull();
  });

  it('update of a missing booking is rejected', async () => {
    await expect(bookings().update(confirmedBooking('NONE00'), 'durable')).rejects.toThrow(
      /NONE00/,
    );
    expect(await bookings().findByLocator('NONE00')).toBeNull();
  });

  it('update to a used key is rejected', async () => {
    await bookings().insert(confirmedBooking('AAAAAA', { idempotencyKey: 'k1' }), 'durable');
    await bookings().insert(confirmedBooking('BBBBBB', { idempotencyKey: 'k2' }), 'durable');

    const update = bookings().update(
      confirmedBooking('BBBBBB', { idempotencyKey: 'k1', status: 'CANCELLED' }),
      'durable',
    );

    await expect(update).rejects.toThrow(DuplicateIdempotencyKeyError);
    expect(await bookings().findByLocator('BBBBBB')).toEqual(
      confirmedBooking('BBBBBB', { idempotencyKey: 'k2' }),
    );
  });

  it('findByAccount returns newest first, at most limit', async () => {
    await bookings().insert(confirmedBooking('OLDEST', { createdAt: 10 }), 'durable');
    await bookings().insert(confirmedBooking('NEWEST', { createdAt: 30 }), 'durable');
    await bookings().insert(confirmedBooking('MIDDLA', { createdAt: 20 }), 'durable');
    await bookings().insert(confirmedBooking('MIDDLB', { createdAt: 20 }), 'durable');
    await bookings().insert(
      confirmedBooking('OTHERS', { accountId: 'account-2', createdAt: 40 }),
      'durable',
    );

    const all = await bookings().findByAccount('account-1', 10, ALL_STATUSES);
    const latest = await bookings().findByAccount('account-1', 2, ALL_STATUSES);

    expect(all.map((booking) => booking.locator)).toEqual(['NEWEST', 'MIDDLB', 'MIDDLA', 'OLDEST']);
    expect(all[0]).toEqual(confirmedBooking('NEWEST', { createdAt: 30 }));
    expect(latest.map((booking) => booking.locator)).toEqual(['NEWEST', 'MIDDLB']);
    expect(await bookings().findByAccount('account-1', 0, ALL_STATUSES)).toEqual([]);
    expect(await bookings().findByAccount('account-3', 10, ALL_STATUSES)).toEqual([]);
  });

  it('findByAccount filters by status before the limit', async () => {
    await bookings().insert(confirmedBooking('KEPTAA', { createdAt: 10 }), 'durable');
    for (let index = 0; index < 3; index += 1) {
      await bookings().insert(
        confirmedBooking(`FAILD${index}`, {
          idempotencyKey: `failed-${index}`,
          status: 'FAILED',
          createdAt: 20 + index,
        }),
        'durable',
      );
    }

    const visible = await bookings().findByAccount('account-1', 2, ['CONFIRMED', 'CANCELLED']);

    expect(visible.map((booking) => booking.locator)).toEqual(['KEPTAA']);
    expect(await bookings().findByAccount('account-1', 10, [])).toEqual([]);
  });

  it('findByAccount rejects a negative limit', async () => {
    await expect(bookings().findByAccount('account-1', -1, ALL_STATUSES)).rejects.toThrow(
      RangeError,
    );
  });

  it('findByStatus returns matches oldest first', async () => {
    await bookings().insert(
      confirmedBooking('PEND02', { status: 'PENDING', createdAt: 30 }),
      'durable',
    );
    await bookings().insert(confirmedBooking('CONF01', { createdAt: 5 }), 'durable');
    await bookings().insert(
      confirmedBooking('CANC01', { status: 'CANCELLING', createdAt: 10 }),
      'durable',
    );
    await bookings().insert(
      confirmedBooking('PEND01', { status: 'PENDING', createdAt: 10 }),
      'durable',
    );

    const unfinished = await bookings().findByStatus(['PENDING', 'CANCELLING']);

    expect(unfinished.map((booking) => booking.locator)).toEqual(['CANC01', 'PEND01', 'PEND02']);
    expect(await bookings().findByStatus(['CONFIRMED'])).toEqual([
      confirmedBooking('CONF01', { createdAt: 5 }),
    ]);
    expect(await bookings().findByStatus([])).toEqual([]);
    expect(await bookings().findByStatus(['CANCELLED'])).toEqual([]);
  });

  it('findByStatus follows updates', async () => {
    await bookings().insert(confirmedBooking('AAAAAA', { status: 'PENDING' }), 'durable');

    await bookings().update(confirmedBooking('AAAAAA'), 'durable');

    expect(await bookings().findByStatus(['PENDING'])).toEqual([]);
    expect(
      (await bookings().findByStatus(['CONFIRMED'])).map((booking) => booking.locator),
    ).toEqual(['AAAAAA']);
  });
});
