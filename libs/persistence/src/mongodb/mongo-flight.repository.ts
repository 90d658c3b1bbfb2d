import { FlightNotFoundError, InventoryConstraintError } from '../errors';
import type { FlightRepository } from '../ports/repositories';
import type { FlightRow, FlightSeedRow, InventoryChange } from '../ports/records';
import type { WriteDurability } from '../ports/transactions.repository';
import { inBatches, isDuplicateKeyError, type MongoStorage, WRITE_CONCERNS } from './mongo-storage';

/** A flight as stored: the row, keyed by flight id, plus the markers of applied deltas. */
export interface FlightDocument extends Omit<FlightRow, 'id'> {
  _id: string;
  applied: string[];
}

/** Maps a stored flight to the port's record. */
export function toFlight(document: FlightDocument): FlightRow {
  return {
    id: document._id,
    airlineCode: document.airlineCode,
    flightNumber: document.flightNumber,
    serviceDate: document.serviceDate,
    origin: document.origin,
    destination: document.destination,
    departureAt: document.departureAt,
    arrivalAt: document.arrivalAt,
    capacity: document.capacity,
    fareCents: document.fareCents,
    seatsSold: document.seatsSold,
    seatsHeld: document.seatsHeld,
    seatsAvailable: document.seatsAvailable,
  };
}

/**
 * Query that matches a flight only when adding `soldDelta` and `heldDelta` keeps every count at
 * or above zero. `capacity = sold + held + available` is kept by moving `seatsAvailable` by the
 * opposite of their sum in the same update.
 */
export function inventoryGuard(soldDelta: number, heldDelta: number) {
  return {
    seatsSold: { $gte: -soldDelta },
    seatsHeld: { $gte: -heldDelta },
    seatsAvailable: { $gte: soldDelta + heldDelta },
  };
}

export function inventoryIncrement(soldDelta: number, heldDelta: number) {
  return {
    seatsSold: soldDelta,
    seatsHeld: heldDelta,
    seatsAvailable: -(soldDelta + heldDelta),
  };
}

/** Builds the `InventoryConstraintError` for a delta that the counts of `current` do not allow. */
export function inventoryRejection(
  current: FlightDocument,
  soldDelta: number,
  heldDelta: number,
): InventoryConstraintError {
  const sold = current.seatsSold + soldDelta;
  const held = current.seatsHeld + heldDelta;
  const available = current.capacity - sold - held;
  return new InventoryConstraintError(
    current._id,
    `sold ${sold}, held ${held}, available ${available} of capacity ${current.capacity}`,
  );
}

/**
 * Flights and their seat inventory. Every inventory change is one conditional update, so the
 * counts never break `capacity = sold + held + available` even under concurrent writers.
 */
export class MongoFlightRepository implements FlightRepository {
  constructor(private readonly storage: MongoStorage) {}

  private get flights() {
    return this.storage.collection<FlightDocument>('Flight');
  }

  async insertMissing(flights: readonly FlightSeedRow[]): Promise<number> {
    let inserted = 0;
    for (const batch of inBatches(flights)) {
      inserted += await this.insertMissingBatch(batch);
    }
    return inserted;
  }

  private async insertMissingBatch(flights: readonly FlightSeedRow[]): Promise<number> {
    const operations = flights.map(({ id, ...fields }) => ({
      updateOne: {
        filter: { _id: id },
        update: {
          $setOnInsert: {
            ...fields,
            seatsSold: 0,
            seatsHeld: 0,
            seatsAvailable: fields.capacity,
            applied: [],
          },
        },
        upsert: true,
      },
    }));
    try {
      const result = await this.flights.bulkWrite(operations, {
        ordered: false,
        writeConcern: WRITE_CONCERNS.durable,
      });
      return result.upsertedCount;
    } catch (error) {
      // Another flight with the same airline, number and date exists: skipped, as in SQLite's
      // ON CONFLICT DO NOTHING. The other upserts of the batch went through.
      const bulk = error as {
        writeErrors?: unknown[] | unknown;
        result?: { upsertedCount?: number };
      };
      const writeErrors = Array.isArray(bulk.writeErrors) ? bulk.writeErrors : [bulk.writeErrors];
      if (isDuplicateKeyError(error) || writeErrors.every(isDuplicateKeyError)) {
        return bulk.result?.upsertedCount ?? 0;
      }
      throw error;
    }
  }

