import type {
  ParticipantPhase,
  ParticipantTransaction,
  PriorityStamp,
  TicketAssignment,
  TransactionPayload,
  Vote,
} from '@interline/two-phase-commit/core/types';
import type Database from 'better-sqlite3';

import { CouponNotOpenError, FlightNotFoundError, InventoryConstraintError } from '../errors';
import type { FlightRow } from '../ports/records';
import type {
  ClockEntries,
  CouponRow,
  InventoryDelta,
  ParticipantRepository,
  ParticipantWrite,
  ParticipantWriteResult,
} from '../ports/transactions.repository';
import type { SqliteDatabase } from './sqlite-database';
import { type FlightColumns, toFlight } from './sqlite-flight.repository';
import { readMaxClock } from './transaction-clock';

// Defined with the other storage errors; re-exported where earlier code imports it from.
export { CouponNotOpenError };

interface ParticipantColumns {
  tx_id: string;
  coordinator: string;
  participants: string;
  payload: string | null;
  stamp: string | null;
  phase: ParticipantPhase;
  vote: string | null;
  hold_deadline_at: number | null;
  created_at: number;
  decided_at: number | null;
  query_at: number | null;
  queries: number;
}

interface CouponColumns {
  ticket_number: string;
  flight_id: string;
  locator: string;
  passenger: string;
  tx_id: string;
  status: CouponRow['status'];
  issued_at: number;
  voided_at: number | null;
  void_tx_id: string | null;
}

/** The parts of a `ParticipantWrite` the grouped work needs, copied when `write` is called. */
type WriteSnapshot = Omit<ParticipantWrite, 'durability'>;

/**
 * Participant records, seat inventory and coupons in one SQLite file. Every write goes through
 * the database's group commit, so durable writes made in the same event-loop turn share an fsync.
 */
export class SqliteParticipantRepository implements ParticipantRepository {
  private readonly statements: ReturnType<typeof prepareStatements>;

  /** `now` supplies the `voidedAt` instant of voided coupons. Tests pass a fixed clock. */
  constructor(
    private readonly database: SqliteDatabase,
    private readonly now: () => number = Date.now,
  ) {
    this.statements = prepareStatements(database.connection);
  }

  /**
   * Applies `write` in one grouped write: inventory deltas, ticket serials, coupon inserts and
   * voids, then the record with its clock. Throws `InventoryConstraintError` or
   * `FlightNotFoundError` for a bad delta, `CouponNotOpenError` for a coupon that cannot be voided,
   * and a plain `Error` when tickets are requested without a YES vote. Nothing is stored when it
   * throws.
   */
  async write(write: ParticipantWrite): Promise<ParticipantWriteResult> {
    assertTicketsMatchVote(write);
    for (const delta of write.inventory) {
      if (!Number.isInteger(delta.soldDelta) || !Number.isInteger(delta.heldDelta)) {
        throw new InventoryConstraintError(delta.flightId, 'seat deltas must be integers');
      }
    }

    // The work runs at the next flush for a durable write, so it must not see later changes the
    // caller makes to its objects.
    const snapshot = snapshotWrite(write);
    const voidedAt = this.now();
    return this.database.writeGrouped(() => this.apply(snapshot, voidedAt), write.durability);
  }

  async findById(txId: string): Promise<ParticipantTransaction | null> {
    const row = this.statements.selectById.get(txId) as ParticipantColumns | undefined;
    return row ? toParticipantTransaction(row) : null;
  }

  /** Prepared records, oldest first. */
  async findPrepared(): Promise<ParticipantTransaction[]> {
    const rows = this.statements.selectPrepared.all() as ParticipantColumns[];
    return rows.map(toParticipantTransaction);
  }

  /** Coupons of one booking, in the order they were issued. */
  async findCouponsByLocator(locator: string): Promise<CouponRow[]> {
    const rows = this.statements.selectCouponsByLocator.all(locator) as CouponColumns[];
    return rows.map(toCoupon);
  }

