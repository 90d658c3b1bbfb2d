import type { ParticipantTransaction } from '@interline/two-phase-commit/core/types';

import { CouponNotOpenError, FlightNotFoundError } from '../errors';
import type {
  ClockEntries,
  CouponRow,
  InventoryDelta,
  WriteDurability,
} from '../ports/transactions.repository';
import { type FlightDocument, flightDocumentKey, updateSeats } from './mongo-flight.repository';
import {
  describeError,
  isDuplicateKeyError,
  type MongoStorage,
  mongoLogger,
  WRITE_CONCERNS,
} from './mongo-storage';

/**
 * The steps of one participant write on a database without multi-document transactions.
 *
 * A participant write changes the transaction record, the seat counts of several flights, the
 * ticket serial and several coupons, and must look atomic. It runs as a sequence of
 * single-document writes, each idempotent, driven by an intent stored on the record's document
 * before anything else:
 *
 * 1. `beginWrite`: the intent (`pending`, stage `applying`), durable. From here recovery has a
 *    record of what may have been applied.
 * 2. `applyVoids`: each coupon `OPEN` → `VOID`, tagged `voidedBy: writeId`.
 * 3. `insertCoupons`: each coupon with `_id` = ticket number, tagged `insertedBy: writeId`.
 * 4. `applyDeltas`: each delta in order, as one conditional update that checks the counts and
 *    that the delta's marker is absent, and pushes the marker. The write's flights stay locked
 *    against other writes of this process until every delta applied, or until the applied ones
 *    were undone after one was rejected, so undoing a delta that freed seats always fits.
 * 5. `allocateTicketSerials`: one `$inc` of the serial counter (never undone: a crash leaves a
 *    gap in the serials, never a duplicate).
 * 6. `finishWrite`: the final record replaces the visible one and the intent moves to stage
 *    `finishing`, with the write's durability. This is the commit point.
 * 7. `cleanUpWrite`: the markers are pulled from the flights and the intent is removed.
 *
 * `rollBackWrite` undoes steps 2 to 4 by their tags and markers and removes the intent;
 * `rollForwardWrite` repeats steps 2 to 7, which skip whatever is already applied. Recovery
 * (`completePendingWrite`) picks one by the intent's `recovery`: a decision (the record was
 * `PREPARED`, the new phase is `COMMITTED` or `ABORTED`) rolls forward, anything else (a prepare,
 * whose vote was never sent) rolls back.
 *
 * Filters name the `_id` alone wherever the document's own state need not be checked by the
 * server: FerretDB 1.24 on SQLite looks a document up by index only for a filter that is exactly
 * `{ _id: <string> }` and scans the whole collection otherwise. The conditions those filters
 * would carry (no other intent, the intent's own id) hold because this process runs the writes
 * of one transaction, and the updates of one coupon, one after another; a database is written by
 * one node process only. Flight updates keep their conditions in the filter, because the seat
 * check must be atomic with the update on MongoDB.
 *
 * Only `beginWrite`, the final step of a roll-back and `finishWrite` of a durable write wait for
 * the journal. The others are relaxed: a single node journals writes in order, so when a later
 * durable write returns, every earlier one is durable too; after a power loss the log keeps a
 * prefix of the writes, and every prefix is a state recovery completes.
 */

/** A delta with the marker that makes it idempotent. */
export interface MarkedDelta extends InventoryDelta {
  marker: string;
}

/** Plan of a participant write, stored on the record's document before anything else. */
export interface WriteIntent {
  writeId: string;
  stage: 'applying' | 'finishing';
  /** Recovery action for an intent still `applying`. */
  recovery: 'rollBack' | 'rollForward';
  /** False when the document was created by this write: a roll-back then deletes it. */
  hadRecord: boolean;
  /** The record to store, without the ticket numbers that step 6 allocates. */
  record: ParticipantTransaction;
  clock: ClockEntries;
  deltas: MarkedDelta[];
  insertCoupons: CouponRow[];
  voidCoupons: { ticketNumbers: string[]; voidTxId: string; voidedAt: number } | null;
  durability: WriteDurability;
  startedAt: number;
}

/** A participant record's document. */
export interface ParticipantDocument {
  _id: string;
  /** The record readers see; null while the first write of the transaction is in progress. */
  record: ParticipantTransaction | null;
  phase: ParticipantTransaction['phase'] | null;
  createdAt: number | null;
  clock: ClockEntries;
  pending: WriteIntent | null;
}

/** A coupon as stored, with the ids of the writes that inserted and voided it. */
export interface CouponDocument extends Omit<CouponRow, 'ticketNumber'> {
  _id: string;
  insertedBy: string | null;
  voidedBy: string | null;
}

export function participants(storage: MongoStorage) {
  return storage.collection<ParticipantDocument>('ParticipantTransaction');
}

