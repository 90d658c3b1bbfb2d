import type {
  AbortReason,
  CoordinatorTransaction,
  PriorityStamp,
  TransactionPayload,
} from '@interline/two-phase-commit/core';

import { accountOwner } from '../apps/airline/src/accounts/account-owner';
import type {
  CoordinatorRole,
  StoredCoordinatorRecord,
  TransactionOutcome,
} from './coordinator-role';
import type { NodeServices } from './node-services';
import type { StoredParticipantRecord } from './participant-role';

/** A purchase request as a client sends it to any node. */
export interface PurchaseRequest {
  accountId: string;
  email: string;
  idempotencyKey: string;
  flightIds: string[];
  passengers: string[];
}

/** The answer a client gets to a purchase. */
export type PurchaseAnswer =
  { ok: true; locator: string; seller: string; replayed: boolean } | { ok: false; code: string };

/** The answer a client gets to a cancellation. */
export type CancelAnswer =
  { ok: true; locator: string; alreadyCancelled: boolean } | { ok: false; code: string };

export type BookingStatus = 'PENDING' | 'CONFIRMED' | 'FAILED' | 'CANCELLING' | 'CANCELLED';

/** A booking as the selling node stores it. */
export interface BookingRow {
  locator: string;
  accountId: string;
  idempotencyKey: string;
  requestDigest: string;
  status: BookingStatus;
  failure: string | null;
  passengers: string[];
  segments: Array<{ flightId: string; airline: string }>;
  stamp: PriorityStamp;
  clock: Record<string, number>;
  txIds: string[];
}

/** The first claim of one purchase key, kept by the node that owns the account's email. */
export interface PurchaseKeyRow {
  accountId: string;
  idempotencyKey: string;
  requestDigest: string;
  airline: string;
  locator: string;
}

/** The view of the node's link-state map that the booking layer reads. */
export interface FlightMap {
  /** The operating airline of a flight in the map, or null when the map lacks it. */
  airlineOf(flightId: string): string | null;
  isReachable(airline: string): boolean;
  /** Every airline in the map. */
  airlines(): string[];
}

/** Reports every priority stamp taken, so the run can check stamps and causality. */
export type StampObserver = (
  airline: string,
  stamp: PriorityStamp,
  clock: Record<string, number>,
) => void;

type Failure = { ok: false; code: string; reason?: AbortReason | null };

/** The outcome of a purchase request here: a response, or the node that first used the key. */
type PurchaseOutcome = PurchaseAnswer | { ok: 'elsewhere'; airline: string };

/** A key claim's result: an outcome to respond with at once, or the locator to sell under. */
type ClaimedKey =
  { kind: 'answered'; outcome: PurchaseOutcome } | { kind: 'sell'; locator: string };

/** A tracked sale or cancellation, with the callers waiting for it to end. */
interface RunningWork {
  waiters: Array<() => void>;
}
type AttemptsResult = { ok: true } | Failure;

const ATTEMPTS_MAX = 200;
const CONCURRENT_CLAIM_WAIT_MS = 5_000;
const CONCURRENT_CLAIM_POLL_MS = 50;
const CLAIM_TIMEOUT_MS = 10_000;
/** Slack above the purchase timeout for a request that waits for another node's outcome. */
const REPLAY_SLACK_MS = 5_000;
const LOCATOR_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** Refusals that come from this node's map of the network, which other nodes may not share. */
const VIEW_DEPENDENT_FAILURES = new Set([
  'AIRLINE_UNREACHABLE',
  'FLIGHT_NOT_FOUND',
  'FLIGHT_NOT_SELLABLE',
]);

/**
 * The booking layer of one simulated node, which follows the node's booking service step by step.
 * A purchase claims its key on the account's owner node and stores a PENDING booking. Its
 * attempts retry busy seats with the same priority stamp, and each durable decision settles the
 * booking. Requests with one key on one node run one at a time, and a refusal that comes from
 * the node's map is stored under the key as a FAILED booking. Cancellations run through the same
 * two-phase commit. Connection rules and fares are left out.
 */
