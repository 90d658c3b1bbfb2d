import { DuplicateIdempotencyKeyError, DuplicateLocatorError } from '../errors';
import type {
  BookingRepository,
  BookingRow,
  BookingStatusRow,
  WriteDurability,
} from '../ports/transactions.repository';
import { isDuplicateKeyError, type MongoStorage, WRITE_CONCERNS } from './mongo-storage';

interface BookingDocument extends Omit<BookingRow, 'locator'> {
  _id: string;
}

/**
 * Bookings keyed by record locator, with a unique index on (account, idempotency key). Writes of
 * one booking apply in call order.
 */
export class MongoBookingRepository implements BookingRepository {
  constructor(private readonly storage: MongoStorage) {}

  private get bookings() {
    return this.storage.collection<BookingDocument>('Booking');
  }

  async insert(booking: BookingRow, durability: WriteDurability): Promise<void> {
    const document = toDocument(booking);
    await this.storage.queue.run(bookingKey(booking.locator), async () => {
      try {
        await this.bookings.insertOne(document, { writeConcern: WRITE_CONCERNS[durability] });
      } catch (error) {
        throw await this.translateDuplicate(error, booking);
      }
    });
  }

  /** Replaces the booking by locator. Throws when no booking has this locator. */
  async update(booking: BookingRow, durability: WriteDurability): Promise<void> {
    const { _id, ...fields } = toDocument(booking);
    await this.storage.queue.run(bookingKey(booking.locator), async () => {
      let matched: number;
      try {
        const result = await this.bookings.replaceOne({ _id }, fields, {
          writeConcern: WRITE_CONCERNS[durability],
        });
        matched = result.matchedCount;
      } catch (error) {
        throw await this.translateDuplicate(error, booking);
      }
      if (matched === 0) {
        throw new Error(`Cannot update booking ${booking.locator}: not found. Insert it first.`);
      }
    });
  }

  async findByLocator(locator: string): Promise<BookingRow | null> {
    await this.storage.queue.idle(bookingKey(locator));
    const document = await this.bookings.findOne({ _id: locator });
    return document ? toBooking(document) : null;
  }

  async findByIdempotencyKey(
    accountId: string,
    idempotencyKey: string,
  ): Promise<BookingRow | null> {
    const document = await this.bookings.findOne({ accountId, idempotencyKey });
    return document ? toBooking(document) : null;
  }

  async findByAccount(
    accountId: string,
    limit: number,
    statuses: readonly BookingStatusRow[],
  ): Promise<BookingRow[]> {
    if (!Number.isInteger(limit) || limit < 0) {
      throw new RangeError(`limit must be a non-negative integer, got ${limit}`);
    }
    if (limit === 0 || statuses.length === 0) {
      // The server reads a limit of 0 as "no limit".
      return [];
    }
    const documents = await this.bookings
      .find({ accountId, status: { $in: [...statuses] } })
      .sort({ createdAt: -1, _id: -1 })
      .limit(limit)
      .toArray();
    return documents.map(toBooking);
  }

  async findByStatus(statuses: readonly BookingStatusRow[]): Promise<BookingRow[]> {
    if (statuses.length === 0) {
      return [];
    }
    const documents = await this.bookings
      .find({ status: { $in: [...statuses] } })
      .sort({ createdAt: 1, _id: 1 })
      .toArray();
    return documents.map(toBooking);
  }

  /**
   * Maps a duplicate key to the port's error. FerretDB does not name the violated index, so the
   * adapter reads the conflicting booking to find which key was taken.
   */
  private async translateDuplicate(error: unknown, booking: BookingRow): Promise<unknown> {
    if (!isDuplicateKeyError(error)) {
      return error;
    }
    const sameKey = await this.bookings.findOne({
      accountId: booking.accountId,
      idempotencyKey: booking.idempotencyKey,
    });
    if (sameKey) {
      return new DuplicateIdempotencyKeyError(booking.accountId, booking.idempotencyKey);
    }
    return new DuplicateLocatorError(booking.locator);
  }
}

function bookingKey(locator: string): string {
  return `booking:${locator}`;
}

function toDocument(booking: BookingRow): BookingDocument {
  const { locator, ...fields } = structuredClone(booking);
  return { _id: locator, ...fields };
}

function toBooking({ _id, ...fields }: BookingDocument): BookingRow {
  return {
    locator: _id,
    accountId: fields.accountId,
    accountEmail: fields.accountEmail,
    idempotencyKey: fields.idempotencyKey,
    requestDigest: fields.requestDigest,
    status: fields.status,
    failure: fields.failure ?? null,
    passengers: fields.passengers,
    segments: fields.segments,
    totalFareCents: fields.totalFareCents,
    stamp: fields.stamp,
    clock: fields.clock,
    txIds: fields.txIds,
    createdAt: fields.createdAt,
    updatedAt: fields.updatedAt,
  };
}
