import { Inject, Injectable, Logger } from '@nestjs/common';

import { LinkStateService } from '@interline/link-state';
import {
  type AccountRow,
  PURCHASE_KEY_REPOSITORY,
  type PurchaseKeyRepository,
  type PurchaseKeyRow,
} from '@interline/persistence';

import { AccountDirectory } from '../accounts/account-directory';
import { PeerRequestError, SignedHttpClient } from '../cluster-auth/signed-http-client';
import type { AirlineConfig } from '../config/airline-config';
import { AIRLINE_CONFIG } from '../config/config.module';

/**
 * How long a claim may take on the owner node. It is one durable write, but a burst of purchases
 * queues the claims behind the prepares, and a claim that times out fails a purchase.
 */
const CLAIM_TIMEOUT_MS = 10_000;

export type ClaimOutcome =
  | { ok: true; claim: PurchaseKeyRow }
  | { ok: false; code: 'ACCOUNT_DIRECTORY_UNREACHABLE'; airline: string };

/**
 * Claims purchase keys on the node that owns the passenger's email, so one key buys at most once
 * whichever node the passenger retries on. The first claim holds; a later one gets it back.
 */
@Injectable()
export class PurchaseKeys {
  private readonly logger = new Logger('Bookings');

  constructor(
    @Inject(AIRLINE_CONFIG) private readonly config: AirlineConfig,
    @Inject(PURCHASE_KEY_REPOSITORY) private readonly keys: PurchaseKeyRepository,
    private readonly directory: AccountDirectory,
    private readonly linkState: LinkStateService,
    private readonly http: SignedHttpClient,
  ) {}

  /** Claims `key` for a purchase sold here under `locator`; returns the claim that holds. */
  async claim(
    passenger: AccountRow,
    idempotencyKey: string,
    requestDigest: string,
    locator: string,
  ): Promise<ClaimOutcome> {
    const row: PurchaseKeyRow = {
      accountId: passenger.id,
      idempotencyKey,
      requestDigest,
      airline: this.config.airline.code,
      locator,
      claimedAt: Date.now(),
    };
    const owner = this.directory.ownerOf(passenger.email);
    if (owner === this.config.airline.code) {
      return { ok: true, claim: await this.keys.claim(row) };
    }

    const peer = this.linkState.nodeUrl(owner);
    if (peer === null) {
      return { ok: false, code: 'ACCOUNT_DIRECTORY_UNREACHABLE', airline: owner };
    }
    try {
      const answer = await this.http.request<{ claim?: PurchaseKeyRow }>({
        peer,
        method: 'POST',
        path: '/v1/purchase-keys',
        body: row,
        timeoutMs: CLAIM_TIMEOUT_MS,
      });
      if (!answer.claim || typeof answer.claim.airline !== 'string') {
        throw new PeerRequestError(owner, 'invalid_response', 'claim missing from the response');
      }
      return { ok: true, claim: answer.claim };
    } catch (error) {
      if (!(error instanceof PeerRequestError)) {
        throw error;
      }
      this.logger.warn({ msg: 'Purchase key not claimed', peer: owner, error: error.message });
      return { ok: false, code: 'ACCOUNT_DIRECTORY_UNREACHABLE', airline: owner };
    }
  }

  /** Stores a claim sent by another node for an email this node owns. */
  claimHere(row: PurchaseKeyRow): Promise<PurchaseKeyRow> {
    return this.keys.claim(row);
  }
}
