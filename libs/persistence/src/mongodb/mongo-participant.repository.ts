import type {
  ParticipantTransaction,
  TicketAssignment,
} from '@interline/two-phase-commit/core/types';
import { randomUUID } from 'node:crypto';

import { FlightNotFoundError, InventoryConstraintError } from '../errors';
import type { FlightRow } from '../ports/records';
import type {
  ClockEntries,
  CouponRow,
  ParticipantRepository,
  ParticipantWrite,
  ParticipantWriteResult,
} from '../ports/transactions.repository';
import { flightBarrierKey, type FlightDocument, toFlight } from './mongo-flight.repository';
import { describeError, type MongoStorage, mongoLogger, WRITE_CONCERNS } from './mongo-storage';
import { mergeClocks } from './mongo-transaction-clock';
import {
  allocateTicketSerials,
  applyDeltas,
  applyVoids,
  beginWrite,
  buildIntent,
  cleanUpWrite,
  completePendingWrite,
  type CouponDocument,
  coupons,
  deltaMarker,
  finishWrite,
  insertCoupons,
  participants,
  rollBackWrite,
  type WriteIntent,
} from './participant-write-steps';

/** Participant records kept in memory for `findById`; each is a few hundred bytes to a few KiB. */
const RECORDS_CACHED_MAX = 10_000;

/** The parts of a `ParticipantWrite` the work needs, copied when `write` is called. */
type WriteSnapshot = Omit<ParticipantWrite, 'durability'>;

/**
 * Participant records, seat inventory and coupons on MongoDB, without multi-document
 * transactions: see `participant-write-steps.ts` for the order of writes and the recovery.
 *
 * Writes of one transaction run one after another. A caller that issues a write and then reads
 * gets its effect, as with the SQLite adapter: reads of its flights (`FlightRepository.findById`)
 * add its seat deltas at once (`SeatLedger`), and reads of its booking's coupons wait until it
 * has applied its seat deltas.
 */
export class MongoParticipantRepository implements ParticipantRepository {
  /** Ticket serials are handed out in the order writes were called. */
  private ticketTurn: Promise<void> = Promise.resolve();
  /**
   * Records as last stored by this process or read from the database, by transaction id, oldest
   * first. Only this process writes the database, so an entry stays exact until the next write
   * of the transaction, which replaces it, or fails and removes it. A decision sent again then
   * costs no read: under load those resends outnumber every other step of the participant.
   */
  private readonly records = new Map<string, ParticipantTransaction>();
  /**
   * Per transaction, resolves once every write called so far can be read: it ended, or it is a
   * decision whose intent is durable, which recovery completes rather than undoes.
   */
  private readonly readable = new Map<string, Promise<unknown>>();

