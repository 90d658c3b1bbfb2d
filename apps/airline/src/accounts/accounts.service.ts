import { Inject, Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { createHash, randomBytes, randomUUID } from 'node:crypto';

import type { AccountView } from '@interline/contracts';
import {
  ACCOUNT_REPOSITORY,
  type AccountRepository,
  type AccountRow,
  DuplicateEmailError,
  LOGIN_THROTTLE_REPOSITORY,
  type LoginThrottleRepository,
  SESSION_REPOSITORY,
  type SessionRepository,
} from '@interline/persistence';

import type { AirlineConfig } from '../config/airline-config';
import { AIRLINE_CONFIG } from '../config/config.module';
import { LOGIN_FAILURE_MEMORY_MS, recordFailure, remainingBlockMs } from './login-throttle';
import {
  type ScryptCost,
  SCRYPT_COST_DEFAULT,
  hashPassword,
  verifyPassword,
} from './password-hasher';

/** Injection token for the scrypt cost, so tests can use a cheaper one. */
export const SCRYPT_COST = Symbol('ScryptCost');

const HOUSEKEEPING_INTERVAL_MS = 10 * 60_000;

export type RegisterOutcome =
  { ok: true; account: AccountView } | { ok: false; code: 'EMAIL_TAKEN' };

export type LogInOutcome =
  | { ok: true; token: string; expiresAt: string; account: AccountView }
  | { ok: false; code: 'INVALID_CREDENTIALS' }
  | { ok: false; code: 'TOO_MANY_ATTEMPTS'; retryAfterSeconds: number };

export type LogOutOutcome = { ok: true } | { ok: false; code: 'SESSION_INVALID' };

/** Returns the SHA-256 of a session token; only this digest is stored. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Passenger accounts and sessions: registration, log in with per-email throttling of failures,
 * log out. Tokens are 256-bit random values; they leave the node only in the log-in reply.
 */
@Injectable()
export class AccountsService {
  private readonly logger = new Logger('Accounts');
  /** Hash checked when the email is unknown, so both cases take the same time. */
  private readonly decoyHash: Promise<string>;
  /** Tail of the queue of log-in attempts per email, while any is running. */
  private readonly logInsInFlight = new Map<string, Promise<void>>();

  constructor(
    @Inject(AIRLINE_CONFIG) private readonly config: AirlineConfig,
    @Inject(ACCOUNT_REPOSITORY) private readonly accounts: AccountRepository,
    @Inject(SESSION_REPOSITORY) private readonly sessions: SessionRepository,
    @Inject(LOGIN_THROTTLE_REPOSITORY) private readonly throttle: LoginThrottleRepository,
    @Inject(SCRYPT_COST) private readonly scryptCost: ScryptCost = SCRYPT_COST_DEFAULT,
  ) {
    this.decoyHash = hashPassword(randomBytes(16).toString('hex'), this.scryptCost);
  }

  async register(input: {
    email: string;
    name: string;
    password: string;
  }): Promise<RegisterOutcome> {
    const email = normalizeEmail(input.email);
    if (await this.accounts.findByEmail(email)) {
      return { ok: false, code: 'EMAIL_TAKEN' };
    }

    const account: AccountRow = {
      id: randomUUID(),
      email,
      displayName: input.name,
      passwordHash: await hashPassword(input.password, this.scryptCost),
      homeAirline: this.config.airline.code,
      createdAt: Date.now(),
    };
    try {
      await this.accounts.insert(account);
    } catch (error) {
      // Two registrations of one email can pass the lookup above at the same time.
      if (error instanceof DuplicateEmailError) {
        return { ok: false, code: 'EMAIL_TAKEN' };
      }
      throw error;
    }

    this.logger.log({ msg: 'Account registered', accountId: account.id });
    return { ok: true, account: toAccountView(account) };
  }

  /**
   * Checks a log-in. Attempts for one email run one at a time, so the failure count read before
   * the slow password check is still current when it is written back. Without that, a burst of
   * parallel guesses would all be checked and count as one failure.
   */
  logIn(input: { email: string; password: string }): Promise<LogInOutcome> {
    const email = normalizeEmail(input.email);
    return this.serializeByEmail(email, () => this.checkLogIn(email, input.password));
  }

  private async checkLogIn(email: string, password: string): Promise<LogInOutcome> {
    const now = Date.now();
    const throttleRow = await this.throttle.find(email);
    const waitMs = remainingBlockMs(throttleRow, now);
    if (waitMs > 0) {
      return { ok: false, code: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: Math.ceil(waitMs / 1000) };
    }

    const account = await this.accounts.findByEmail(email);
    const passwordMatches = account
      ? await verifyPassword(password, account.passwordHash)
      : await verifyPassword(password, await this.decoyHash).then(() => false);
    if (!account || !passwordMatches) {
      const next = recordFailure(throttleRow, email, Date.now());
      await this.throttle.save(next);
      this.logger.warn({
        msg: 'Failed log in',
        failures: next.failures,
        knownAccount: account !== null,
      });
      return { ok: false, code: 'INVALID_CREDENTIALS' };
    }

    if (throttleRow) {
      await this.throttle.delete(email);
    }
    const token = randomBytes(32).toString('base64url');
    const expiresAt = now + this.config.sessionTtlMinutes * 60_000;
    await this.sessions.insert({
      tokenHash: hashSessionToken(token),
      accountId: account.id,
      createdAt: now,
      expiresAt,
    });
    this.logger.log({ msg: 'Session opened', accountId: account.id });
    return {
      ok: true,
      token,
      expiresAt: new Date(expiresAt).toISOString(),
      account: toAccountView(account),
    };
  }

  async logOut(token: string): Promise<LogOutOutcome> {
    const tokenHash = hashSessionToken(token);
    const session = await this.sessions.findByTokenHash(tokenHash);
    if (!session || session.expiresAt <= Date.now()) {
      return { ok: false, code: 'SESSION_INVALID' };
    }
    await this.sessions.deleteByTokenHash(tokenHash);
    this.logger.log({ msg: 'Session closed', accountId: session.accountId });
    return { ok: true };
  }

  /** Runs `work` after every earlier call for `email` has finished; the map holds only busy emails. */
  private serializeByEmail<T>(email: string, work: () => Promise<T>): Promise<T> {
    const previous = this.logInsInFlight.get(email) ?? Promise.resolve();
    const run = previous.then(work, work);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.logInsInFlight.set(email, settled);
    void settled.then(() => {
      if (this.logInsInFlight.get(email) === settled) {
        this.logInsInFlight.delete(email);
      }
    });
    return run;
  }

  /** Deletes expired sessions and forgotten failure streaks so the tables stay bounded. */
  @Interval(HOUSEKEEPING_INTERVAL_MS)
  async removeExpired(): Promise<void> {
    const now = Date.now();
    const sessions = await this.sessions.deleteExpired(now);
    const throttles = await this.throttle.deleteStale(now - LOGIN_FAILURE_MEMORY_MS);
    if (sessions + throttles > 0) {
      this.logger.debug({
        msg: 'Removed expired sessions and login throttles',
        sessions,
        throttles,
      });
    }
  }
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function toAccountView(account: AccountRow): AccountView {
  return {
    id: account.id,
    email: account.email,
    name: account.displayName,
    homeAirline: account.homeAirline,
    createdAt: new Date(account.createdAt).toISOString(),
  };
}