  async countCoupons(flightId: string): Promise<{ open: number; void: number }> {
    const rows = this.database.connection
      .prepare('SELECT status, COUNT(*) AS count FROM coupons WHERE flight_id = ? GROUP BY status')
      .all(flightId) as Array<{ status: 'OPEN' | 'VOID'; count: number }>;
    const count = (status: string) => rows.find((row) => row.status === status)?.count ?? 0;
    return { open: count('OPEN'), void: count('VOID') };
  }

  async maxClock(): Promise<ClockEntries> {
    return readMaxClock(this.database, 'participant_transactions');
  }

  private apply(write: WriteSnapshot, voidedAt: number): ParticipantWriteResult {
    const flights = this.applyInventory(write.inventory);

    let record = write.record;
    if (write.issueTickets) {
      record = this.issueTickets(record, write.issueTickets);
    }
    for (const coupon of write.insertCoupons ?? []) {
      this.statements.insertCoupon.run(toCouponParameters(coupon));
    }
    if (write.voidCoupons) {
      this.voidCoupons(write.voidCoupons.ticketNumbers, write.voidCoupons.voidTxId, voidedAt);
    }

    this.statements.upsertRecord.run(toParticipantParameters(record, write.clock));
    return { record, flights };
  }

  /**
   * Applies the deltas in order with the checks of `SqliteFlightRepository.changeInventory`.
   * Returns each touched flight once, with its counts after the last delta.
   */
  private applyInventory(deltas: readonly InventoryDelta[]): FlightRow[] {
    const touched = new Map<string, FlightRow>();
    for (const delta of deltas) {
      const current = this.statements.selectFlight.get(delta.flightId) as FlightColumns | undefined;
      if (!current) {
        throw new FlightNotFoundError(delta.flightId);
      }

      const sold = current.seats_sold + delta.soldDelta;
      const held = current.seats_held + delta.heldDelta;
      const available = current.capacity - sold - held;
      if (sold < 0 || held < 0 || available < 0) {
        throw new InventoryConstraintError(
          delta.flightId,
          `sold ${sold}, held ${held}, available ${available} of capacity ${current.capacity}`,
        );
      }

      this.statements.updateSeats.run(sold, held, available, delta.flightId);
      touched.set(
        delta.flightId,
        toFlight({ ...current, seats_sold: sold, seats_held: held, seats_available: available }),
      );
    }
    return [...touched.values()];
  }

  /** Allocates consecutive serials and appends the ticket numbers to the record's YES vote. */
  private issueTickets(
    record: ParticipantTransaction,
    issue: NonNullable<ParticipantWrite['issueTickets']>,
  ): ParticipantTransaction {
    const vote = record.vote;
    if (vote?.vote !== 'YES') {
      throw new Error(`tickets requested for transaction ${record.txId} without a YES vote`);
    }
    const count = issue.requests.length;
    if (count === 0) {
      return record;
    }

    const { last_serial: lastSerial } = this.statements.allocateSerials.get(count) as {
      last_serial: number;
    };
    const firstSerial = lastSerial - count + 1;
    const tickets: TicketAssignment[] = issue.requests.map((request, index) => ({
      flightId: request.flightId,
      passenger: request.passenger,
      ticketNumber: issue.format(firstSerial + index),
    }));
    return { ...record, vote: { ...vote, tickets: [...vote.tickets, ...tickets] } };
  }

  private voidCoupons(ticketNumbers: readonly string[], voidTxId: string, voidedAt: number): void {
    for (const ticketNumber of ticketNumbers) {
      const { changes } = this.statements.voidCoupon.run({ ticketNumber, voidTxId, voidedAt });
      if (changes === 0) {
        const stored = this.statements.selectCouponStatus.get(ticketNumber) as
          { status: CouponRow['status'] } | undefined;
        throw new CouponNotOpenError(ticketNumber, stored?.status ?? null);
      }
    }
  }
}