export class BookingRole {
  /**
   * Purchases and cancellations running here, by locator. As in the node, a second sale under
   * the same locator replaces the entry, and the first one to finish removes it.
   */
  private readonly running = new Map<string, RunningWork>();
  /** Purchase requests running here, by account and idempotency key. */
  private readonly purchasesByKey = new Map<string, RunningWork>();

  constructor(
    private readonly node: NodeServices,
    private readonly coordinator: () => CoordinatorRole,
    private readonly map: FlightMap,
    private readonly observeStamp: StampObserver,
  ) {}

  /**
   * Recovery at start: the clock catches up with the stored records, then bookings left PENDING
   * or CANCELLING are settled from their last transaction, unless it is still undecided.
   */
  recover(then: () => void): void {
    const clocks = [
      ...this.node.disk.readAll<StoredCoordinatorRecord>('coordinator').map((row) => row.clock),
      ...this.node.disk.readAll<StoredParticipantRecord>('participant').map((row) => row.clock),
    ];
    const merged: Record<string, number> = {};
    for (const clock of clocks) {
      for (const [code, counter] of Object.entries(clock)) {
        merged[code] = Math.max(merged[code] ?? 0, counter);
      }
    }
    this.node.clock.observe(merged, () => {
      const unfinished = this.node.disk
        .readAll<BookingRow>('bookings')
        .filter((booking) => booking.status === 'PENDING' || booking.status === 'CANCELLING');
      for (const booking of unfinished) {
        const txId = booking.txIds.at(-1);
        const record = txId ? this.coordinator().find(txId) : null;
        if (record === null || record.phase !== 'PREPARING') {
          this.settle(booking, record, () => undefined);
        }
      }
      then();
    });
  }

  /** Locators of the purchases and cancellations still tracked as running. */
  runningLocators(): string[] {
    return [...this.running.keys()];
  }

  /**
   * Sells the itinerary, or repeats the first outcome of the same key. Requests with the same key
   * on this node run one after the other: the later one repeats the outcome of the earlier.
   */
  purchase(request: PurchaseRequest, respond: (answer: PurchaseAnswer) => void): void {
    if (this.node.planted('same-key-not-serialized')) {
      this.purchaseOnce(request, (outcome) => this.answer(request, outcome, respond));
      return;
    }
    const key = `${request.accountId}/${request.idempotencyKey}`;
    const earlier = this.purchasesByKey.get(key);
    if (earlier) {
      this.node.note('purchase-queued', request.idempotencyKey, 'behind a request with this key');
      earlier.waiters.push(() => this.purchase(request, respond));
      return;
    }
    const work: RunningWork = { waiters: [] };
    this.purchasesByKey.set(key, work);
    this.purchaseOnce(request, (outcome) => {
      if (this.purchasesByKey.get(key) === work) {
        this.purchasesByKey.delete(key);
      }
      // As in the node, the replay of a key used on another node runs after the request ends here.
      this.answer(request, outcome, respond);
      for (const waiter of work.waiters.splice(0)) {
        waiter();
      }
    });
  }

  /** Repeats the outcome of a key used on this node for another node; null when none was. */
  replayKey(
    accountId: string,
    idempotencyKey: string,
    respond: (answer: PurchaseAnswer | null) => void,
    deadline = this.node.now() + CONCURRENT_CLAIM_WAIT_MS,
  ): void {
    const existing = this.findByKey(accountId, idempotencyKey);
    if (existing) {
      this.replay(existing, existing.requestDigest, respond);
    } else if (this.node.now() >= deadline) {
      respond(null);
    } else {
      this.node.at(this.node.now() + CONCURRENT_CLAIM_POLL_MS, () =>
        this.replayKey(accountId, idempotencyKey, respond, deadline),
      );
    }
  }