  /**
   * Returns the flight with the seat changes of every participant write called so far, applied
   * or not (see `SeatLedger`), so the read never waits for a write in flight.
   */
  async findById(id: string): Promise<FlightRow | null> {
    const stored =
      this.storage.seats.storedFlight(id) ??
      // Read under the flight's queue, so no update of this process runs meanwhile and the
      // ledger's pending deltas are exactly those the document lacks.
      (await this.storage.queue.run(flightDocumentKey(id), async () => {
        const document = await this.flights.findOne({ _id: id });
        if (document) {
          this.storage.seats.record(document);
        }
        return document;
      }));
    return stored ? toFlight(this.storage.seats.project(stored)) : null;
  }

  async findByServiceDate(
    airlineCode: string,
    serviceDate: string,
    filter: { origin?: string; destination?: string } = {},
  ): Promise<FlightRow[]> {
    const query: Record<string, string> = { airlineCode, serviceDate };
    if (filter.origin !== undefined) {
      query.origin = filter.origin;
    }
    if (filter.destination !== undefined) {
      query.destination = filter.destination;
    }
    const documents = await this.flights
      .find(query)
      .sort({ departureAt: 1, flightNumber: 1 })
      .toArray();
    return documents.map(toFlight);
  }

  async findByAirline(airlineCode: string, fromInstant: number): Promise<FlightRow[]> {
    const documents = await this.flights
      .find({ airlineCode, departureAt: { $gte: fromInstant } })
      .sort({ departureAt: 1, flightNumber: 1 })
      .toArray();
    return documents.map(toFlight);
  }

  async findServedAirports(airlineCode: string): Promise<string[]> {
    const [origins, destinations] = await Promise.all([
      this.flights.distinct('origin', { airlineCode }),
      this.flights.distinct('destination', { airlineCode }),
    ]);
    return [...new Set([...origins, ...destinations])].sort();
  }

  async changeInventory(flightId: string, change: InventoryChange): Promise<FlightRow> {
    const { soldDelta, heldDelta } = change;
    if (!Number.isInteger(soldDelta) || !Number.isInteger(heldDelta)) {
      throw new InventoryConstraintError(flightId, 'seat deltas must be integers');
    }
    // One update at a time per flight: see `flightDocumentKey`.
    const updated = await this.storage.queue.run(flightDocumentKey(flightId), () =>
      updateSeats(this.storage, { flightId, soldDelta, heldDelta }, 'durable'),
    );
    return toFlight(updated);
  }

  async count(): Promise<number> {
    return this.flights.countDocuments({});
  }
}

/**
 * Queue keys of single documents. FerretDB 1.24 on SQLite does not apply a conditional update
 * atomically (it reads, then writes, in separate statements), so two concurrent updates of one
 * document can both pass their condition. Updates of one flight or coupon from this process
 * therefore run one at a time; MongoDB does not need it, and it costs a round trip of waiting.
 */
export function flightDocumentKey(flightId: string): string {
  return `flight-document:${flightId}`;
}

/** A seat change of one flight, optionally adding or removing a delta marker in the same update. */
export interface SeatUpdate {
  flightId: string;
  soldDelta: number;
  heldDelta: number;
  /** Applied only when absent from `applied`, and added to it. */
  addMarker?: string;
  /** Applied only when present in `applied`, and removed from it. */
  removeMarker?: string;
}