  /** `now` supplies the `voidedAt` instant of voided coupons. Tests pass a fixed clock. */
  constructor(
    private readonly storage: MongoStorage,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Applies `write` all or nothing. Throws `InventoryConstraintError` or `FlightNotFoundError`
   * for a bad delta and `CouponNotOpenError` for a coupon that cannot be voided. A ticket number
   * already used by another write throws the server's duplicate-key error, and tickets requested
   * without a YES vote throw a plain `Error`. Nothing is stored when it throws, except after
   * a lost connection: the unfinished write then stays as an intent that the next write of the
   * same transaction, or the next start, completes.
   */
  async write(write: ParticipantWrite): Promise<ParticipantWriteResult> {
    assertTicketsMatchVote(write);
    for (const delta of write.inventory) {
      if (!Number.isInteger(delta.soldDelta) || !Number.isInteger(delta.heldDelta)) {
        throw new InventoryConstraintError(delta.flightId, 'seat deltas must be integers');
      }
    }

    // The work runs later, so it must not see changes the caller makes to its objects.
    const snapshot = snapshotWrite(write);
    const voidedAt = this.now();
    const txId = snapshot.record.txId;
    const writeId = randomUUID();
    // Reads of these flights count the deltas from now on, as SQLite would after its write.
    this.storage.seats.register(
      writeId,
      snapshot.inventory.map((delta, index) => ({ ...delta, marker: deltaMarker(writeId, index) })),
    );
    const releaseReads = this.storage.barrier.hold(readKeysOf(snapshot));
    const ticketTurn = this.takeTicketTurn(snapshot);
    const markReadable = this.holdReads(txId);
    try {
      const result = await this.storage.queue.run(transactionKey(txId), () =>
        this.apply(
          snapshot,
          writeId,
          write.durability,
          voidedAt,
          releaseReads,
          ticketTurn,
          markReadable,
        ),
      );
      this.remember(result.record);
      return result;
    } catch (error) {
      // What the database holds is unknown until it is read again.
      this.records.delete(txId);
      throw error;
    } finally {
      markReadable();
      this.storage.seats.drop(writeId);
      releaseReads();
      ticketTurn.done();
    }
  }

  /**
   * Returns the record as of the writes called so far. It waits for a write of the transaction
   * still in flight, except for a decision whose intent is durable: its record is returned at
   * once, so a decision sent again is answered without waiting for the seat changes.
   */
  async findById(txId: string): Promise<ParticipantTransaction | null> {
    await this.readable.get(txId);
    const known = this.records.get(txId);
    if (known) {
      return structuredClone(known);
    }
    const document = await participants(this.storage).findOne({ _id: txId });
    if (document?.record) {
      this.remember(document.record);
    }
    return document?.record ?? null;
  }

  /** Prepared records, oldest first. */
  async findPrepared(): Promise<ParticipantTransaction[]> {
    const documents = await participants(this.storage)
      .find({ phase: 'PREPARED' })
      .sort({ createdAt: 1, _id: 1 })
      .toArray();
    return documents.flatMap((document) => (document.record ? [document.record] : []));
  }

  /** Coupons of one booking, in the order they were issued. */
  async findCouponsByLocator(locator: string): Promise<CouponRow[]> {
    await this.storage.barrier.waitFor(locatorBarrierKey(locator));
    const documents = await coupons(this.storage)
      .find({ locator })
      .sort({ issuedAt: 1, _id: 1 })
      .toArray();
    return documents.map(toCoupon);
  }

  async countCoupons(flightId: string): Promise<{ open: number; void: number }> {
    await this.storage.barrier.waitFor(flightBarrierKey(flightId));
    const [open, voided] = await Promise.all([
      coupons(this.storage).countDocuments({ flightId, status: 'OPEN' }),
      coupons(this.storage).countDocuments({ flightId, status: 'VOID' }),
    ]);
    return { open, void: voided };
  }

  async maxClock(): Promise<ClockEntries> {
    const documents = await participants(this.storage)
      .find({ record: { $ne: null } }, { projection: { clock: 1 } })
      .toArray();
    return mergeClocks(documents.map((document) => document.clock));
  }

  private async apply(
    write: WriteSnapshot,
    writeId: string,
    durability: ParticipantWrite['durability'],
    voidedAt: number,
    releaseReads: () => void,
    ticketTurn: TicketTurn,
    markReadable: () => void,
  ): Promise<ParticipantWriteResult> {
    const txId = write.record.txId;
    const previous = await this.completeUnfinished(txId);

    if (isRecordOnly(write)) {
      await this.writeRecordOnly(write, durability);
      return { record: write.record, flights: [] };
    }

    await this.assertFlightsExist(write);
    const intent = buildIntent({
      writeId,
      previous,
      record: write.record,
      clock: write.clock,
      inventory: write.inventory,
      insertCoupons: write.insertCoupons ?? [],
      voidCoupons: write.voidCoupons ?? null,
      voidedAt,
      issuesTickets: write.issueTickets !== undefined,
      durability,
      startedAt: this.now(),
    });
    await beginWrite(this.storage, txId, intent);
    if (intent.recovery === 'rollForward') {
      // From here a crash or a lost connection completes the decision, so readers may see it.
      this.remember(intent.record);
      markReadable();
    }

    let record = write.record;
    let touched: Map<string, FlightDocument>;
    try {
      await applyVoids(this.storage, intent);
      await insertCoupons(this.storage, intent);
      // Deltas of one flight apply in call order, the order the ledger's projection assumes.
      await this.storage.seats.turn(writeId);
      touched = await applyDeltas(this.storage, intent);
      releaseReads();

      if (write.issueTickets) {
        await ticketTurn.wait();
        record = await this.issueTickets(record, write.issueTickets);
        ticketTurn.done();
      }
      await finishWrite(this.storage, txId, intent, record);
    } catch (error) {
      await this.undo(txId, intent, error);
      throw error;
    }

    await cleanUpWrite(this.storage, txId, intent).catch((error: unknown) =>
      // The write is complete; the intent left behind is cleaned up by the next write of this
      // transaction or at the next start.
      mongoLogger.warn({
        msg: 'Participant write not cleaned up',
        txId,
        writeId: intent.writeId,
        error: describeError(error),
      }),
    );
    return { record, flights: orderFlights(write, touched) };
  }

  /**
   * Completes a write of `txId` left unfinished by a crash or a lost connection, then returns
   * the record as stored.
   */
  private async completeUnfinished(txId: string): Promise<ParticipantTransaction | null> {
    const document = await participants(this.storage).findOne({ _id: txId });
    if (!document?.pending) {
      return document?.record ?? null;
    }
    const outcome = await completePendingWrite(this.storage, document);
    mongoLogger.log({
      msg: 'Unfinished participant write completed',
      txId,
      writeId: document.pending.writeId,
      outcome,
    });
    const completed = await participants(this.storage).findOne({ _id: txId });
    return completed?.record ?? null;
  }

  /** A write that changes the record only: one conditional upsert, no intent needed. */
  private async writeRecordOnly(
    write: WriteSnapshot,
    durability: ParticipantWrite['durability'],
  ): Promise<void> {
    const { record, clock } = write;
    const update = {
      $set: { record, phase: record.phase, createdAt: record.createdAt, clock },
    };
    // `completeUnfinished` removed any intent, and writes of one transaction run one at a time.
    await participants(this.storage).updateOne({ _id: record.txId }, update, {
      upsert: true,
      writeConcern: WRITE_CONCERNS[durability],
    });
  }

  /** Rejects before any write when a delta or a coupon names an unknown flight. */
  private async assertFlightsExist(write: WriteSnapshot): Promise<void> {
    const ids = new Set([
      ...write.inventory.map((delta) => delta.flightId),
      ...(write.insertCoupons ?? []).map((coupon) => coupon.flightId),
    ]);
    if (ids.size === 0) {
      return;
    }
    // One lookup by `_id` per flight: FerretDB scans the collection for an `$in` filter.
    for (const id of ids) {
      const found = await this.storage
        .collection<FlightDocument>('Flight')
        .findOne({ _id: id }, { projection: { _id: 1 } });
      if (!found) {
        throw new FlightNotFoundError(id);
      }
    }
  }

  /** Allocates consecutive serials and appends the ticket numbers to the record's YES vote. */
  private async issueTickets(
    record: ParticipantTransaction,
    issue: NonNullable<ParticipantWrite['issueTickets']>,
  ): Promise<ParticipantTransaction> {
    const vote = record.vote;
    if (vote?.vote !== 'YES') {
      throw new Error(`tickets requested for transaction ${record.txId} without a YES vote`);
    }
    const count = issue.requests.length;
    if (count === 0) {
      return record;
    }
    const firstSerial = await allocateTicketSerials(this.storage, count);
    const tickets: TicketAssignment[] = issue.requests.map((request, index) => ({
      flightId: request.flightId,
      passenger: request.passenger,
      ticketNumber: issue.format(firstSerial + index),
    }));
    return { ...record, vote: { ...vote, tickets: [...vote.tickets, ...tickets] } };
  }

  /** Rolls back a failed write; when that fails too, the intent stays for recovery. */
  private async undo(txId: string, intent: WriteIntent, cause: unknown): Promise<void> {
    try {
      await rollBackWrite(this.storage, txId, intent);
    } catch (error) {
      mongoLogger.error({
        msg: 'Failed participant write not undone; it is completed later',
        txId,
        writeId: intent.writeId,
        cause: describeError(cause),
        error: describeError(error),
      });
    }
  }

  /**
   * Makes reads of `txId` wait for the write being called, until the returned function is called
   * (once; later calls do nothing).
   */
  private holdReads(txId: string): () => void {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = Promise.all([this.readable.get(txId), released]);
    this.readable.set(txId, tail);
    void tail.then(() => {
      if (this.readable.get(txId) === tail) {
        this.readable.delete(txId);
      }
    });
    return release;
  }

  /** Caches `record` as stored, dropping the oldest entry beyond `RECORDS_CACHED_MAX`. */
  private remember(record: ParticipantTransaction): void {
    this.records.delete(record.txId);
    this.records.set(record.txId, structuredClone(record));
    if (this.records.size > RECORDS_CACHED_MAX) {
      const oldest = this.records.keys().next().value;
      if (oldest !== undefined) {
        this.records.delete(oldest);
      }
    }
  }

  /** Reserves this write's place in the order of ticket allocation, when it issues tickets. */
  private takeTicketTurn(write: WriteSnapshot): TicketTurn {
    if (!write.issueTickets) {
      return { wait: () => Promise.resolve(), done: () => undefined };
    }
    const previous = this.ticketTurn;
    let done!: () => void;
    this.ticketTurn = new Promise<void>((resolve) => {
      done = resolve;
    });
    return { wait: () => previous, done };
  }
}

/** A write's place in the order of ticket allocation; `done` may be called more than once. */
interface TicketTurn {
  wait(): Promise<void>;
  done(): void;
}

function transactionKey(txId: string): string {
  return `participant:${txId}`;
}

function locatorBarrierKey(locator: string): string {
  return `coupons:${locator}`;
}

/** Keys whose reads must wait for this write: its flights and its booking's coupons. */
function readKeysOf(write: WriteSnapshot): string[] {
  const keys = write.inventory.map((delta) => flightBarrierKey(delta.flightId));
  for (const coupon of write.insertCoupons ?? []) {
    keys.push(flightBarrierKey(coupon.flightId), locatorBarrierKey(coupon.locator));
  }
  if (write.voidCoupons && write.record.payload) {
    keys.push(locatorBarrierKey(write.record.payload.locator));
  }
  return keys;
}

function isRecordOnly(write: WriteSnapshot): boolean {
  return (
    write.inventory.length === 0 &&
    (write.insertCoupons ?? []).length === 0 &&
    (write.voidCoupons?.ticketNumbers ?? []).length === 0 &&
    write.issueTickets === undefined
  );
}

/** Returns each touched flight once, in the order the write first named it. */
function orderFlights(write: WriteSnapshot, touched: Map<string, FlightDocument>): FlightRow[] {
  const ordered: FlightRow[] = [];
  for (const flightId of new Set(write.inventory.map((delta) => delta.flightId))) {
    const flight = touched.get(flightId);
    if (flight) {
      ordered.push(toFlight(flight));
    }
  }
  return ordered;
}

/** Rejects a ticket request that the vote cannot carry: a programmer error, not an outcome. */
function assertTicketsMatchVote(write: ParticipantWrite): void {
  if (write.issueTickets && write.record.vote?.vote !== 'YES') {
    throw new Error(
      `issueTickets is only valid with a YES vote, but transaction ${write.record.txId} has ` +
        `vote ${write.record.vote?.vote ?? 'null'}`,
    );
  }
}

function snapshotWrite(write: ParticipantWrite): WriteSnapshot {
  const snapshot: WriteSnapshot = structuredClone({
    record: write.record,
    clock: write.clock,
    inventory: write.inventory,
    insertCoupons: write.insertCoupons,
    voidCoupons: write.voidCoupons,
  });
  if (write.issueTickets) {
    snapshot.issueTickets = {
      requests: structuredClone(write.issueTickets.requests),
      format: write.issueTickets.format,
    };
  }
  return snapshot;
}

function toCoupon(document: CouponDocument): CouponRow {
  return {
    ticketNumber: document._id,
    flightId: document.flightId,
    locator: document.locator,
    passenger: document.passenger,
    txId: document.txId,
    status: document.status,
    issuedAt: document.issuedAt,
    voidedAt: document.voidedAt,
    voidTxId: document.voidTxId,
  };
}