  /** Stores a claim for an email this node owns, unless the key is claimed; returns the holder. */
  claimHere(row: PurchaseKeyRow, respond: (claim: PurchaseKeyRow) => void): void {
    const key = `${row.accountId}/${row.idempotencyKey}`;
    const first = this.node.disk.read<PurchaseKeyRow>('purchaseKeys', key);
    const writes = first === null ? [{ table: 'purchaseKeys' as const, key, value: row }] : [];
    this.node.disk.write(writes, 'durable', () => respond(first ?? row));
  }

  /** Cancels a booking sold by this node. */
  cancel(accountId: string, locator: string, respond: (answer: CancelAnswer) => void): void {
    const booking = this.node.disk.read<BookingRow>('bookings', locator);
    if (
      !booking ||
      booking.accountId !== accountId ||
      booking.status === 'PENDING' ||
      booking.status === 'FAILED'
    ) {
      respond({ ok: false, code: 'BOOKING_NOT_FOUND' });
      return;
    }
    const inFlight = this.running.get(locator);
    if (inFlight) {
      inFlight.waiters.push(() => this.cancel(accountId, locator, respond));
      return;
    }
    if (booking.status === 'CANCELLED') {
      respond({ ok: true, locator, alreadyCancelled: true });
      return;
    }
    if (booking.status !== 'CONFIRMED') {
      respond({ ok: false, code: 'BOOKING_NOT_CANCELLABLE' });
      return;
    }
    const work = this.track(locator);
    const finish = (answer: CancelAnswer): void => {
      respond(answer);
      this.finish(locator, work);
    };
    this.node.disk.write([this.bookingWrite({ ...booking, status: 'CANCELLING' })], 'durable', () =>
      this.runAttempts(booking, 'cancel', (result) => {
        if (result.ok) {
          finish({ ok: true, locator, alreadyCancelled: false });
          return;
        }
        const stored = this.current(booking);
        this.node.disk.write(
          [this.bookingWrite({ ...stored, status: 'CONFIRMED' })],
          'durable',
          () =>
            finish({
              ok: false,
              code:
                result.code === 'SOLD_OUT' || result.code === 'FLIGHT_NOT_SELLABLE'
                  ? 'BOOKING_NOT_CANCELLABLE'
                  : result.code,
            }),
        );
      }),
    );
  }

  /** Keeps the booking in step with each durable decision, before the caller is answered. */
  followDecision(
    record: CoordinatorTransaction,
    outcome: TransactionOutcome,
    done: () => void,
  ): void {
    const booking = this.node.disk.read<BookingRow>('bookings', record.payload.locator);
    if (!booking || !booking.txIds.includes(record.txId)) {
      done();
    } else if (outcome.decision === 'COMMIT' || !this.running.has(booking.locator)) {
      // An abort is final only when no attempt loop here is going to retry it.
      this.settle(booking, record, done);
    } else {
      done();
    }
  }

  private purchaseOnce(request: PurchaseRequest, done: (outcome: PurchaseOutcome) => void): void {
    const digest = digestOf(request);
    const existing = this.findByKey(request.accountId, request.idempotencyKey);
    if (existing) {
      this.replay(existing, digest, done);
      return;
    }
    const segments = this.resolveSegments(request.flightIds);
    if ('code' in segments) {
      if (VIEW_DEPENDENT_FAILURES.has(segments.code) && !this.node.planted('refusal-before-key')) {
        this.refuseOnce(request, digest, segments.code, done);
      } else {
        done({ ok: false, code: segments.code });
      }
      return;
    }
    // The key is claimed on the node that owns the email before anything is sold, so a retry on
    // another node finds the first purchase instead of making a second one.
    this.claimKey(request, digest, this.freeLocator(), (claimed) => {
      if (claimed.kind === 'answered') {
        done(claimed.outcome);
      } else {
        this.startSale(request, digest, claimed.locator, segments, done);
      }
    });
  }