export function coupons(storage: MongoStorage) {
  return storage.collection<CouponDocument>('Coupon');
}

function flights(storage: MongoStorage) {
  return storage.collection<FlightDocument>('Flight');
}

/** Queue key of one coupon document: see `flightDocumentKey`. */
function couponDocumentKey(ticketNumber: string): string {
  return `coupon-document:${ticketNumber}`;
}

/** Marker of the delta at `index` of a write, recorded in the flight's `applied` list. */
export function deltaMarker(writeId: string, index: number): string {
  return `${writeId}:${index}`;
}

/** Builds the intent of a write; `writeId` must be unique to this write. */
export function buildIntent(input: {
  writeId: string;
  previous: ParticipantTransaction | null;
  record: ParticipantTransaction;
  clock: ClockEntries;
  inventory: readonly InventoryDelta[];
  insertCoupons: readonly CouponRow[];
  voidCoupons: { ticketNumbers: string[]; voidTxId: string } | null;
  voidedAt: number;
  issuesTickets: boolean;
  durability: WriteDurability;
  startedAt: number;
}): WriteIntent {
  const isDecision =
    input.previous?.phase === 'PREPARED' &&
    (input.record.phase === 'COMMITTED' || input.record.phase === 'ABORTED');
  return {
    writeId: input.writeId,
    stage: 'applying',
    recovery: isDecision && !input.issuesTickets ? 'rollForward' : 'rollBack',
    hadRecord: input.previous !== null,
    record: input.record,
    clock: input.clock,
    deltas: input.inventory.map((delta, index) => ({
      flightId: delta.flightId,
      soldDelta: delta.soldDelta,
      heldDelta: delta.heldDelta,
      marker: deltaMarker(input.writeId, index),
    })),
    insertCoupons: [...input.insertCoupons],
    voidCoupons: input.voidCoupons ? { ...input.voidCoupons, voidedAt: input.voidedAt } : null,
    durability: input.durability,
    startedAt: input.startedAt,
  };
}

/**
 * Step 1: stores the intent durably. The caller has completed any earlier intent of `txId` and
 * runs no other write of it meanwhile.
 */
export async function beginWrite(
  storage: MongoStorage,
  txId: string,
  intent: WriteIntent,
): Promise<void> {
  await participants(storage).updateOne(
    { _id: txId },
    {
      $set: { pending: intent },
      $setOnInsert: { record: null, phase: null, createdAt: null, clock: {} },
    },
    { upsert: true, writeConcern: WRITE_CONCERNS.durable },
  );
}

/** Step 2: voids the coupons. Throws `CouponNotOpenError` for one neither open nor voided here. */
export async function applyVoids(storage: MongoStorage, intent: WriteIntent): Promise<void> {
  const voids = intent.voidCoupons;
  if (!voids) {
    return;
  }
  for (const ticketNumber of voids.ticketNumbers) {
    await storage.queue.run(couponDocumentKey(ticketNumber), () =>
      voidCoupon(storage, intent, ticketNumber),
    );
  }
}

async function voidCoupon(
  storage: MongoStorage,
  intent: WriteIntent,
  ticketNumber: string,
): Promise<void> {
  const voids = intent.voidCoupons;
  if (!voids) {
    return;
  }
  const stored = await coupons(storage).findOne({ _id: ticketNumber });
  if (stored?.status === 'VOID' && stored.voidedBy === intent.writeId) {
    return;
  }
  if (stored?.status !== 'OPEN') {
    throw new CouponNotOpenError(ticketNumber, stored?.status ?? null);
  }
  await coupons(storage).updateOne(
    { _id: ticketNumber },
    {
      $set: {
        status: 'VOID',
        voidedAt: voids.voidedAt,
        voidTxId: voids.voidTxId,
        voidedBy: intent.writeId,
      },
    },
    { writeConcern: WRITE_CONCERNS.relaxed },
  );
}

/**
 * Step 4: applies the deltas in order, with the write's flights locked (see `lockFlights`).
 * Returns each flight after its last delta. Throws `InventoryConstraintError` for a delta the
 * counts do not allow and `FlightNotFoundError` for an unknown flight, after undoing the deltas
 * it applied.
 */
export async function applyDeltas(
  storage: MongoStorage,
  intent: WriteIntent,
): Promise<Map<string, FlightDocument>> {
  return lockFlights(storage, intent.deltas, async () => {
    const touched = new Map<string, FlightDocument>();
    const applied: MarkedDelta[] = [];
    try {
      for (const delta of intent.deltas) {
        touched.set(delta.flightId, await applyDelta(storage, delta));
        applied.push(delta);
      }
    } catch (error) {
      for (const delta of applied.reverse()) {
        await undoDelta(storage, delta);
      }
      throw error;
    }
    return touched;
  });
}

