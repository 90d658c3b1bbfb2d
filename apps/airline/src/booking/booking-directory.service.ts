import { Inject, Injectable, Logger } from '@nestjs/common';

import type { AirlineView, BookingView } from '@interline/contracts';
import { LinkStateService } from '@interline/link-state';
import {
  BOOKING_REPOSITORY,
  type BookingRepository,
  type BookingRow,
} from '@interline/persistence';

import { CatalogService } from '../catalog/catalog.service';
import { PeerRequestError, SignedHttpClient } from '../cluster-auth/signed-http-client';
import type { AirlineConfig } from '../config/airline-config';
import { AIRLINE_CONFIG } from '../config/config.module';
import {
  type BookingViewContext,
  isVisibleBooking,
  toBookingView,
  VISIBLE_BOOKING_STATUSES,
} from './booking-view';
import { type BookingFailure, BookingService } from './booking.service';

/** Bookings of one passenger on one node, newest first; more is not useful on a screen. */
export const BOOKINGS_PER_NODE_MAX = 100;
/** How long a listing waits for each other node. */
const REMOTE_BOOKINGS_TIMEOUT_MS = 2_000;
/** A forwarded cancellation waits as long as a purchase may take, plus the trip. */
const FORWARDED_CANCEL_SLACK_MS = 2_000;

export type ReplayAnswer = { ok: true; booking: BookingView } | ({ ok: false } & BookingFailure);

export type RemoteCancelAnswer =
  { ok: true; booking: BookingView; alreadyCancelled: boolean } | ({ ok: false } & BookingFailure);

/**
 * Finds a passenger's bookings on every node. Each node keeps the bookings it sold, so listing
 * queries every reachable airline and reports the ones that did not respond. Cancellation of a booking sold
 * elsewhere is forwarded to the node that sold it, which coordinates it.
 */
@Injectable()
export class BookingDirectoryService {
  private readonly logger = new Logger('Bookings');

  constructor(
    @Inject(AIRLINE_CONFIG) private readonly config: AirlineConfig,
    @Inject(BOOKING_REPOSITORY) private readonly bookings: BookingRepository,
    private readonly booking: BookingService,
    private readonly catalog: CatalogService,
    private readonly linkState: LinkStateService,
    private readonly http: SignedHttpClient,
  ) {}

  /** Bookings this node sold to the account, as views. */
  async local(accountId: string): Promise<BookingView[]> {
    const rows = await this.bookings.findByAccount(
      accountId,
      BOOKINGS_PER_NODE_MAX,
      VISIBLE_BOOKING_STATUSES,
    );
    return rows.map((row) => toBookingView(row, this.config.airline.code, this.context()));
  }

  /** Every booking of the account on reachable nodes, and the airlines that did not answer. */
  async everywhere(
    accountId: string,
  ): Promise<{ bookings: BookingView[]; unreachable: AirlineView[] }> {
    const own = await this.local(accountId);
    const others = this.otherAirlines();
    const unreachable: AirlineView[] = [];
    const remote = await Promise.all(
      others.map(async (airline) => {
        const peer = this.linkState.nodeUrl(airline.code);
        if (!airline.reachable || peer === null) {
          unreachable.push({ code: airline.code, name: airline.name });
          return [];
        }
        try {
          const answer = await this.http.request<{ bookings: BookingView[] }>({
            peer,
            method: 'GET',
            path: `/v1/bookings?accountId=${encodeURIComponent(accountId)}`,
            timeoutMs: REMOTE_BOOKINGS_TIMEOUT_MS,
          });
          return Array.isArray(answer.bookings) ? answer.bookings : [];
        } catch (error) {
          this.logger.warn({
            msg: 'Bookings not listed',
            peer: airline.code,
            error: describe(error),
          });
          unreachable.push({ code: airline.code, name: airline.name });
          return [];
        }
      }),
    );
    const bookings = [...own, ...remote.flat()].sort((a, b) =>
      b.createdAt.localeCompare(a.createdAt),
    );
    return { bookings, unreachable: unreachable.sort((a, b) => a.code.localeCompare(b.code)) };
  }

  /** Returns the booking this node sold to the account under `locator`, or null when there is none to show. */
  async localOne(accountId: string, locator: string): Promise<BookingView | null> {
    const row = await this.bookings.findByLocator(locator);
    return row && row.accountId === accountId && isVisibleBooking(row)
      ? toBookingView(row, this.config.airline.code, this.context())
      : null;
  }

  /**
   * One booking of the account by locator, wherever it was sold; null when not found. Every
   * reachable node is asked for that locator, so a passenger with many bookings finds each one.
   */
  async find(
    accountId: string,
    locator: string,
  ): Promise<{ booking: BookingView | null; unreachable: AirlineView[] }> {
    const own = await this.localOne(accountId, locator);
    if (own) {
      return { booking: own, unreachable: [] };
    }
    const unreachable: AirlineView[] = [];
    const found = await Promise.all(
      this.otherAirlines().map(async (airline) => {
        const peer = this.linkState.nodeUrl(airline.code);
        if (!airline.reachable || peer === null) {
          unreachable.push({ code: airline.code, name: airline.name });
          return null;
        }
        try {
          const answer = await this.http.request<{ booking: BookingView | null }>({
            peer,
            method: 'GET',
            path: `/v1/bookings/${encodeURIComponent(locator)}?accountId=${encodeURIComponent(accountId)}`,
            timeoutMs: REMOTE_BOOKINGS_TIMEOUT_MS,
          });
          return answer.booking ?? null;
        } catch (error) {
          this.logger.warn({
            msg: 'Booking not looked up',
            peer: airline.code,
            locator,
            error: describe(error),
          });
          unreachable.push({ code: airline.code, name: airline.name });
          return null;
        }
      }),
    );
    return {
      booking: found.find((booking) => booking !== null) ?? null,
      unreachable: unreachable.sort((a, b) => a.code.localeCompare(b.code)),
    };
  }