  /**
   * Claims the key for a sale on this node under `locator`. Returns an outcome when the key
   * belongs to another purchase, another node, or a booking made here. Otherwise it returns the
   * locator to sell under: `locator`, or that of an earlier claim for this node whose booking was
   * never stored, which sold nothing.
   */
  private claimKey(
    request: PurchaseRequest,
    digest: string,
    locator: string,
    then: (claimed: ClaimedKey) => void,
  ): void {
    const answered = (outcome: PurchaseOutcome): void => then({ kind: 'answered', outcome });
    this.claim(request, digest, locator, (claim) => {
      if (claim === null) {
        answered({ ok: false, code: 'ACCOUNT_DIRECTORY_UNREACHABLE' });
        return;
      }
      if (claim.requestDigest !== digest) {
        answered({ ok: false, code: 'IDEMPOTENCY_KEY_REUSED' });
        return;
      }
      if (claim.airline !== this.node.code) {
        answered({ ok: 'elsewhere', airline: claim.airline });
        return;
      }
      if (claim.locator !== locator) {
        const stored = this.findByKey(request.accountId, request.idempotencyKey);
        if (stored || this.running.has(claim.locator)) {
          this.replayWhenStored(
            request,
            digest,
            this.node.now() + CONCURRENT_CLAIM_WAIT_MS,
            answered,
          );
          return;
        }
      }
      then({ kind: 'sell', locator: claim.locator });
    });
  }

  /**
   * Refuses a purchase that this node's map says it cannot sell, after claiming the key. Another
   * node that sees the leg's airline may have sold the key, so a key used before repeats its
   * first outcome. A new key is stored as FAILED with this refusal, so no later request with it
   * sells what the passenger was told was not sold.
   */
  private refuseOnce(
    request: PurchaseRequest,
    digest: string,
    code: string,
    done: (outcome: PurchaseOutcome) => void,
  ): void {
    this.claimKey(request, digest, this.freeLocator(), (claimed) => {
      if (claimed.kind === 'answered') {
        done(claimed.outcome);
        return;
      }
      this.node.clock.tick((started) => {
        const stamp: PriorityStamp = { time: started.sum(), airline: this.node.code };
        const clock = { ...started.entries() };
        this.observeStamp(this.node.code, stamp, clock);
        const sale = { locator: claimed.locator, segments: [] };
        this.insertBooking(request, digest, sale, stamp, clock, done, (booking) => {
          const failed: BookingRow = { ...booking, status: 'FAILED', failure: code };
          this.node.disk.write([this.bookingWrite(failed)], 'durable', () => {
            this.node.note('sale-refused', booking.locator, `${request.idempotencyKey} ${code}`);
            done({ ok: false, code });
          });
        });
      });
    });
  }

  private startSale(
    request: PurchaseRequest,
    digest: string,
    locator: string,
    segments: Array<{ flightId: string; airline: string }>,
    respond: (answer: PurchaseAnswer) => void,
  ): void {
    // Tracked before the PENDING booking becomes visible, so a repeated request waits for it.
    const work = this.track(locator);
    const finish = (answer: PurchaseAnswer): void => {
      respond(answer);
      this.finish(locator, work);
    };
    this.node.clock.tick((started) => {
      const stamp: PriorityStamp = { time: started.sum(), airline: this.node.code };
      const clock = { ...started.entries() };
      this.observeStamp(this.node.code, stamp, clock);
      // As in the node, when a concurrent request stored the key's booking first, this sale stays
      // tracked until the replay answers.
      this.insertBooking(
        request,
        digest,
        { locator, segments },
        stamp,
        clock,
        finish,
        (booking) => {
          this.node.note('sale-started', locator, `${request.idempotencyKey} stamp ${stamp.time}`);
          this.sell(booking, finish);
        },
      );
    });
  }