/**
 * Runs `work` while no other write of this process changes the flights of `deltas`. The flight
 * queues are entered in sorted order, so two writes on overlapping flights cannot wait for each
 * other. Writes of other processes are not held back: one node process per database is assumed.
 */
async function lockFlights<T>(
  storage: MongoStorage,
  deltas: readonly InventoryDelta[],
  work: () => Promise<T>,
): Promise<T> {
  const keys = [...new Set(deltas.map((delta) => flightDocumentKey(delta.flightId)))].sort();
  const enter = (index: number): Promise<T> =>
    index === keys.length ? work() : storage.queue.run(keys[index], () => enter(index + 1));
  return enter(0);
}

function applyDelta(storage: MongoStorage, delta: MarkedDelta): Promise<FlightDocument> {
  return updateSeats(storage, { ...delta, addMarker: delta.marker }, 'relaxed');
}

/** Step 3: inserts the coupons. A coupon already inserted by this write is skipped. */
export async function insertCoupons(storage: MongoStorage, intent: WriteIntent): Promise<void> {
  for (const coupon of intent.insertCoupons) {
    const { ticketNumber, ...fields } = coupon;
    try {
      await coupons(storage).insertOne(
        { _id: ticketNumber, ...fields, insertedBy: intent.writeId, voidedBy: null },
        { writeConcern: WRITE_CONCERNS.relaxed },
      );
    } catch (error) {
      if (!isDuplicateKeyError(error)) {
        throw error;
      }
      const stored = await coupons(storage).findOne({ _id: ticketNumber });
      if (stored?.insertedBy !== intent.writeId) {
        throw error;
      }
    }
  }
}

/** Step 5: reserves `count` consecutive ticket serials; returns the first. */
export async function allocateTicketSerials(storage: MongoStorage, count: number): Promise<number> {
  const counter = await storage
    .collection<{ _id: string; value: number }>('Counter')
    .findOneAndUpdate(
      { _id: 'ticketSerial' },
      { $inc: { value: count } },
      { upsert: true, returnDocument: 'after', writeConcern: WRITE_CONCERNS.relaxed },
    );
  if (!counter) {
    throw new Error('The ticket serial counter was not returned after its increment');
  }
  return counter.value - count + 1;
}

/** Step 6: makes `record` the visible record, with the write's durability. */
export async function finishWrite(
  storage: MongoStorage,
  txId: string,
  intent: WriteIntent,
  record: ParticipantTransaction,
): Promise<void> {
  const result = await participants(storage).updateOne(
    { _id: txId },
    {
      $set: {
        record,
        phase: record.phase,
        createdAt: record.createdAt,
        clock: intent.clock,
        'pending.stage': 'finishing',
      },
    },
    { writeConcern: WRITE_CONCERNS[intent.durability] },
  );
  if (result.matchedCount === 0) {
    throw new Error(
      `Participant write ${intent.writeId} of ${txId} lost its intent before finishing`,
    );
  }
}

/** Step 7: pulls the markers from the flights and removes the intent. */
export async function cleanUpWrite(
  storage: MongoStorage,
  txId: string,
  intent: WriteIntent,
): Promise<void> {
  await pullMarkers(storage, intent);
  await participants(storage).updateOne(
    { _id: txId },
    { $set: { pending: null } },
    { writeConcern: WRITE_CONCERNS.relaxed },
  );
}

async function pullMarkers(storage: MongoStorage, intent: WriteIntent): Promise<void> {
  if (intent.deltas.length === 0) {
    return;
  }
  const markers = intent.deltas.map((delta) => delta.marker);
  for (const flightId of new Set(intent.deltas.map((delta) => delta.flightId))) {
    // `$pullAll` rather than `$pull` with `$in`: FerretDB 1.24 accepts the latter but removes
    // nothing.
    await storage.queue.run(flightDocumentKey(flightId), async () => {
      try {
        await flights(storage).updateOne(
          { _id: flightId },
          { $pullAll: { applied: markers } },
          { writeConcern: WRITE_CONCERNS.relaxed },
        );
      } catch (error) {
        storage.seats.forget(flightId);
        throw error;
      }
      const known = storage.seats.storedFlight(flightId);
      if (known) {
        storage.seats.record({
          ...known,
          applied: known.applied.filter((marker) => !markers.includes(marker)),
        });
      }
    });
  }
}

/**
 * Undoes steps 2 to 4 of an unfinished write and removes its intent, or its document when the
 * write created it. Every undo matches on the write's tag or marker, so repeating it is harmless.
 */