function prepareStatements(connection: Database.Database) {
  return {
    selectById: connection.prepare('SELECT * FROM participant_transactions WHERE tx_id = ?'),
    selectPrepared: connection.prepare(
      `SELECT * FROM participant_transactions WHERE phase = 'PREPARED'
       ORDER BY created_at, tx_id`,
    ),
    upsertRecord: connection.prepare(
      `INSERT INTO participant_transactions (tx_id, coordinator, participants, payload, stamp,
         phase, vote, hold_deadline_at, created_at, decided_at, query_at, queries, clock)
       VALUES (@txId, @coordinator, @participants, @payload, @stamp,
         @phase, @vote, @holdDeadlineAt, @createdAt, @decidedAt, @queryAt, @queries, @clock)
       ON CONFLICT (tx_id) DO UPDATE SET coordinator = excluded.coordinator,
         participants = excluded.participants, payload = excluded.payload,
         stamp = excluded.stamp, phase = excluded.phase, vote = excluded.vote,
         hold_deadline_at = excluded.hold_deadline_at, created_at = excluded.created_at,
         decided_at = excluded.decided_at, query_at = excluded.query_at,
         queries = excluded.queries, clock = excluded.clock`,
    ),
    selectFlight: connection.prepare('SELECT * FROM flights WHERE id = ?'),
    updateSeats: connection.prepare(
      'UPDATE flights SET seats_sold = ?, seats_held = ?, seats_available = ? WHERE id = ?',
    ),
    allocateSerials: connection.prepare(
      'UPDATE ticket_serial SET last_serial = last_serial + ? WHERE id = 1 RETURNING last_serial',
    ),
    insertCoupon: connection.prepare(
      `INSERT INTO coupons (ticket_number, flight_id, locator, passenger, tx_id, status,
         issued_at, voided_at, void_tx_id)
       VALUES (@ticketNumber, @flightId, @locator, @passenger, @txId, @status,
         @issuedAt, @voidedAt, @voidTxId)`,
    ),
    voidCoupon: connection.prepare(
      `UPDATE coupons SET status = 'VOID', voided_at = @voidedAt, void_tx_id = @voidTxId
       WHERE ticket_number = @ticketNumber AND status = 'OPEN'`,
    ),
    selectCouponStatus: connection.prepare('SELECT status FROM coupons WHERE ticket_number = ?'),
    selectCouponsByLocator: connection.prepare(
      'SELECT * FROM coupons WHERE locator = ? ORDER BY issued_at, ticket_number',
    ),
  };
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

function toParticipantParameters(record: ParticipantTransaction, clock: ClockEntries) {
  return {
    txId: record.txId,
    coordinator: record.coordinator,
    participants: JSON.stringify(record.participants),
    payload: record.payload === null ? null : JSON.stringify(record.payload),
    stamp: record.stamp === null ? null : JSON.stringify(record.stamp),
    phase: record.phase,
    vote: record.vote === null ? null : JSON.stringify(record.vote),
    holdDeadlineAt: record.holdDeadlineAt,
    createdAt: record.createdAt,
    decidedAt: record.decidedAt,
    queryAt: record.queryAt,
    queries: record.queries,
    clock: JSON.stringify(clock),
  };
}

function toParticipantTransaction(row: ParticipantColumns): ParticipantTransaction {
  return {
    txId: row.tx_id,
    coordinator: row.coordinator,
    participants: JSON.parse(row.participants) as string[],
    payload: row.payload === null ? null : (JSON.parse(row.payload) as TransactionPayload),
    stamp: row.stamp === null ? null : (JSON.parse(row.stamp) as PriorityStamp),
    phase: row.phase,
    vote: row.vote === null ? null : (JSON.parse(row.vote) as Vote),
    holdDeadlineAt: row.hold_deadline_at,
    createdAt: row.created_at,
    decidedAt: row.decided_at,
    queryAt: row.query_at,
    queries: row.queries,
  };
}

function toCouponParameters(coupon: CouponRow) {
  return {
    ticketNumber: coupon.ticketNumber,
    flightId: coupon.flightId,
    locator: coupon.locator,
    passenger: coupon.passenger,
    txId: coupon.txId,
    status: coupon.status,
    issuedAt: coupon.issuedAt,
    voidedAt: coupon.voidedAt,
    voidTxId: coupon.voidTxId,
  };
}

function toCoupon(row: CouponColumns): CouponRow {
  return {
    ticketNumber: row.ticket_number,
    flightId: row.flight_id,
    locator: row.locator,
    passenger: row.passenger,
    txId: row.tx_id,
    status: row.status,
    issuedAt: row.issued_at,
    voidedAt: row.voided_at,
    voidTxId: row.void_tx_id,
  };
}
