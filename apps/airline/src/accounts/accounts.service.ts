import { Inject, Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { createHash, randomBytes, randomUUID } from 'node:crypto';

import { type AccountView, toLanguage } from '@interline/contracts';
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
import { GatewayError } from '../gateway/gateway-error';
import { AccountDirectory } from './account-directory';
import { isRemoteCopy, remoteCopyRow, toAccountView } from './account-rows';
import type { VerificationAnswer } from './accounts.dto';
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

/** Outcome of checking credentials against the accounts this node keeps itself. */
type LocalCheckOutcome =
  { ok: true; account: AccountRow } | { ok: false; code: 'ACCOUNT_NOT_FOUND' } | LogInRefusal;

type LogInRefusal = Exclude<LogInOutcome, { ok: true }>;

/** Returns the SHA-256 of a session token; only this digest is stored. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Passenger accounts and sessions: registration, log in with per-email throttling of failures,
 * log out. Each account is kept by the node that owns its email (see `AccountDirectory`). Other
 * nodes forward registrations and credential checks to that node, and keep a local copy of the
 * account for their sessions. Tokens are 256-bit random values that leave the node only in the
 * log-in reply, and sessions stay on the node that opened them.
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
    private readonly directory: AccountDirectory,
    @Inject(SCRYPT_COST) private readonly scryptCost: ScryptCost = SCRYPT_COST_DEFAULT,
  ) {
    this.decoyHash = hashPassword(randomBytes(16).toString('hex'), this.scryptCost);
  }

  /**
   * Registers a passenger. The account is stored here when this node owns the email. Otherwise
   * the password is hashed here and the account is sent to the owner, whose UNIQUE constraint
   * decides between simultaneous registrations on different nodes. Throws a `GatewayError` with
   * `ACCOUNT_DIRECTORY_UNREACHABLE` when the owner cannot be reached.
   */
  async register(input: {
    email: string;
    name: string;
    password: string;
    lang?: string;
  }): Promise<RegisterOutcome> {
    const email = normalizeEmail(input.email);
    if (await this.accounts.findByEmail(email)) {
      return { ok: false, code: 'EMAIL_TAKEN' };
    }

    const self = this.config.airline.code;
    const passwordHash = await hashPassword(input.password, this.scryptCost);
    const owner = this.directory.ownerOf(email);
    if (owner === self) {
      return this.insertAccount({ email, name: input.name, passwordHash, homeAirline: self });
    }

    const forwarded = await this.directory.createAccount(owner, {
      email,
      name: input.name,
      passwordHash,
      homeAirline: self,
    });
    if (forwarded.ok) {
      this.logger.log({
        msg: 'Account registered on its owner node',
        accountId: forwarded.account.id,
        peer: owner,
      });
      return { ok: true, account: forwarded.account };
    }
    if (forwarded.code === 'EMAIL_TAKEN') {
      return { ok: false, code: 'EMAIL_TAKEN' };
    }
    throw directoryUnreachable(forwarded.airline, input.lang);
  }

  /**
   * Stores an account that another node forwarded because this node owns its email. The
   * password hash was computed by the forwarding node.
   */
  createForwardedAccount(
    input: { email: string; name: string; passwordHash: string; homeAirline: string },
    peer: string,
  ): Promise<RegisterOutcome> {
    return this.insertAccount({ ...input, email: normalizeEmail(input.email) }, peer);
  }

  /**
   * Checks a log-in. Attempts for one email run one at a time, so the failure count read before
   * the slow password check is still current when it is written back. Without that, a burst of
   * parallel guesses would all be checked and count as one failure.
   *
   * An account this node keeps is checked here. Otherwise the owner, and after it the other
   * reachable nodes, check the password and apply their own throttle. On success this node
   * stores a copy of the account and opens the session. Throws a `GatewayError` with
   * `ACCOUNT_DIRECTORY_UNREACHABLE` when the owner cannot be reached.
   */
  logIn(input: { email: string; password: string; lang?: string }): Promise<LogInOutcome> {
    const email = normalizeEmail(input.email);
    return this.serializeByEmail(email, () =>
      this.logInAnywhere(email, input.password, input.lang),
    );
  }

  /**
   * Checks credentials for another node against the accounts this node keeps, with the same
   * throttle as a local log-in. Local copies of other nodes' accounts count as not found.
   */
  verifyCredentials(
    input: { email: string; password: string },
    peer: string,
  ): Promise<VerificationAnswer> {
    const email = normalizeEmail(input.email);
    return this.serializeByEmail(email, async () => {
      const outcome = await this.checkLocalCredentials(email, input.password);
      if (outcome.ok) {
        this.logger.log({
          msg: 'Credentials verified for a peer',
          accountId: outcome.account.id,
          peer,
        });
        return { verified: true, account: toAccountView(outcome.account) };
      }
      if (outcome.code === 'ACCOUNT_NOT_FOUND') {
        await this.checkDecoy(input.password);
        return { verified: false, code: outcome.code };
      }
      if (outcome.code === 'TOO_MANY_ATTEMPTS') {
        return {
          verified: false,
          code: outcome.code,
          retryAfterSeconds: outcome.retryAfterSeconds,
        };
      }
      return { verified: false, code: outcome.code };
    });
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

  private async logInAnywhere(
    email: string,
    password: string,
    lang: string | undefined,
  ): Promise<LogInOutcome> {
    const local = await this.checkLocalCredentials(email, password);
    if (local.ok) {
      return this.openSession(local.account);
    }
    if (local.code !== 'ACCOUNT_NOT_FOUND') {
      return local;
    }

    const remote = await this.directory.verifyElsewhere(email, password);
    switch (remote.kind) {
      case 'owner_unreachable':
        throw directoryUnreachable(remote.airline, lang);
      case 'not_found':
        return this.rejectUnknownEmail(email, password);
      case 'answered':
        break;
    }
    const answer = remote.answer;
    if (!answer.verified) {
      return answer.code === 'TOO_MANY_ATTEMPTS'
        ? { ok: false, code: answer.code, retryAfterSeconds: answer.retryAfterSeconds }
        : { ok: false, code: answer.code };
    }
    const account = await this.storeRemoteCopy(email, answer.account, remote.airline);
    if (await this.throttle.find(email)) {
      await this.throttle.delete(email);
    }
    return this.openSession(account);
  }

  /**
   * Checks the throttle and then the password of an account this node keeps. Does not run the
   * decoy hash for an unknown email, because the caller decides whether to.
   */
  private async checkLocalCredentials(email: string, password: string): Promise<LocalCheckOutcome> {
    const now = Date.now();
    const throttleRow = await this.throttle.find(email);
    const waitMs = remainingBlockMs(throttleRow, now);
    if (waitMs > 0) {
      return { ok: false, code: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: Math.ceil(waitMs / 1000) };
    }

    const account = await this.accounts.findByEmail(email);
    if (!account || isRemoteCopy(account)) {
      return { ok: false, code: 'ACCOUNT_NOT_FOUND' };
    }
    if (!(await verifyPassword(password, account.passwordHash))) {
      const next = recordFailure(throttleRow, email, Date.now());
      await this.throttle.save(next);
      this.logger.warn({ msg: 'Failed log in', failures: next.failures, knownAccount: true });
      return { ok: false, code: 'INVALID_CREDENTIALS' };
    }

    if (throttleRow) {
      await this.throttle.delete(email);
    }
    return { ok: true, account };
  }

  /**
   * Rejects an email that no node asked keeps. The failure is counted here like a wrong password,
   * so an unknown email is throttled like a known one.
   */
  private async rejectUnknownEmail(email: string, password: string): Promise<LogInOutcome> {
    await this.checkDecoy(password);
    const next = recordFailure(await this.throttle.find(email), email, Date.now());
    await this.throttle.save(next);
    this.logger.warn({ msg: 'Failed log in', failures: next.failures, knownAccount: false });
    return { ok: false, code: 'INVALID_CREDENTIALS' };
  }

  private async checkDecoy(password: string): Promise<void> {
    await verifyPassword(password, await this.decoyHash);
  }

  private async openSession(account: AccountRow): Promise<LogInOutcome> {
    const now = Date.now();
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

  private async insertAccount(
    input: { email: string; name: string; passwordHash: string; homeAirline: string },
    peer?: string,
  ): Promise<RegisterOutcome> {
    if (await this.accounts.findByEmail(input.email)) {
      return { ok: false, code: 'EMAIL_TAKEN' };
    }

    const account: AccountRow = {
      id: randomUUID(),
      email: input.email,
      displayName: input.name,
      passwordHash: input.passwordHash,
      homeAirline: input.homeAirline,
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

    this.logger.log({
      msg: 'Account registered',
      accountId: account.id,
      homeAirline: account.homeAirline,
      ...(peer ? { peer } : {}),
    });
    return { ok: true, account: toAccountView(account) };
  }

  /**
   * Returns the local copy of an account that `keeper` verified, storing it first if needed.
   * Throws when this node already stores a different account id for the email, because a session
   * opened on either id would belong to the wrong passenger.
   */
  private async storeRemoteCopy(
    email: string,
    view: AccountView,
    keeper: string,
  ): Promise<AccountRow> {
    const existing = await this.accounts.findByEmail(email);
    if (existing) {
      return this.sameAccountOrThrow(existing, view, keeper);
    }

    const copy = remoteCopyRow(email, view, keeper);
    try {
      await this.accounts.insert(copy);
    } catch (error) {
      // A registration on this node may have stored the email since the lookup above.
      if (error instanceof DuplicateEmailError) {
        const stored = await this.accounts.findByEmail(email);
        if (stored) {
          return this.sameAccountOrThrow(stored, view, keeper);
        }
      }
      throw error;
    }
    this.logger.log({
      msg: 'Stored local copy of a remote account',
      accountId: copy.id,
      peer: keeper,
    });
    return copy;
  }

  private sameAccountOrThrow(stored: AccountRow, view: AccountView, keeper: string): AccountRow {
    if (stored.id === view.id) {
      return stored;
    }
    // NOTE: reachable only when two nodes each registered the email, e.g. an account created
    // before owners existed and another created later on the owner. No session is opened.
    this.logger.error({
      msg: 'Account verified by a peer conflicts with a local account of the same email',
      accountId: view.id,
      localAccountId: stored.id,
      peer: keeper,
    });
    throw new Error(
      `Account ${view.id} verified by ${keeper} conflicts with local account ${stored.id} of the same email`,
    );
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

/**
 * Builds the error for an owner node that cannot be reached. It is thrown rather than returned
 * because its message names the airline, and the gateway controller fills message values only
 * for the outcomes it already handles.
 */
function directoryUnreachable(airline: string, lang: string | undefined): GatewayError {
  return GatewayError.of('ACCOUNT_DIRECTORY_UNREACHABLE', toLanguage(lang), { airline });
}
