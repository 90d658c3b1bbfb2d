import { Inject, Injectable, Logger } from '@nestjs/common';

import type { AccountView } from '@interline/contracts';
import { LinkStateService } from '@interline/link-state';

import { PeerRequestError, SignedHttpClient } from '../cluster-auth/signed-http-client';
import type { AirlineConfig } from '../config/airline-config';
import { AIRLINE_CONFIG } from '../config/config.module';
import { rankAccountOwners } from './account-owner';
import {
  type VerificationAnswer,
  parseCreatedAccount,
  parseVerificationAnswer,
} from './accounts.dto';

/** Time allowed for one directory request, during which the peer runs one scrypt hash. */
export const DIRECTORY_REQUEST_TIMEOUT_MS = 3_000;
/** Time allowed for asking the nodes after the owner, all requests together. */
export const FALLBACK_SEARCH_BUDGET_MS = 6_000;
/** Nodes asked after the owner, at most, in rank order. */
export const FALLBACK_AIRLINES_MAX = 8;
/** A fallback request is not started with less time than this left in the budget. */
const FALLBACK_REQUEST_TIMEOUT_MS_MIN = 250;

/** The parts of the link-state map the directory reads. */
export type AirlineMap = Pick<LinkStateService, 'airlines' | 'nodeUrl' | 'isReachable'>;
/** The part of the signed inter-node client the directory uses. */
export type PeerClient = Pick<SignedHttpClient, 'request'>;

/** Fields of `POST /v1/accounts`. */
export interface NewAccountRequest {
  email: string;
  name: string;
  passwordHash: string;
  homeAirline: string;
}

export type ForwardedRegistrationOutcome =
  | { ok: true; account: AccountView }
  | { ok: false; code: 'EMAIL_TAKEN' }
  | { ok: false; code: 'ACCOUNT_DIRECTORY_UNREACHABLE'; airline: string };

/** A verification result other than "no account here". */
export type VerificationDecision = Exclude<VerificationAnswer, { code: 'ACCOUNT_NOT_FOUND' }>;

/** Outcome of asking other nodes to check a passenger's credentials. */
export type RemoteCheckOutcome =
  | { kind: 'answered'; airline: string; answer: VerificationDecision }
  | { kind: 'not_found' }
  | { kind: 'owner_unreachable'; airline: string };

type PeerCallResult<T> = { ok: true; value: T } | { ok: false };

/**
 * Finds the node that keeps a passenger account and talks to it. The owner of an email is chosen
 * by rendezvous hashing over every airline in the link-state map, reachable or not, plus this
 * one (see `account-owner.ts`). Requests go over the signed inter-node API.
 */
@Injectable()
export class AccountDirectory {
  private readonly logger = new Logger('AccountDirectory');

  constructor(
    @Inject(AIRLINE_CONFIG) private readonly config: AirlineConfig,
    @Inject(LinkStateService) private readonly map: AirlineMap,
    @Inject(SignedHttpClient) private readonly client: PeerClient,
  ) {}

  /** Returns the airline that owns `email` (already normalised) in the current map. */
  ownerOf(email: string): string {
    return this.rank(email)[0];
  }

  /**
   * Asks `owner` to store a new account. A 409 from the owner means the email is taken there;
   * any other failure means the owner cannot be used now.
   */
  async createAccount(
    owner: string,
    request: NewAccountRequest,
  ): Promise<ForwardedRegistrationOutcome> {
    const result = await this.call(owner, 'register', '/v1/accounts', request, {
      timeoutMs: DIRECTORY_REQUEST_TIMEOUT_MS,
      parse: parseCreatedAccount,
      isConflict: (error) => error.kind === 'http_error' && error.status === 409,
    });
    if (result === 'conflict') {
      return { ok: false, code: 'EMAIL_TAKEN' };
    }
    if (!result.ok) {
      return { ok: false, code: 'ACCOUNT_DIRECTORY_UNREACHABLE', airline: owner };
    }
    return { ok: true, account: result.value };
  }

  /**
   * Checks credentials on the nodes that may keep the account: the owner first, unless it is this
   * node, whose own accounts the caller has already checked. When the owner keeps no account for
   * the email, the other reachable nodes are asked in rank order. An account stays on the node
   * that owned its email at registration, and that node ranks second after a newcomer takes the
   * email over, so it is asked first. Accounts registered before owners existed stay on their
   * home node and are found this way too.
   */
  async verifyElsewhere(email: string, password: string): Promise<RemoteCheckOutcome> {
    const self = this.config.airline.code;
    const owner = this.ownerOf(email);
    const asked = [self];
    if (owner !== self) {
      const answer = await this.verifyAt(owner, email, password, DIRECTORY_REQUEST_TIMEOUT_MS);
      if (!answer.ok) {
        return { kind: 'owner_unreachable', airline: owner };
      }
      if (isDecision(answer.value)) {
        return { kind: 'answered', airline: owner, answer: answer.value };
      }
      asked.push(owner);
    }
    return this.searchFallbackAirlines(email, password, owner, asked);
  }

