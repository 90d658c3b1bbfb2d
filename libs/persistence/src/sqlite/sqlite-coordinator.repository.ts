import type {
  AbortReason,
  CoordinatorPhase,
  CoordinatorTransaction,
  PriorityStamp,
  TransactionPayload,
  Vote,
} from '@interline/two-phase-commit/core/types';
import type Database from 'better-sqlite3';

import type {
  ClockEntries,
  CoordinatorRepository,
  WriteDurability,
} from '../ports/transactions.repository';
import type { SqliteDatabase } from './sqlite-database';
import { readMaxClock } from './transaction-clock';

interface CoordinatorColumns {
  tx_id: string;
  phase: CoordinatorPhase;
  abort_reason: AbortReason | null;
  payload: string;
  participants: string;
  stamp: string;
  votes: string;
  blamed: string;
  acknowledged: string;
  created_at: number;
  prepare_deadline_at: number;
  decided_at: number | null;
  completed_at: number | null;
  resend_at: number | null;
  resends: number;
}

/** Coordinator records in one SQLite file. Every save goes through the group commit. */
export class SqliteCoordinatorRepository implements CoordinatorRepository {
  private readonly statements: ReturnType<typeof prepareStatements>;

  constructor(private readonly database: SqliteDatabase) {
    this.statements = prepareStatements(database.connection);
  }

  async save(
    record: CoordinatorTransaction,
    clock: ClockEntries,
    durability: WriteDurability,
  ): Promise<void> {
    // Serialised now, because a durable save runs at the next flush, after the caller may have
    // changed the record.
    const parameters = toCoordinatorParameters(record, clock);
    await this.database.writeGrouped(() => {
      this.statements.upsert.run(parameters);
    }, durability);
  }

  async findById(txId: string): Promise<CoordinatorTransaction | null> {
    const row = this.statements.selectById.get(txId) as CoordinatorColumns | undefined;
    return row ? toCoordinatorTransaction(row) : null;
  }

  /** Records with no `completedAt`, oldest first. */
  async findUnfinished(): Promise<CoordinatorTransaction[]> {
    const rows = this.statements.selectUnfinished.all() as CoordinatorColumns[];
    return rows.map(toCoordinatorTransaction);
  }

  async maxClock(): Promise<ClockEntries> {
    return readMaxClock(this.database, 'coordinator_transactions');
  }
}

function prepareStatements(connection: Database.Database) {
  return {
    selectById: connection.prepare('SELECT * FROM coordinator_transactions WHERE tx_id = ?'),
    selectUnfinished: connection.prepare(
      `SELECT * FROM coordinator_transactions WHERE completed_at IS NULL
       ORDER BY created_at, tx_id`,
    ),
    upsert: connection.prepare(
      `INSERT INTO coordinator_transactions (tx_id, kind, locator, phase, abort_reason, payload,
         participants, stamp, votes, blamed, acknowledged, created_at, prepare_deadline_at,
         decided_at, completed_at, resend_at, resends, clock)
       VALUES (@txId, @kind, @locator, @phase, @abortReason, @payload,
         @participants, @stamp, @votes, @blamed, @acknowledged, @createdAt, @prepareDeadlineAt,
         @decidedAt, @completedAt, @resendAt, @resends, @clock)
       ON CONFLICT (tx_id) DO UPDATE SET kind = excluded.kind, locator = excluded.locator,
         phase = excluded.phase, abort_reason = excluded.abort_reason,
         payload = excluded.payload, participants = excluded.participants,
         stamp = excluded.stamp, votes = excluded.votes, blamed = excluded.blamed,
         acknowledged = excluded.acknowledged, created_at = excluded.created_at,
         prepare_deadline_at = excluded.prepare_deadline_at, decided_at = excluded.decided_at,
         completed_at = excluded.completed_at, resend_at = excluded.resend_at,
         resends = excluded.resends, clock = excluded.clock`,
    ),
  };
}

function toCoordinatorParameters(record: CoordinatorTransaction, clock: ClockEntries) {
  return {
    txId: record.txId,
    kind: record.payload.kind,
    locator: record.payload.locator,
    phase: record.phase,
    abortReason: record.abortReason,
    payload: JSON.stringify(record.payload),
    participants: JSON.stringify(record.participants),
    stamp: JSON.stringify(record.stamp),
    votes: JSON.stringify(record.votes),
    blamed: JSON.stringify(record.blamed),
    acknowledged: JSON.stringify(record.acknowledged),
    createdAt: record.createdAt,
    prepareDeadlineAt: record.prepareDeadlineAt,
    decidedAt: record.decidedAt,
    completedAt: record.completedAt,
    resendAt: record.resendAt,
    resends: record.resends,
    clock: JSON.stringify(clock),
  };
}

function toCoordinatorTransaction(row: CoordinatorColumns): CoordinatorTransaction {
  return {
    txId: row.tx_id,
    payload: JSON.parse(row.payload) as TransactionPayload,
    participants: JSON.parse(row.participants) as string[],
    stamp: JSON.parse(row.stamp) as PriorityStamp,
    phase: row.phase,
    votes: JSON.parse(row.votes) as Record<string, Vote>,
    abortReason: row.abort_reason,
    blamed: JSON.parse(row.blamed) as string[],
    acknowledged: JSON.parse(row.acknowledged) as string[],
    createdAt: row.created_at,
    prepareDeadlineAt: row.prepare_deadline_at,
    decidedAt: row.decided_at,
    completedAt: row.completed_at,
    resendAt: row.resend_at,
    resends: row.resends,
  };
}
