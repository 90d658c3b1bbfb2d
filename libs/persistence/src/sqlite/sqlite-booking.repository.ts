import type { PriorityStamp } from '@interline/two-phase-commit/core/types';
import type Database from 'better-sqlite3';

import { DuplicateIdempotencyKeyError, DuplicateLocatorError } from '../errors';
import type {
  BookingRepository,
  BookingRow,
  BookingSegmentRow,
  BookingStatusRow,
  ClockEntries,
  WriteDurability,
} from '../ports/transactions.repository';
import type { SqliteDatabase } from './sqlite-database';

interface BookingColumns {
  locator: string;
  account_id: string;
  account_email: string;
  idempotency_key: string;
  request_digest: string;
  status: BookingStatusRow;
  failure: string | null;
  passengers: string;
  segments: string;
  total_fare_cents: number;
  stamp: string;
  clock: string;
  tx_ids: string;
  created_at: number;
  updated_at: number;
}

/** Bookings in one SQLite file. Every write goes through the group commit. */
export class SqliteBookingRepository implements BookingRepository {
  private readonly statements: ReturnType<typeof prepareStatements>;

  constructor(private readonly database: SqliteDatabase) {
    this.statements = prepareStatements(database.connection);
  }

  async insert(booking: BookingRow, durability: WriteDurability): Promise<void> {
    const parameters = toBookingParameters(booking);
    try {
      await this.database.writeGrouped(() => {
        this.statements.insert.run(parameters);
      }, durability);
    } catch (error) {
      throw translateUniqueViolation(error, booking);
    }
  }

  /** Replaces the booking by locator. Throws when no booking has this locator. */
  async update(booking: BookingRow, durability: WriteDurability): Promise<void> {
    const parameters = toBookingParameters(booking);
    try {
      await this.database.writeGrouped(() => {
        const { changes } = this.statements.update.run(parameters);
        if (changes === 0) {
          throw new Error(`Cannot update booking ${booking.locator}: not found. Insert it first.`);
        }
      }, durability);
    } catch (error) {
      throw translateUniqueViolation(error, booking);
    }
  }

  async findByLocator(locator: string): Promise<BookingRow | null> {
    const row = this.statements.selectByLocator.get(locator) as BookingColumns | undefined;
    return row ? toBooking(row) : null;
  }

  async findByIdempotencyKey(
    accountId: string,
    idempotencyKey: string,
  ): Promise<BookingRow | null> {
    const row = this.statements.selectByIdempotencyKey.get(accountId, idempotencyKey) as
      BookingColumns | undefined;
    return row ? toBooking(row) : null;
  }

  async findByAccount(
    accountId: string,
    limit: number,
    statuses: readonly BookingStatusRow[],
  ): Promise<BookingRow[]> {
    if (!Number.isInteger(limit) || limit < 0) {
      throw new RangeError(`limit must be a non-negative integer, got ${limit}`);
    }
    const rows = this.statements.selectByAccount.all(
      accountId,
      JSON.stringify(statuses),
      limit,
    ) as BookingColumns[];
    return rows.map(toBooking);
  }

  async findByStatus(statuses: readonly BookingStatusRow[]): Promise<BookingRow[]> {
    if (statuses.length === 0) {
      return [];
    }
    const rows = this.statements.selectByStatus.all(JSON.stringify(statuses)) as BookingColumns[];
    return rows.map(toBooking);
  }
}

function prepareStatements(connection: Database.Database) {
  return {
    insert: connection.prepare(
      `INSERT INTO bookings (locator, account_id, account_email, idempotency_key, request_digest,
         status, failure, passengers, segments, total_fare_cents, stamp, clock, tx_ids,
         created_at, updated_at)
       VALUES (@locator, @accountId, @accountEmail, @idempotencyKey, @requestDigest,
         @status, @failure, @passengers, @segments, @totalFareCents, @stamp, @clock, @txIds,
         @createdAt, @updatedAt)`,
    ),
    update: connection.prepare(
      `UPDATE bookings SET account_id = @accountId, account_email = @accountEmail,
         idempotency_key = @idempotencyKey, request_digest = @requestDigest, status = @status,
         failure = @failure, passengers = @passengers, segments = @segments,
         total_fare_cents = @totalFareCents, stamp = @stamp, clock = @clock, tx_ids = @txIds,
         created_at = @createdAt, updated_at = @updatedAt
       WHERE locator = @locator`,
    ),
    selectByLocator: connection.prepare('SELECT * FROM bookings WHERE locator = ?'),
    selectByIdempotencyKey: connection.prepare(
      'SELECT * FROM bookings WHERE account_id = ? AND idempotency_key = ?',
    ),
    selectByAccount: connection.prepare(
      `SELECT * FROM bookings
       WHERE account_id = ? AND status IN (SELECT value FROM json_each(?))
       ORDER BY created_at DESC, locator DESC LIMIT ?`,
    ),
    // The statuses arrive as one JSON array, so a single prepared statement serves any number.
    selectByStatus: connection.prepare(
      `SELECT * FROM bookings WHERE status IN (SELECT value FROM json_each(?))
       ORDER BY created_at, locator`,
    ),
  };
}

/**
 * Maps a violation of the locator key or of `UNIQUE (account_id, idempotency_key)` to its port
 * error, and returns any other error unchanged. The check reads the error's `code` and message instead
 * of `instanceof`, because the driver's error class can come from another module realm under jest.
 */
function translateUniqueViolation(error: unknown, booking: BookingRow): unknown {
  const candidate = error as { code?: unknown; message?: unknown } | null;
  const message = typeof candidate?.message === 'string' ? candidate.message : '';
  if (
    candidate?.code === 'SQLITE_CONSTRAINT_UNIQUE' &&
    message.includes('bookings.account_id, bookings.idempotency_key')
  ) {
    return new DuplicateIdempotencyKeyError(booking.accountId, booking.idempotencyKey);
  }
  if (candidate?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' && message.includes('bookings.locator')) {
    return new DuplicateLocatorError(booking.locator);
  }
  return error;
}

function toBookingParameters(booking: BookingRow) {
  return {
    locator: booking.locator,
    accountId: booking.accountId,
    accountEmail: booking.accountEmail,
    idempotencyKey: booking.idempotencyKey,
    requestDigest: booking.requestDigest,
    status: booking.status,
    failure: booking.failure === null ? null : JSON.stringify(booking.failure),
    passengers: JSON.stringify(booking.passengers),
    segments: JSON.stringify(booking.segments),
    totalFareCents: booking.totalFareCents,
    stamp: JSON.stringify(booking.stamp),
    clock: JSON.stringify(booking.clock),
    txIds: JSON.stringify(booking.txIds),
    createdAt: booking.createdAt,
    updatedAt: booking.updatedAt,
  };
}

function toBooking(row: BookingColumns): BookingRow {
  return {
    locator: row.locator,
    accountId: row.account_id,
    accountEmail: row.account_email,
    idempotencyKey: row.idempotency_key,
    requestDigest: row.request_digest,
    status: row.status,
    failure: row.failure === null ? null : (JSON.parse(row.failure) as BookingRow['failure']),
    passengers: JSON.parse(row.passengers) as string[],
    segments: JSON.parse(row.segments) as BookingSegmentRow[],
    totalFareCents: row.total_fare_cents,
    stamp: JSON.parse(row.stamp) as PriorityStamp,
    clock: JSON.parse(row.clock) as ClockEntries,
    txIds: JSON.parse(row.tx_ids) as string[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