  /**
   * Stores the PENDING booking of a sale or refusal, then calls `then`. When a concurrent request
   * with the same key stored its booking first, it repeats that booking's outcome through
   * `replayed` instead.
   */
  private insertBooking(
    request: PurchaseRequest,
    digest: string,
    sale: { locator: string; segments: Array<{ flightId: string; airline: string }> },
    stamp: PriorityStamp,
    clock: Record<string, number>,
    replayed: (answer: PurchaseAnswer) => void,
    then: (booking: BookingRow) => void,
  ): void {
    const first = this.findByKey(request.accountId, request.idempotencyKey);
    if (first) {
      this.replay(first, digest, replayed);
      return;
    }
    const booking: BookingRow = {
      locator: sale.locator,
      accountId: request.accountId,
      idempotencyKey: request.idempotencyKey,
      requestDigest: digest,
      status: 'PENDING',
      failure: null,
      passengers: [...request.passengers],
      segments: sale.segments,
      stamp,
      clock,
      txIds: [],
    };
    // Relaxed: under presumed abort a lost PENDING booking only loses an undecided purchase.
    this.node.disk.write([this.bookingWrite(booking)], 'relaxed', () => then(booking));
  }

  private sell(booking: BookingRow, respond: (answer: PurchaseAnswer) => void): void {
    this.runAttempts(booking, 'purchase', (result) => {
      if (result.ok) {
        const confirmed = this.current(booking);
        const answer: PurchaseAnswer = {
          ok: true,
          locator: booking.locator,
          seller: this.node.code,
          replayed: false,
        };
        if (confirmed.status === 'CONFIRMED') {
          respond(answer);
        } else {
          // The decision listener did not store the booking: settle it from the decision now.
          const txId = confirmed.txIds.at(-1) ?? '';
          this.settle(confirmed, this.coordinator().find(txId), () => respond(answer));
        }
        return;
      }
      const failed: BookingRow = {
        ...this.current(booking),
        status: 'FAILED',
        failure: result.code,
      };
      this.node.disk.write([this.bookingWrite(failed)], 'durable', () =>
        respond({ ok: false, code: result.code }),
      );
    });
  }

  /**
   * Runs attempts until one commits, one fails for good, or the purchase timeout passes. Every
   * attempt is its own transaction with the booking's original priority stamp.
   */
  private runAttempts(
    booking: BookingRow,
    kind: 'purchase' | 'cancel',
    done: (result: AttemptsResult) => void,
  ): void {
    const limits = this.node.limits;
    const giveUpAt = this.node.now() + limits.purchaseTimeoutMs;
    const attempt = (number: number): void => {
      if (number > ATTEMPTS_MAX) {
        done({ ok: false, code: 'PURCHASE_TIMED_OUT' });
        return;
      }
      const current = this.current(booking);
      const prefix = `${this.node.code}.${booking.locator}.${kind === 'purchase' ? 'p' : 'c'}`;
      const txId = `${prefix}${current.txIds.filter((id) => id.startsWith(prefix)).length + 1}`;
      this.node.disk.write(
        [this.bookingWrite({ ...current, txIds: [...current.txIds, txId] })],
        'relaxed',
        () =>
          this.coordinator().begin(txId, payloadOf(current, kind), current.stamp, (outcome) => {
            if (outcome.decision === 'COMMIT') {
              done({ ok: true });
              return;
            }
            const failure = failureOf(outcome);
            if (failure !== 'RETRY') {
              done(failure);
              return;
            }
            const delay = backoff(
              number,
              limits.busyBackoffMs,
              limits.busyBackoffMaxMs,
              this.node.random.next(),
            );
            if (this.node.now() + delay >= giveUpAt) {
              done({ ok: false, code: 'PURCHASE_TIMED_OUT' });
              return;
            }
            this.node.at(this.node.now() + delay, () => attempt(number + 1));
          }),
      );
    };
    attempt(1);
  }

  /** Brings a booking to the state its last transaction decided; null means presumed abort. */
  private settle(
    booking: BookingRow,
    record: CoordinatorTransaction | null,
    done: () => void,
  ): void {
    const committed = record?.phase === 'COMMITTED';
    const kind = record?.payload.kind ?? (booking.status === 'CANCELLING' ? 'cancel' : 'purchase');
    let next: BookingRow;
    if (kind === 'purchase') {
      next = committed
        ? { ...booking, status: 'CONFIRMED' }
        : { ...booking, status: 'FAILED', failure: booking.failure ?? 'PURCHASE_TIMED_OUT' };
    } else {
      next = { ...booking, status: committed ? 'CANCELLED' : 'CONFIRMED' };
    }
    if (next.status === booking.status && !committed) {
      done();
      return;
    }
    this.node.note('booking-settled', booking.locator, next.status);
    this.node.disk.write([this.bookingWrite(next)], 'durable', done);
  }