  private otherAirlines() {
    return this.linkState.airlines().filter((airline) => airline.code !== this.config.airline.code);
  }

  /** Cancels a booking sold here, or forwards the cancellation to the node that sold it. */
  async cancel(accountId: string, locator: string): Promise<RemoteCancelAnswer> {
    const own = await this.bookings.findByLocator(locator);
    if (own && own.accountId === accountId) {
      return this.cancelHere(accountId, locator);
    }
    const { booking, unreachable } = await this.find(accountId, locator);
    if (!booking) {
      return unreachable.length > 0
        ? {
            ok: false,
            code: 'AIRLINE_UNREACHABLE',
            airlines: unreachable.map((airline) => airline.code),
          }
        : { ok: false, code: 'BOOKING_NOT_FOUND' };
    }
    const seller = booking.soldBy.code;
    const peer = this.linkState.nodeUrl(seller);
    if (peer === null || !this.linkState.isReachable(seller)) {
      return { ok: false, code: 'AIRLINE_UNREACHABLE', airlines: [seller] };
    }
    try {
      return await this.http.request<RemoteCancelAnswer>({
        peer,
        method: 'POST',
        path: `/v1/bookings/${locator}/cancel`,
        body: { accountId },
        timeoutMs: this.config.transactions.purchaseTimeoutMs + FORWARDED_CANCEL_SLACK_MS,
      });
    } catch (error) {
      this.logger.warn({
        msg: 'Cancellation not forwarded',
        peer: seller,
        locator,
        error: describe(error),
      });
      // Only a request that never left may be reported as "nothing changed": after a timeout or
      // a reset the seller may have cancelled the booking and only the response was lost.
      const neverDelivered = error instanceof PeerRequestError && error.neverDelivered;
      return {
        ok: false,
        code: neverDelivered ? 'AIRLINE_UNREACHABLE' : 'CANCELLATION_OUTCOME_UNKNOWN',
        airlines: [seller],
      };
    }
  }

  /**
   * Repeats the outcome of a purchase key first used on `airline`'s node, asking that node; a
   * key claimed there but not found means its purchase is still being stored there.
   */
  async replayElsewhere(
    airline: string,
    accountId: string,
    idempotencyKey: string,
  ): Promise<ReplayAnswer> {
    const peer = this.linkState.nodeUrl(airline);
    // The purchase may have been sold there: never answer "nothing was sold" without its node.
    const unknown: ReplayAnswer = {
      ok: false,
      code: 'PURCHASE_OUTCOME_UNKNOWN',
      airlines: [airline],
    };
    if (peer === null || !this.linkState.isReachable(airline)) {
      return unknown;
    }
    try {
      const answer = await this.http.request<ReplayAnswer | { ok: 'unknown' }>({
        peer,
        method: 'GET',
        path: `/v1/bookings/by-key?accountId=${encodeURIComponent(accountId)}&idempotencyKey=${encodeURIComponent(idempotencyKey)}`,
        timeoutMs: this.config.transactions.purchaseTimeoutMs + FORWARDED_CANCEL_SLACK_MS,
      });
      return answer.ok === 'unknown' ? unknown : answer;
    } catch (error) {
      this.logger.warn({
        msg: 'Purchase outcome not fetched',
        peer: airline,
        error: describe(error),
      });
      return unknown;
    }
  }

  /** Repeats the outcome of a purchase key used on this node, as another node asks for it. */
  async replayHere(
    accountId: string,
    idempotencyKey: string,
  ): Promise<ReplayAnswer | { ok: 'unknown' }> {
    const outcome = await this.booking.replayKey(accountId, idempotencyKey);
    if (outcome === null) {
      return { ok: 'unknown' };
    }
    return outcome.ok ? { ok: true, booking: this.view(outcome.booking) } : outcome;
  }

  /** Cancels a booking this node sold; the answer carries the booking as a view. */
  async cancelHere(accountId: string, locator: string): Promise<RemoteCancelAnswer> {
    const outcome = await this.booking.cancel(accountId, locator);
    if (!outcome.ok) {
      return outcome;
    }
    return {
      ok: true,
      booking: toBookingView(outcome.booking, this.config.airline.code, this.context()),
      alreadyCancelled: outcome.alreadyCancelled,
    };
  }

  /** A booking sold by this node, as passengers see it. */
  view(row: BookingRow): BookingView {
    return toBookingView(row, this.config.airline.code, this.context());
  }

  /** Names airlines from the map and time zones from the catalogue. */
  context(): BookingViewContext {
    const names = new Map(this.linkState.airlines().map((airline) => [airline.code, airline.name]));
    names.set(this.config.airline.code, this.config.airline.name);
    return {
      airlineName: (code) => names.get(code) ?? code,
      timeZone: (iata) => this.catalog.airport(iata)?.timeZone ?? 'America/Sao_Paulo',
    };
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