/**
 * Applies a seat change unless its marker shows it is already applied (then returns the flight as
 * it is). Throws `FlightNotFoundError`, or `InventoryConstraintError` when a count would go
 * negative; nothing changes then. The caller holds the flight's queue (`flightDocumentKey`), so
 * the flight's state after the update is recorded in the seat ledger (`MongoStorage.seats`).
 *
 * On MongoDB the check is in the update's filter, so it is atomic even against other processes.
 * On FerretDB such a filter scans the collection, and the check is made on a read by `_id`
 * instead, which the queue keeps valid until the update by `_id`.
 */
export async function updateSeats(
  storage: MongoStorage,
  change: SeatUpdate,
  durability: WriteDurability,
): Promise<FlightDocument> {
  try {
    const updated = await updateSeatsOnce(storage, change, durability);
    storage.seats.record(updated, change.addMarker);
    return updated;
  } catch (error) {
    if (!(error instanceof InventoryConstraintError)) {
      // The update may have applied without a reply: read the flight again before trusting it.
      storage.seats.forget(change.flightId);
    }
    throw error;
  }
}

async function updateSeatsOnce(
  storage: MongoStorage,
  change: SeatUpdate,
  durability: WriteDurability,
): Promise<FlightDocument> {
  const flights = storage.collection<FlightDocument>('Flight');
  const { flightId, soldDelta, heldDelta, addMarker, removeMarker } = change;
  const update: Record<string, unknown> = { $inc: inventoryIncrement(soldDelta, heldDelta) };
  if (addMarker !== undefined) {
    update.$push = { applied: addMarker };
  }
  if (removeMarker !== undefined) {
    update.$pullAll = { applied: [removeMarker] };
  }
  const options = { writeConcern: WRITE_CONCERNS[durability] };

  if (storage.server === 'mongodb') {
    const filter: Record<string, unknown> = {
      _id: flightId,
      ...inventoryGuard(soldDelta, heldDelta),
    };
    if (addMarker !== undefined) {
      filter.applied = { $ne: addMarker };
    }
    if (removeMarker !== undefined) {
      filter.applied = removeMarker;
    }
    const updated = await flights.findOneAndUpdate(filter, update, {
      ...options,
      returnDocument: 'after',
    });
    if (updated) {
      return updated;
    }
  }

  // The ledger holds the document as this process last wrote it under the flight's queue, which
  // the caller holds: on FerretDB that saves the read before the update.
  const current =
    (storage.server === 'ferretdb' ? storage.seats.storedFlight(flightId) : undefined) ??
    (await flights.findOne({ _id: flightId }));
  if (!current) {
    throw new FlightNotFoundError(flightId);
  }
  const applied = current.applied ?? [];
  if (
    (addMarker !== undefined && applied.includes(addMarker)) ||
    (removeMarker !== undefined && !applied.includes(removeMarker))
  ) {
    return current;
  }
  storage.seats.record(current);
  const rejection = inventoryRejection(current, soldDelta, heldDelta);
  const counts = {
    seatsSold: current.seatsSold + soldDelta,
    seatsHeld: current.seatsHeld + heldDelta,
    seatsAvailable: current.seatsAvailable - soldDelta - heldDelta,
  };
  if (
    storage.server === 'mongodb' ||
    counts.seatsSold < 0 ||
    counts.seatsHeld < 0 ||
    counts.seatsAvailable < 0
  ) {
    // On MongoDB the guarded update missed, so the counts did not allow the change.
    throw rejection;
  }
  await flights.updateOne({ _id: flightId }, update, options);
  const markers =
    addMarker !== undefined
      ? [...applied, addMarker]
      : applied.filter((marker) => marker !== removeMarker);
  return { ...current, ...counts, applied: markers };
}

/** Barrier key of one flight's seat counts. */
export function flightBarrierKey(flightId: string): string {
  return `flight:${flightId}`;
}
