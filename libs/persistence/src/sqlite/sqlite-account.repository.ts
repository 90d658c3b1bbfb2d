import { DuplicateEmailError } from '../errors';
import type {
  AccountRepository,
  LoginThrottleRepository,
  SessionRepository,
} from '../ports/repositories';
import type { AccountRow, LoginThrottleRow, SessionRow } from '../ports/records';
import type { SqliteDatabase } from './sqlite-database';

interface AccountColumns {
  id: string;
  email: string;
  display_name: string;
  password_hash: string;
  home_airline: string;
  created_at: number;
}

const toAccount = (row: AccountColumns): AccountRow => ({
  id: row.id,
  email: row.email,
  displayName: row.display_name,
  passwordHash: row.password_hash,
  homeAirline: row.home_airline,
  createdAt: row.created_at,
});

export class SqliteAccountRepository implements AccountRepository {
  constructor(private readonly database: SqliteDatabase) {}

  async insert(account: AccountRow): Promise<void> {
    try {
      this.database.transaction(() => {
        this.database.connection
          .prepare(
            `INSERT INTO accounts (id, email, display_name, password_hash, home_airline, created_at)
             VALUES (@id, @email, @displayName, @passwordHash, @homeAirline, @createdAt)`,
          )
          .run(account);
      }, 'durable');
    } catch (error) {
      if (isUniqueViolation(error, 'accounts.email')) {
        throw new DuplicateEmailError(account.email);
      }
      throw error;
    }
  }

  async findByEmail(email: string): Promise<AccountRow | null> {
    const row = this.database.connection
      .prepare('SELECT * FROM accounts WHERE email = ?')
      .get(email) as AccountColumns | undefined;
    return row ? toAccount(row) : null;
  }

  async findById(id: string): Promise<AccountRow | null> {
    const row = this.database.connection.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as
      AccountColumns | undefined;
    return row ? toAccount(row) : null;
  }
}

export class SqliteSessionRepository implements SessionRepository {
  constructor(private readonly database: SqliteDatabase) {}

  async insert(session: SessionRow): Promise<void> {
    this.database.transaction(() => {
      this.database.connection
        .prepare(
          `INSERT INTO sessions (token_hash, account_id, created_at, expires_at)
           VALUES (@tokenHash, @accountId, @createdAt, @expiresAt)`,
        )
        .run(session);
    }, 'relaxed');
  }

  async findByTokenHash(tokenHash: string): Promise<SessionRow | null> {
    const row = this.database.connection
      .prepare(
        `SELECT token_hash AS tokenHash, account_id AS accountId, created_at AS createdAt,
                expires_at AS expiresAt
         FROM sessions WHERE token_hash = ?`,
      )
      .get(tokenHash) as SessionRow | undefined;
    return row ?? null;
  }

  async deleteByTokenHash(tokenHash: string): Promise<boolean> {
    return this.database.transaction(
      () =>
        this.database.connection.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash)
          .changes > 0,
      'relaxed',
    );
  }

  async deleteExpired(now: number): Promise<number> {
    return this.database.transaction(
      () =>
        this.database.connection.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now)
          .changes,
      'relaxed',
    );
  }
}

export class SqliteLoginThrottleRepository implements LoginThrottleRepository {
  constructor(private readonly database: SqliteDatabase) {}

  async find(email: string): Promise<LoginThrottleRow | null> {
    const row = this.database.connection
      .prepare(
        `SELECT email, failures, last_failure_at AS lastFailureAt, blocked_until AS blockedUntil
         FROM login_throttle WHERE email = ?`,
      )
      .get(email) as LoginThrottleRow | undefined;
    return row ?? null;
  }

  async save(row: LoginThrottleRow): Promise<void> {
    this.database.transaction(() => {
      this.database.connection
        .prepare(
          `INSERT INTO login_throttle (email, failures, last_failure_at, blocked_until)
           VALUES (@email, @failures, @lastFailureAt, @blockedUntil)
           ON CONFLICT (email) DO UPDATE SET failures = excluded.failures,
             last_failure_at = excluded.last_failure_at, blocked_until = excluded.blocked_until`,
        )
        .run(row);
    }, 'relaxed');
  }

  async delete(email: string): Promise<void> {
    this.database.transaction(() => {
      this.database.connection.prepare('DELETE FROM login_throttle WHERE email = ?').run(email);
    }, 'relaxed');
  }

  async deleteStale(before: number): Promise<number> {
    return this.database.transaction(
      () =>
        this.database.connection
          .prepare('DELETE FROM login_throttle WHERE last_failure_at < ?')
          .run(before).changes,
      'relaxed',
    );
  }
}

/**
 * Recognises a UNIQUE violation on `column` by its SQLite error code rather than by class,
 * because the driver's error class can differ between module realms (as under jest).
 */
function isUniqueViolation(error: unknown, column: string): boolean {
  const candidate = error as { code?: unknown; message?: unknown } | null;
  return (
    candidate?.code === 'SQLITE_CONSTRAINT_UNIQUE' &&
    typeof candidate.message === 'string' &&
    candidate.message.includes(column)
  );
}