  private async searchFallbackAirlines(
    email: string,
    password: string,
    owner: string,
    asked: readonly string[],
  ): Promise<RemoteCheckOutcome> {
    const candidates = this.rank(email)
      .filter((airline) => !asked.includes(airline) && this.map.isReachable(airline))
      .slice(0, FALLBACK_AIRLINES_MAX);
    const deadline = Date.now() + FALLBACK_SEARCH_BUDGET_MS;

    for (const [index, airline] of candidates.entries()) {
      const remainingMs = deadline - Date.now();
      if (remainingMs < FALLBACK_REQUEST_TIMEOUT_MS_MIN) {
        this.logger.warn({
          msg: 'Account search stopped: time budget spent',
          owner,
          budgetMs: FALLBACK_SEARCH_BUDGET_MS,
          notAsked: candidates.slice(index).join(','),
        });
        break;
      }
      const timeoutMs = Math.min(DIRECTORY_REQUEST_TIMEOUT_MS, remainingMs);
      const answer = await this.verifyAt(airline, email, password, timeoutMs);
      if (answer.ok && isDecision(answer.value)) {
        this.logger.log({ msg: 'Account found outside its owner node', peer: airline, owner });
        return { kind: 'answered', airline, answer: answer.value };
      }
    }
    return { kind: 'not_found' };
  }

  private verifyAt(
    airline: string,
    email: string,
    password: string,
    timeoutMs: number,
  ): Promise<PeerCallResult<VerificationAnswer>> {
    return this.call(
      airline,
      'verify',
      '/v1/accounts/verify',
      { email, password },
      { timeoutMs, parse: parseVerificationAnswer },
    ).then((result) => (result === 'conflict' ? { ok: false } : result));
  }

  /** Ranks every airline in the map, reachable or not, plus this node's own. */
  private rank(email: string): string[] {
    const airlines = this.map.airlines().map((airline) => airline.code);
    return rankAccountOwners(email, [this.config.airline.code, ...airlines]);
  }

  /**
   * Sends one signed POST and parses the response. Returns `conflict` when `isConflict` matches the
   * failure, and `{ ok: false }` after logging any other failure. Errors that are not peer
   * failures are programming errors and propagate.
   */
  private async call<T>(
    airline: string,
    operation: 'register' | 'verify',
    path: string,
    body: object,
    options: {
      timeoutMs: number;
      parse: (value: unknown) => T | null;
      isConflict?: (error: PeerRequestError) => boolean;
    },
  ): Promise<PeerCallResult<T> | 'conflict'> {
    const url = this.map.nodeUrl(airline);
    if (!url) {
      this.logger.warn({
        msg: 'Account directory request not sent: the map holds no node URL for the airline',
        peer: airline,
        operation,
      });
      return { ok: false };
    }

    let answer: unknown;
    try {
      answer = await this.client.request<unknown>({
        peer: url,
        method: 'POST',
        path,
        body,
        timeoutMs: options.timeoutMs,
      });
    } catch (error) {
      if (!(error instanceof PeerRequestError)) {
        throw error;
      }
      if (options.isConflict?.(error)) {
        return 'conflict';
      }
      this.logFailure(airline, url, operation, error.kind, error.message);
      return { ok: false };
    }

    const value = options.parse(answer);
    if (value === null) {
      this.logFailure(
        airline,
        url,
        operation,
        'invalid_response',
        'answer has an unexpected shape',
      );
      return { ok: false };
    }
    this.logger.debug({ msg: 'Account directory request succeeded', peer: airline, operation });
    return { ok: true, value };
  }

  /** Logs a failed request: a warning when the peer is down or slow, an error otherwise. */
  private logFailure(
    airline: string,
    url: string,
    operation: string,
    kind: string,
    detail: string,
  ): void {
    const fields = {
      msg: 'Account directory request failed',
      peer: airline,
      url,
      operation,
      kind,
      error: detail,
    };
    if (kind === 'unreachable' || kind === 'timeout') {
      this.logger.warn(fields);
    } else {
      this.logger.error(fields);
    }
  }
}

function isDecision(answer: VerificationAnswer): answer is VerificationDecision {
  return answer.verified || answer.code !== 'ACCOUNT_NOT_FOUND';
}