  private replay(
    existing: BookingRow,
    digest: string,
    respond: (answer: PurchaseAnswer) => void,
  ): void {
    if (existing.requestDigest !== digest) {
      respond({ ok: false, code: 'IDEMPOTENCY_KEY_REUSED' });
      return;
    }
    const inFlight = this.running.get(existing.locator);
    if (inFlight) {
      inFlight.waiters.push(() => this.replay(existing, digest, respond));
      return;
    }
    const settled = this.current(existing);
    if (settled.status === 'FAILED') {
      respond({ ok: false, code: replayedFailure(settled.failure) });
    } else if (settled.status === 'PENDING') {
      respond({ ok: false, code: 'PURCHASE_TIMED_OUT' });
    } else {
      respond({ ok: true, locator: settled.locator, seller: this.node.code, replayed: true });
    }
  }

  private replayWhenStored(
    request: PurchaseRequest,
    digest: string,
    deadline: number,
    respond: (answer: PurchaseAnswer) => void,
  ): void {
    const first = this.findByKey(request.accountId, request.idempotencyKey);
    if (first) {
      this.replay(first, digest, respond);
    } else if (this.node.now() >= deadline) {
      respond({ ok: false, code: 'PURCHASE_TIMED_OUT' });
    } else {
      this.node.at(this.node.now() + CONCURRENT_CLAIM_POLL_MS, () =>
        this.replayWhenStored(request, digest, deadline, respond),
      );
    }
  }

  /** Asks the node that holds the first claim of the key for its outcome. */
  private replayElsewhere(
    airline: string,
    request: PurchaseRequest,
    respond: (answer: PurchaseAnswer) => void,
  ): void {
    const unknown: PurchaseAnswer = { ok: false, code: 'PURCHASE_OUTCOME_UNKNOWN' };
    if (!this.map.isReachable(airline)) {
      respond(unknown);
      return;
    }
    this.node.send(
      airline,
      'replay-key',
      request.idempotencyKey,
      { accountId: request.accountId, idempotencyKey: request.idempotencyKey },
      this.node.limits.purchaseTimeoutMs + REPLAY_SLACK_MS,
      (body) => {
        const answer = body as PurchaseAnswer | null;
        if (answer === null) {
          respond(unknown);
        } else if (answer.ok) {
          respond({ ...answer, replayed: true });
        } else {
          respond(answer);
        }
      },
      () => respond(unknown),
    );
  }

  /** Responds with the outcome, or with the one of the node that first used the key. */
  private answer(
    request: PurchaseRequest,
    outcome: PurchaseOutcome,
    respond: (answer: PurchaseAnswer) => void,
  ): void {
    if (outcome.ok === 'elsewhere') {
      this.replayElsewhere(outcome.airline, request, respond);
    } else {
      respond(outcome);
    }
  }

  private claim(
    request: PurchaseRequest,
    digest: string,
    locator: string,
    then: (claim: PurchaseKeyRow | null) => void,
  ): void {
    const row: PurchaseKeyRow = {
      accountId: request.accountId,
      idempotencyKey: request.idempotencyKey,
      requestDigest: digest,
      airline: this.node.code,
      locator,
    };
    const owner = accountOwner(request.email, [...this.map.airlines(), this.node.code]);
    if (owner === this.node.code) {
      this.claimHere(row, then);
      return;
    }
    this.node.send(
      owner,
      'claim-key',
      request.idempotencyKey,
      row,
      CLAIM_TIMEOUT_MS,
      (body) => then(body as PurchaseKeyRow),
      () => then(null),
    );
  }

