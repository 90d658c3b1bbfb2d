import { DuplicateEmailError } from '../errors';
import type {
  AccountRepository,
  LoginThrottleRepository,
  SessionRepository,
} from '../ports/repositories';
import type { AccountRow, LoginThrottleRow, SessionRow } from '../ports/records';
import { isDuplicateKeyError, type MongoStorage, WRITE_CONCERNS } from './mongo-storage';

interface AccountDocument extends Omit<AccountRow, 'id'> {
  _id: string;
}

interface SessionDocument extends Omit<SessionRow, 'tokenHash'> {
  _id: string;
}

interface LoginThrottleDocument extends Omit<LoginThrottleRow, 'email'> {
  _id: string;
}

const toAccount = ({ _id, ...fields }: AccountDocument): AccountRow => ({
  id: _id,
  email: fields.email,
  displayName: fields.displayName,
  passwordHash: fields.passwordHash,
  homeAirline: fields.homeAirline,
  createdAt: fields.createdAt,
});

/** Accounts keyed by id, with a unique index on the (lower-cased) email. */
export class MongoAccountRepository implements AccountRepository {
  constructor(private readonly storage: MongoStorage) {}

  private get accounts() {
    return this.storage.collection<AccountDocument>('Account');
  }

  async insert(account: AccountRow): Promise<void> {
    const { id, ...fields } = account;
    try {
      await this.accounts.insertOne(
        { _id: id, ...fields },
        { writeConcern: WRITE_CONCERNS.durable },
      );
    } catch (error) {
      // FerretDB does not name the violated index, so the email index is told apart by a read.
      if (isDuplicateKeyError(error) && (await this.findByEmail(account.email)) !== null) {
        throw new DuplicateEmailError(account.email);
      }
      throw error;
    }
  }

  async findByEmail(email: string): Promise<AccountRow | null> {
    const document = await this.accounts.findOne({ email });
    return document ? toAccount(document) : null;
  }

  async findById(id: string): Promise<AccountRow | null> {
    const document = await this.accounts.findOne({ _id: id });
    return document ? toAccount(document) : null;
  }
}

/** Sessions keyed by token hash. Writes are relaxed: a lost session means logging in again. */
export class MongoSessionRepository implements SessionRepository {
  constructor(private readonly storage: MongoStorage) {}

  private get sessions() {
    return this.storage.collection<SessionDocument>('Session');
  }

  async insert(session: SessionRow): Promise<void> {
    const { tokenHash, ...fields } = session;
    await this.sessions.insertOne(
      { _id: tokenHash, ...fields },
      { writeConcern: WRITE_CONCERNS.relaxed },
    );
  }

  async findByTokenHash(tokenHash: string): Promise<SessionRow | null> {
    const document = await this.sessions.findOne({ _id: tokenHash });
    return document
      ? {
          tokenHash: document._id,
          accountId: document.accountId,
          createdAt: document.createdAt,
          expiresAt: document.expiresAt,
        }
      : null;
  }

  async deleteByTokenHash(tokenHash: string): Promise<boolean> {
    const result = await this.sessions.deleteOne(
      { _id: tokenHash },
      { writeConcern: WRITE_CONCERNS.relaxed },
    );
    return result.deletedCount > 0;
  }

  async deleteExpired(now: number): Promise<number> {
    const result = await this.sessions.deleteMany(
      { expiresAt: { $lte: now } },
      { writeConcern: WRITE_CONCERNS.relaxed },
    );
    return result.deletedCount;
  }
}

/** Failed log-in counters keyed by email. Writes are relaxed. */
export class MongoLoginThrottleRepository implements LoginThrottleRepository {
  constructor(private readonly storage: MongoStorage) {}

  private get throttle() {
    return this.storage.collection<LoginThrottleDocument>('LoginThrottle');
  }

  async find(email: string): Promise<LoginThrottleRow | null> {
    const document = await this.throttle.findOne({ _id: email });
    return document
      ? {
          email: document._id,
          failures: document.failures,
          lastFailureAt: document.lastFailureAt,
          blockedUntil: document.blockedUntil,
        }
      : null;
  }

  async save(row: LoginThrottleRow): Promise<void> {
    const { email, ...fields } = row;
    await this.throttle.replaceOne({ _id: email }, fields, {
      upsert: true,
      writeConcern: WRITE_CONCERNS.relaxed,
    });
  }

  async delete(email: string): Promise<void> {
    await this.throttle.deleteOne({ _id: email }, { writeConcern: WRITE_CONCERNS.relaxed });
  }

  async deleteStale(before: number): Promise<number> {
    const result = await this.throttle.deleteMany(
      { lastFailureAt: { $lt: before } },
      { writeConcern: WRITE_CONCERNS.relaxed },
    );
    return result.deletedCount;
  }
}