export async function rollBackWrite(
  storage: MongoStorage,
  txId: string,
  intent: WriteIntent,
): Promise<void> {
  await lockFlights(storage, intent.deltas, async () => {
    for (const delta of [...intent.deltas].reverse()) {
      await undoDelta(storage, delta);
    }
  });
  for (const { ticketNumber } of intent.insertCoupons) {
    await storage.queue.run(couponDocumentKey(ticketNumber), async () => {
      const stored = await coupons(storage).findOne({ _id: ticketNumber });
      if (stored?.insertedBy === intent.writeId) {
        await coupons(storage).deleteOne(
          { _id: ticketNumber },
          { writeConcern: WRITE_CONCERNS.relaxed },
        );
      }
    });
  }
  for (const ticketNumber of intent.voidCoupons?.ticketNumbers ?? []) {
    await storage.queue.run(couponDocumentKey(ticketNumber), async () => {
      const stored = await coupons(storage).findOne({ _id: ticketNumber });
      if (stored?.voidedBy === intent.writeId) {
        await coupons(storage).updateOne(
          { _id: ticketNumber },
          { $set: { status: 'OPEN', voidedAt: null, voidTxId: null, voidedBy: null } },
          { writeConcern: WRITE_CONCERNS.relaxed },
        );
      }
    });
  }

  if (intent.hadRecord) {
    await participants(storage).updateOne(
      { _id: txId },
      { $set: { pending: null } },
      { writeConcern: WRITE_CONCERNS.durable },
    );
  } else {
    await participants(storage).deleteOne({ _id: txId }, { writeConcern: WRITE_CONCERNS.durable });
  }
}

/**
 * Reverses one delta if its marker is on the flight; the caller holds the flight's lock. The
 * reverse of a seat-taking delta only frees seats and always fits. The reverse of a delta that
 * freed seats fits only while no other write took them: that holds within `applyDeltas`, but not for a
 * write that failed later (a lost connection). Then it throws and leaves the marker in place.
 */
async function undoDelta(storage: MongoStorage, delta: MarkedDelta): Promise<void> {
  try {
    await updateSeats(
      storage,
      {
        flightId: delta.flightId,
        soldDelta: -delta.soldDelta,
        heldDelta: -delta.heldDelta,
        removeMarker: delta.marker,
      },
      'relaxed',
    );
  } catch (error) {
    if (error instanceof FlightNotFoundError) {
      return;
    }
    throw new Error(`Cannot undo delta ${delta.marker}: ${describeError(error)}`, {
      cause: error,
    });
  }
}

/** Repeats steps 2 to 4, 6 and 7 of an unfinished decision; already applied parts are skipped. */
export async function rollForwardWrite(
  storage: MongoStorage,
  txId: string,
  intent: WriteIntent,
): Promise<void> {
  await applyVoids(storage, intent);
  await insertCoupons(storage, intent);
  await applyDeltas(storage, intent);
  await finishWrite(storage, txId, intent, intent.record);
  await cleanUpWrite(storage, txId, intent);
}

/** Outcome of recovery for one unfinished write. */
export type RecoveryOutcome = 'rolledBack' | 'rolledForward' | 'cleanedUp';

/**
 * Completes the unfinished write stored on `document`: cleans up a finished one, rolls a
 * decision forward (rolling it back if that fails) and rolls anything else back.
 */
export async function completePendingWrite(
  storage: MongoStorage,
  document: ParticipantDocument,
): Promise<RecoveryOutcome | null> {
  const intent = document.pending;
  if (!intent) {
    return null;
  }
  if (intent.stage === 'finishing') {
    await cleanUpWrite(storage, document._id, intent);
    return 'cleanedUp';
  }
  if (intent.recovery === 'rollForward') {
    try {
      await rollForwardWrite(storage, document._id, intent);
      return 'rolledForward';
    } catch (error) {
      mongoLogger.error({
        msg: 'Participant decision could not be completed; undoing it instead',
        txId: document._id,
        writeId: intent.writeId,
        error: describeError(error),
      });
    }
  }
  await rollBackWrite(storage, document._id, intent);
  return 'rolledBack';
}

/**
 * Completes every participant write a crash or a lost connection left unfinished. Runs at start,
 * before the participant loads its prepared transactions. Returns how many were completed each way.
 */
export async function recoverParticipantWrites(
  storage: MongoStorage,
): Promise<Record<RecoveryOutcome, number>> {
  const counts: Record<RecoveryOutcome, number> = { rolledBack: 0, rolledForward: 0, cleanedUp: 0 };
  const unfinished = await participants(storage)
    .find({ 'pending.stage': { $in: ['applying', 'finishing'] } })
    .toArray();
  for (const document of unfinished) {
    const outcome = await completePendingWrite(storage, document);
    if (outcome) {
      counts[outcome] += 1;
      mongoLogger.log({
        msg: 'Unfinished participant write completed',
        txId: document._id,
        writeId: document.pending?.writeId,
        outcome,
      });
    }
  }
  return counts;
}