  /** Finds each flight in the map; a leg of an unreachable airline cannot be sold. */
  private resolveSegments(
    flightIds: readonly string[],
  ): Array<{ flightId: string; airline: string }> | { code: string } {
    const segments: Array<{ flightId: string; airline: string }> = [];
    for (const flightId of flightIds) {
      const airline = this.map.airlineOf(flightId);
      if (airline === null) {
        return { code: 'FLIGHT_NOT_FOUND' };
      }
      if (airline !== this.node.code && !this.map.isReachable(airline)) {
        return { code: 'AIRLINE_UNREACHABLE' };
      }
      segments.push({ flightId, airline });
    }
    return segments;
  }

  private freeLocator(): string {
    for (;;) {
      let locator = '';
      for (let index = 0; index < 6; index += 1) {
        locator += LOCATOR_ALPHABET[this.node.random.integer(0, LOCATOR_ALPHABET.length - 1)];
      }
      if (this.node.disk.read<BookingRow>('bookings', locator) === null) {
        return locator;
      }
    }
  }

  private findByKey(accountId: string, idempotencyKey: string): BookingRow | null {
    return (
      this.node.disk
        .readAll<BookingRow>('bookings')
        .find(
          (booking) => booking.accountId === accountId && booking.idempotencyKey === idempotencyKey,
        ) ?? null
    );
  }

  private current(booking: BookingRow): BookingRow {
    return this.node.disk.read<BookingRow>('bookings', booking.locator) ?? booking;
  }

  private bookingWrite(booking: BookingRow): { table: 'bookings'; key: string; value: BookingRow } {
    return { table: 'bookings', key: booking.locator, value: booking };
  }

  private track(locator: string): RunningWork {
    const work: RunningWork = { waiters: [] };
    this.running.set(locator, work);
    return work;
  }

  /** Ends a tracked sale or cancellation: like the node's `finally`, it removes whatever entry the locator has. */
  private finish(locator: string, work: RunningWork): void {
    this.running.delete(locator);
    for (const waiter of work.waiters.splice(0)) {
      waiter();
    }
  }
}

/** Returns the content of a purchase, to recognise a key reused with other content. */
function digestOf(request: PurchaseRequest): string {
  return JSON.stringify([request.flightIds, request.passengers]);
}

function payloadOf(booking: BookingRow, kind: 'purchase' | 'cancel'): TransactionPayload {
  return {
    kind,
    locator: booking.locator,
    passengers: booking.passengers,
    legs: booking.segments.map((segment) => ({
      flightId: segment.flightId,
      airline: segment.airline,
      seats: booking.passengers.length,
    })),
  };
}

/** Maps an aborted attempt to the caller's failure, or `RETRY` when seats may still free up. */
function failureOf(outcome: TransactionOutcome): Failure | 'RETRY' {
  switch (outcome.reason) {
    case 'SOLD_OUT':
      return { ok: false, code: 'SOLD_OUT', reason: outcome.reason };
    case 'INVALID':
      return { ok: false, code: 'FLIGHT_NOT_SELLABLE', reason: outcome.reason };
    case 'UNREACHABLE':
      return { ok: false, code: 'AIRLINE_UNREACHABLE', reason: outcome.reason };
    case 'RECOVERY':
      return { ok: false, code: 'PURCHASE_TIMED_OUT', reason: outcome.reason };
    case 'TIMEOUT':
    case 'BUSY':
    case 'ABORTED':
    case null:
      return 'RETRY';
  }
}

function replayedFailure(code: string | null): string {
  switch (code) {
    case 'SOLD_OUT':
    case 'FLIGHT_NOT_FOUND':
    case 'FLIGHT_NOT_SELLABLE':
    case 'AIRLINE_UNREACHABLE':
      return code;
    default:
      return 'PURCHASE_TIMED_OUT';
  }
}

/** Draws a delay in the upper half of an exponentially growing window, capped, as the node does. */
function backoff(attempt: number, baseMs: number, maxMs: number, draw: number): number {
  const window = Math.min(maxMs, baseMs * 2 ** Math.min(attempt - 1, 20));
  return Math.round(window / 2 + draw * (window / 2));
}
