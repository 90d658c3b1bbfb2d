import { createHash } from 'node:crypto';

import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';

import { LinkStateService } from '@interline/link-state';
import {
  BOOKING_REPOSITORY,
  COORDINATOR_REPOSITORY,
  PARTICIPANT_REPOSITORY,
  type AccountRow,
  type CoordinatorRepository,
  type ParticipantRepository,
  type BookingRepository,
  type BookingRow,
  type BookingSegmentRow,
  DuplicateIdempotencyKeyError,
  DuplicateLocatorError,
} from '@interline/persistence';
import {
  CoordinatorService,
  type CoordinatorTransaction,
  TWO_PHASE_COMMIT_OPTIONS,
  type TransactionOutcome,
  type TransactionPayload,
  type TwoPhaseCommitOptions,
} from '@interline/two-phase-commit';
import { VectorClockService, priorityStamp } from '@interline/vector-clock';

import type { AirlineConfig } from '../config/airline-config';
import { AIRLINE_CONFIG } from '../config/config.module';
import { PurchaseKeys } from './purchase-keys';
import { drawRecordLocator } from './record-locator';

/** Why a purchase or cancellation did not happen: a closed set the gateway maps to messages. */
export type BookingFailure =
  | { code: 'FLIGHT_NOT_FOUND'; flightIds: string[] }
  | { code: 'FLIGHT_NOT_SELLABLE'; flightIds: string[]; reason: 'departed' | 'not-on-sale' }
  | { code: 'ITINERARY_INVALID'; problem: ItineraryProblem }
  | { code: 'SOLD_OUT'; flightIds: string[] }
  | { code: 'AIRLINE_UNREACHABLE'; airlines: string[] }
  | { code: 'PURCHASE_TIMED_OUT'; airlines: string[] }
  /** The key was used on another node that did not answer: retry with the same key. */
  | { code: 'PURCHASE_OUTCOME_UNKNOWN'; airlines: string[] }
  /** A forwarded cancellation reached the selling node, and its response was lost. */
  | { code: 'CANCELLATION_OUTCOME_UNKNOWN'; airlines: string[] }
  | { code: 'IDEMPOTENCY_KEY_REUSED' }
  | { code: 'BOOKING_NOT_FOUND' }
  | { code: 'BOOKING_NOT_CANCELLABLE'; reason: 'departed' | 'not-confirmed' }
  | { code: 'ACCOUNT_DIRECTORY_UNREACHABLE'; airline: string };

/** What is wrong with the legs of an itinerary, for a message in the passenger's language. */
export type ItineraryProblem =
  | { kind: 'repeated-flight' }
  | { kind: 'disconnected'; leg: number; origin: string; previousDestination: string }
  | { kind: 'out-of-order'; leg: number }
  | { kind: 'connection-time'; airport: string; minutes: number; minimum: number; maximum: number };

export type PurchaseOutcome =
  | { ok: true; booking: BookingRow; replayed: boolean }
  /** The key was first used on another airline's node, which keeps its outcome. */
  | { ok: 'elsewhere'; airline: string }
  | ({ ok: false } & BookingFailure);

/** An outcome this node holds itself: every purchase outcome but the pointer elsewhere. */
export type LocalPurchaseOutcome = Exclude<PurchaseOutcome, { ok: 'elsewhere' }>;

export type CancelOutcome =
  { ok: true; booking: BookingRow; alreadyCancelled: boolean } | ({ ok: false } & BookingFailure);

export interface PurchaseInput {
  idempotencyKey: string;
  flightIds: string[];
  passengers: string[];
}

/** Attempts of one purchase or cancellation, far more than the purchase timeout allows. */
const ATTEMPTS_MAX = 200;
/** How long a request waits for the booking of a key claimed first by a concurrent request. */
const CONCURRENT_CLAIM_WAIT_MS = 5_000;
const CONCURRENT_CLAIM_POLL_MS = 50;
/** Locator draws before giving up; a collision among a billion codes is already rare. */
const LOCATOR_DRAWS_MAX = 5;

/**
 * Sells and cancels bookings. The node that sells a booking coordinates the two-phase commit
 * over every airline owning a leg and keeps the booking. A purchase rejected as `BUSY` (seats
 * held by older purchases) is retried with the same priority stamp after a jittered back-off.
 * The purchase therefore ages and eventually wins. `SOLD_OUT` ends it at once.
 */
@Injectable()
export class BookingService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Bookings');
  /** Purchases and cancellations running in this process, by locator. */
  private readonly running = new Map<string, Promise<unknown>>();
  /** Purchase requests running in this process, by account and idempotency key. */
  private readonly purchasesByKey = new Map<string, Promise<PurchaseOutcome>>();

  constructor(
    @Inject(AIRLINE_CONFIG) private readonly config: AirlineConfig,
    @Inject(BOOKING_REPOSITORY) private readonly bookings: BookingRepository,
    @Inject(COORDINATOR_REPOSITORY) private readonly coordinatorRecords: CoordinatorRepository,
    @Inject(PARTICIPANT_REPOSITORY) private readonly participantRecords: ParticipantRepository,
    @Inject(TWO_PHASE_COMMIT_OPTIONS) private readonly protocol: TwoPhaseCommitOptions,
    private readonly coordinator: CoordinatorService,
    private readonly linkState: LinkStateService,
    private readonly clock: VectorClockService,
    private readonly keys: PurchaseKeys,
  ) {
    coordinator.onDecision((record, outcome) => this.followDecision(record, outcome));
  }

  /**
   * Recovery: finishes bookings left PENDING or CANCELLING by a crash, from the decision of their
   * last transaction. An undecided transaction is aborted by the coordinator's own recovery,
   * whose decision reaches `followDecision`.
   */
  async onApplicationBootstrap(): Promise<void> {
    // Records carry the clock they were written under; the node's clock must not be behind them.
    await this.clock.observe(await this.coordinatorRecords.maxClock());
    await this.clock.observe(await this.participantRecords.maxClock());

    const unfinished = await this.bookings.findByStatus(['PENDING', 'CANCELLING']);
    for (const booking of unfinished) {
      const txId = booking.txIds.at(-1);
      const record = txId ? await this.coordinator.find(txId) : null;
      if (record === null || record.phase !== 'PREPARING') {
        await this.settle(booking, record);
      }
    }
    if (unfinished.length > 0) {
      this.logger.log({ msg: 'Unfinished bookings recovered', count: unfinished.length });
    }
  }

  /**
   * Sells the itinerary to `passenger`, or repeats the first outcome of the same key. Requests
   * with the same key on this node run one after the other: the later one repeats the outcome
   * of the earlier instead of racing it for the key's locator.
   */
  async purchase(passenger: AccountRow, input: PurchaseInput): Promise<PurchaseOutcome> {
    const key = `${passenger.id}\u0000${input.idempotencyKey}`;
    const earlier = this.purchasesByKey.get(key);
    if (earlier) {
      await earlier.catch(() => undefined);
      return this.purchase(passenger, input);
    }
    const work = this.purchaseOnce(passenger, input);
    this.purchasesByKey.set(key, work);
    return work.finally(() => {
      if (this.purchasesByKey.get(key) === work) {
        this.purchasesByKey.delete(key);
      }
    });
  }

  private async purchaseOnce(
    passenger: AccountRow,
    input: PurchaseInput,
  ): Promise<PurchaseOutcome> {
    const digest = purchaseDigest(input);
    const existing = await this.bookings.findByIdempotencyKey(passenger.id, input.idempotencyKey);
    if (existing) {
      return this.replay(existing, digest);
    }

    const segments = this.resolveSegments(input.flightIds, Date.now());
    if (!Array.isArray(segments)) {
      return VIEW_DEPENDENT_FAILURES.has(segments.code)
        ? this.refuseOnce(passenger, input, digest, segments)
        : { ok: false, ...segments };
    }

    // The key is claimed on the node that owns the passenger's email before anything is sold,
    // so a retry on another node finds the first purchase instead of making a second one.
    const locator = await this.freeLocator();
    const claimed = await this.claimKey(passenger, input, digest, locator);
    if (claimed.kind === 'answered') {
      return claimed.outcome;
    }
    // Tracked before the PENDING booking becomes visible, so a repeated request waits for it.
    return this.track(
      claimed.locator,
      this.startSale(passenger, input, digest, claimed.locator, segments),
    );
  }

  /**
   * Claims the key for a sale on this node under `locator`. Returns the outcome at once when the
   * key belongs to another purchase, another node, or a booking stored here. Otherwise returns
   * the locator to sell under: `locator`, or that of an earlier claim for this node whose booking
   * was never stored (a crash, or a claim whose response timed out), which sold nothing.
   */
  private async claimKey(
    passenger: AccountRow,
    input: PurchaseInput,
    digest: string,
    locator: string,
  ): Promise<{ kind: 'answered'; outcome: PurchaseOutcome } | { kind: 'sell'; locator: string }> {
    const claimed = await this.keys.claim(passenger, input.idempotencyKey, digest, locator);
    if (!claimed.ok) {
      return { kind: 'answered', outcome: claimed };
    }
    const { claim } = claimed;
    if (claim.requestDigest !== digest) {
      return { kind: 'answered', outcome: { ok: false, code: 'IDEMPOTENCY_KEY_REUSED' } };
    }
    if (claim.airline !== this.config.airline.code) {
      return { kind: 'answered', outcome: { ok: 'elsewhere', airline: claim.airline } };
    }
    if (claim.locator !== locator) {
      const stored = await this.bookings.findByIdempotencyKey(passenger.id, input.idempotencyKey);
      if (stored || this.running.has(claim.locator)) {
        return {
          kind: 'answered',
          outcome: await this.replayWhenStored(passenger.id, input.idempotencyKey, digest),
        };
      }
    }
    return { kind: 'sell', locator: claim.locator };
  }

  /**
   * Rejects a purchase that this node's map cannot sell, after claiming its key, because another
   * node that can reach the leg's airline may have sold that key. A key used before returns its
   * first outcome. A new key is stored as FAILED with this rejection, so no later request with
   * the key can sell what the passenger was told was not sold.
   */
  private async refuseOnce(
    passenger: AccountRow,
    input: PurchaseInput,
    digest: string,
    refusal: BookingFailure,
  ): Promise<PurchaseOutcome> {
    const claimed = await this.claimKey(passenger, input, digest, await this.freeLocator());
    if (claimed.kind === 'answered') {
      return claimed.outcome;
    }
    const booking = await this.insertBooking(passenger, input, digest, {
      locator: claimed.locator,
      segments: [],
    });
    if (!('locator' in booking)) {
      return booking;
    }
    await this.bookings.update(
      { ...booking, status: 'FAILED', failure: storedFailure(refusal), updatedAt: Date.now() },
      'durable',
    );
    return { ok: false, ...refusal };
  }

  private async startSale(
    passenger: AccountRow,
    input: PurchaseInput,
    digest: string,
    locator: string,
    segments: BookingSegmentRow[],
  ): Promise<PurchaseOutcome> {
    const booking = await this.insertBooking(passenger, input, digest, { locator, segments });
    if (!('locator' in booking)) {
      return booking;
    }
    return this.sell(booking);
  }

  /**
   * Repeats the outcome of the purchase made with this key on this node, or returns null when
   * none was made here. Another node asks it when a passenger retries there.
   */
  async replayKey(accountId: string, idempotencyKey: string): Promise<LocalPurchaseOutcome | null> {
    // The key may have been claimed a moment ago and its booking not stored yet.
    const deadline = Date.now() + CONCURRENT_CLAIM_WAIT_MS;
    for (;;) {
      const existing = await this.bookings.findByIdempotencyKey(accountId, idempotencyKey);
      if (existing) {
        return this.replay(existing, existing.requestDigest);
      }
      if (Date.now() >= deadline) {
        return null;
      }
      await sleep(CONCURRENT_CLAIM_POLL_MS);
    }
  }

  /** Cancels a booking sold by this node, through the same two-phase commit. */
  async cancel(accountId: string, locator: string): Promise<CancelOutcome> {
    const booking = await this.bookings.findByLocator(locator);
    if (!booking || booking.accountId !== accountId || !isBooking(booking)) {
      return { ok: false, code: 'BOOKING_NOT_FOUND' };
    }
    const inFlight = this.running.get(locator);
    if (inFlight) {
      await inFlight.catch(() => undefined);
      return this.cancel(accountId, locator);
    }
    if (booking.status === 'CANCELLED') {
      return { ok: true, booking, alreadyCancelled: true };
    }
    if (booking.status !== 'CONFIRMED') {
      return { ok: false, code: 'BOOKING_NOT_CANCELLABLE', reason: 'not-confirmed' };
    }
    if (booking.segments.some((segment) => segment.departureAt <= Date.now())) {
      return { ok: false, code: 'BOOKING_NOT_CANCELLABLE', reason: 'departed' };
    }
    return this.track(locator, this.runCancellation(booking));
  }

  private async sell(booking: BookingRow): Promise<PurchaseOutcome> {
    const result = await this.runAttempts(booking, 'purchase');
    if (result.ok) {
      let confirmed = await this.current(booking);
      if (confirmed.status !== 'CONFIRMED') {
        // The decision listener failed to store the booking: settle it from the decision now.
        await this.settle(confirmed, await this.coordinator.find(confirmed.txIds.at(-1) ?? ''));
        confirmed = await this.current(booking);
      }
      return { ok: true, booking: confirmed, replayed: false };
    }
    const failed: BookingRow = {
      ...(await this.current(booking)),
      status: 'FAILED',
      failure: storedFailure(result),
      updatedAt: Date.now(),
    };
    await this.bookings.update(failed, 'durable');
    return result;
  }

  private async runCancellation(booking: BookingRow): Promise<CancelOutcome> {
    await this.bookings.update(
      { ...booking, status: 'CANCELLING', updatedAt: Date.now() },
      'durable',
    );
    let result: Awaited<ReturnType<BookingService['runAttempts']>>;
    try {
      result = await this.runAttempts(booking, 'cancel');
    } catch (error) {
      // Nothing was decided for good: the booking stays sold and can be cancelled again.
      const current = await this.current(booking);
      await this.bookings.update(
        { ...current, status: 'CONFIRMED', updatedAt: Date.now() },
        'durable',
      );
      throw error;
    }
    const stored = await this.current(booking);
    if (result.ok) {
      return { ok: true, booking: stored, alreadyCancelled: false };
    }
    await this.bookings.update(
      { ...stored, status: 'CONFIRMED', updatedAt: Date.now() },
      'durable',
    );
    return result.code === 'SOLD_OUT' || result.code === 'FLIGHT_NOT_SELLABLE'
      ? { ok: false, code: 'BOOKING_NOT_CANCELLABLE', reason: 'not-confirmed' }
      : result;
  }

  /**
   * Runs attempts until one commits, one fails for good, or the purchase timeout passes. Every
   * attempt is its own transaction with the booking's original priority stamp.
   */
  private async runAttempts(
    booking: BookingRow,
    kind: 'purchase' | 'cancel',
  ): Promise<{ ok: true } | ({ ok: false } & BookingFailure)> {
    const limits = this.protocol.limits;
    const giveUpAt = Date.now() + limits.purchaseTimeoutMs;
    let delayedBy: string[] = [];
    for (let attempt = 1; attempt <= ATTEMPTS_MAX; attempt += 1) {
      const current = await this.current(booking);
      // Numbered over every attempt of this kind the booking ever made, so a later cancellation
      // never reuses the id of an earlier one.
      const prefix = `${this.config.airline.code}.${booking.locator}.${kind === 'purchase' ? 'p' : 'c'}`;
      const txId = `${prefix}${current.txIds.filter((id) => id.startsWith(prefix)).length + 1}`;
      await this.bookings.update(
        { ...current, txIds: [...current.txIds, txId], updatedAt: Date.now() },
        'relaxed',
      );

      const outcome = await this.coordinator.begin(txId, payloadOf(current, kind), current.stamp);
      if (outcome.decision === 'COMMIT') {
        return { ok: true };
      }
      const failure = failureOf(outcome);
      if (failure !== 'RETRY') {
        return { ok: false, ...failure };
      }
      delayedBy = delayingAirlines(booking, outcome);
      const delay = backoff(attempt, limits.busyBackoffMs, limits.busyBackoffMaxMs);
      if (Date.now() + delay >= giveUpAt) {
        break;
      }
      await sleep(delay);
    }
    this.logger.warn({
      msg: 'Gave up: seats stayed busy or airlines did not vote in time',
      locator: booking.locator,
      kind,
      airlines: delayedBy.join(','),
    });
    return { ok: false, code: 'PURCHASE_TIMED_OUT', airlines: delayedBy };
  }

  /** Keeps the booking in step with each durable decision, before the passenger gets a reply. */
  private async followDecision(
    record: CoordinatorTransaction,
    outcome: TransactionOutcome,
  ): Promise<void> {
    const booking = await this.bookings.findByLocator(record.payload.locator);
    if (!booking || !booking.txIds.includes(record.txId)) {
      return;
    }
    if (outcome.decision === 'COMMIT') {
      await this.settle(booking, record);
      return;
    }
    // An abort is final only when no attempt loop in this process is going to retry it.
    if (!this.running.has(booking.locator)) {
      await this.settle(booking, record);
    }
  }

  /** Brings a booking to the state its last transaction decided; `null` means presumed abort. */
  private async settle(booking: BookingRow, record: CoordinatorTransaction | null): Promise<void> {
    const committed = record?.phase === 'COMMITTED';
    const kind = record?.payload.kind ?? (booking.status === 'CANCELLING' ? 'cancel' : 'purchase');
    let next: BookingRow;
    if (kind === 'purchase') {
      next = committed
        ? {
            ...booking,
            status: 'CONFIRMED',
            segments: withTickets(booking.segments, record as CoordinatorTransaction),
          }
        : {
            ...booking,
            status: 'FAILED',
            failure: booking.failure ?? {
              code: 'PURCHASE_TIMED_OUT',
              airlines: record?.blamed ?? [],
              flightIds: [],
            },
          };
    } else {
      next = { ...booking, status: committed ? 'CANCELLED' : 'CONFIRMED' };
    }
    if (next.status !== booking.status || committed) {
      await this.bookings.update({ ...next, updatedAt: Date.now() }, 'durable');
      this.logger.log({
        msg: 'Booking settled',
        locator: booking.locator,
        txId: record?.txId,
        status: next.status,
      });
    }
  }

  private async replay(existing: BookingRow, digest: string): Promise<LocalPurchaseOutcome> {
    if (existing.requestDigest !== digest) {
      return { ok: false, code: 'IDEMPOTENCY_KEY_REUSED' };
    }
    const inFlight = this.running.get(existing.locator);
    if (inFlight) {
      await inFlight.catch(() => undefined);
    }
    const settled = (await this.bookings.findByLocator(existing.locator)) as BookingRow;
    if (settled.status === 'FAILED' && settled.failure) {
      return { ok: false, ...replayedFailure(settled.failure) };
    }
    if (settled.status === 'PENDING') {
      return { ok: false, code: 'PURCHASE_TIMED_OUT', airlines: [] };
    }
    return { ok: true, booking: settled, replayed: true };
  }

  /** Finds each flight in the map and checks that the legs form one itinerary that can be sold. */
  private resolveSegments(
    flightIds: readonly string[],
    now: number,
  ): BookingSegmentRow[] | BookingFailure {
    if (new Set(flightIds).size !== flightIds.length) {
      return { code: 'ITINERARY_INVALID', problem: { kind: 'repeated-flight' } };
    }
    const segments: BookingSegmentRow[] = [];
    const unreachable: string[] = [];
    for (const id of flightIds) {
      const flight = this.linkState.flight(id);
      if (!flight) {
        // The map leaves out flights that have departed; their ids still carry the date.
        return serviceDateOf(id) <= brasiliaDate(now)
          ? { code: 'FLIGHT_NOT_SELLABLE', flightIds: [id], reason: 'departed' }
          : { code: 'FLIGHT_NOT_FOUND', flightIds: [id] };
      }
      if (flight.departureAt <= now) {
        return { code: 'FLIGHT_NOT_SELLABLE', flightIds: [id], reason: 'departed' };
      }
      if (!flight.sellable) {
        unreachable.push(flight.airline);
      }
      segments.push({
        flightId: flight.id,
        airline: flight.airline,
        flightNumber: flight.flightNumber,
        serviceDate: flight.serviceDate,
        origin: flight.origin,
        destination: flight.destination,
        departureAt: flight.departureAt,
        arrivalAt: flight.arrivalAt,
        fareCents: flight.fareCents,
        tickets: [],
      });
    }
    if (unreachable.length > 0) {
      return { code: 'AIRLINE_UNREACHABLE', airlines: [...new Set(unreachable)] };
    }
    const problem = connectionProblem(segments, this.config.search);
    return problem === null ? segments : { code: 'ITINERARY_INVALID', problem };
  }

  /** Draws a record locator no booking of this node has. */
  private async freeLocator(): Promise<string> {
    for (let draw = 1; draw <= LOCATOR_DRAWS_MAX; draw += 1) {
      const locator = drawRecordLocator();
      if ((await this.bookings.findByLocator(locator)) === null) {
        return locator;
      }
    }
    throw new Error(`no free record locator after ${LOCATOR_DRAWS_MAX} draws`);
  }

  /**
   * Waits for the booking of a key that a concurrent request on this node claimed first and is
   * about to store, then repeats its outcome.
   */
  private async replayWhenStored(
    accountId: string,
    idempotencyKey: string,
    digest: string,
  ): Promise<PurchaseOutcome> {
    const deadline = Date.now() + CONCURRENT_CLAIM_WAIT_MS;
    while (Date.now() < deadline) {
      const first = await this.bookings.findByIdempotencyKey(accountId, idempotencyKey);
      if (first) {
        return this.replay(first, digest);
      }
      await sleep(CONCURRENT_CLAIM_POLL_MS);
    }
    return { ok: false, code: 'PURCHASE_TIMED_OUT', airlines: [] };
  }

  private async insertBooking(
    passenger: AccountRow,
    input: PurchaseInput,
    digest: string,
    sale: { locator: string; segments: BookingSegmentRow[] },
  ): Promise<BookingRow | PurchaseOutcome> {
    const { locator, segments } = sale;
    // The clock tick gives the booking the priority stamp every attempt of its sale reuses.
    const started = await this.clock.tick();
    const stamp = priorityStamp(started, this.config.airline.code);
    const clock = started.entries();
    const now = Date.now();
    {
      const booking: BookingRow = {
        locator,
        accountId: passenger.id,
        accountEmail: passenger.email,
        idempotencyKey: input.idempotencyKey,
        requestDigest: digest,
        status: 'PENDING',
        failure: null,
        passengers: [...input.passengers],
        segments,
        totalFareCents:
          segments.reduce((sum, segment) => sum + segment.fareCents, 0) * input.passengers.length,
        stamp,
        clock: { ...clock },
        txIds: [],
        createdAt: now,
        updatedAt: now,
      };
      try {
        // Relaxed: under presumed abort a lost PENDING booking only loses an undecided purchase.
        await this.bookings.insert(booking, 'relaxed');
        return booking;
      } catch (error) {
        // A concurrent request with the same key stored it first.
        if (
          error instanceof DuplicateIdempotencyKeyError ||
          error instanceof DuplicateLocatorError
        ) {
          const first = await this.bookings.findByIdempotencyKey(
            passenger.id,
            input.idempotencyKey,
          );
          if (first) {
            return this.replay(first, digest);
          }
        }
        throw error;
      }
    }
  }

  private async current(booking: BookingRow): Promise<BookingRow> {
    return (await this.bookings.findByLocator(booking.locator)) ?? booking;
  }

  private track<T>(locator: string, work: Promise<T>): Promise<T> {
    this.running.set(locator, work);
    return work.finally(() => this.running.delete(locator));
  }
}

/** Returns the SHA-256 of a purchase's content, so a reused idempotency key is detected. */
export function purchaseDigest(input: PurchaseInput): string {
  return createHash('sha256')
    .update(JSON.stringify([input.flightIds, input.passengers]))
    .digest('hex');
}

/** Refusals that come from this node's map of the network, which other nodes may not share. */
const VIEW_DEPENDENT_FAILURES: ReadonlySet<BookingFailure['code']> = new Set([
  'AIRLINE_UNREACHABLE',
  'FLIGHT_NOT_FOUND',
  'FLIGHT_NOT_SELLABLE',
]);

function isBooking(row: BookingRow): boolean {
  return row.status !== 'PENDING' && row.status !== 'FAILED';
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

/** Maps an aborted attempt to the passenger's outcome, or `RETRY` when seats may still free up. */
function failureOf(outcome: TransactionOutcome): BookingFailure | 'RETRY' {
  const refusal = outcome.blamed
    .map((airline) => outcome.votes[airline])
    .find((vote) => vote?.vote === 'NO');
  const flightIds = refusal?.vote === 'NO' ? refusal.flightIds : [];
  switch (outcome.reason) {
    case 'SOLD_OUT':
      return { code: 'SOLD_OUT', flightIds };
    case 'INVALID':
      return { code: 'FLIGHT_NOT_SELLABLE', flightIds, reason: 'not-on-sale' };
    case 'UNREACHABLE':
      return { code: 'AIRLINE_UNREACHABLE', airlines: outcome.blamed };
    case 'RECOVERY':
      return { code: 'PURCHASE_TIMED_OUT', airlines: outcome.blamed };
    // A vote that came too late is retried like busy seats: the airline answers, only slowly.
    case 'TIMEOUT':
    case 'BUSY':
    case 'ABORTED':
    case null:
      return 'RETRY';
  }
}

/** Returns the airlines that held the attempt up: busy seats, or no vote in time. */
function delayingAirlines(booking: BookingRow, outcome: TransactionOutcome): string[] {
  const busyFlights = new Set(
    Object.values(outcome.votes).flatMap((vote) => (vote.vote === 'NO' ? vote.flightIds : [])),
  );
  const busyAirlines = booking.segments
    .filter((segment) => busyFlights.has(segment.flightId))
    .map((segment) => segment.airline);
  const silent = outcome.reason === 'TIMEOUT' ? outcome.blamed : [];
  return [...new Set([...busyAirlines, ...silent])].sort();
}

function storedFailure(failure: BookingFailure): NonNullable<BookingRow['failure']> {
  return {
    code: failure.code,
    airlines: 'airlines' in failure ? failure.airlines : [],
    flightIds: 'flightIds' in failure ? failure.flightIds : [],
  };
}

function replayedFailure(stored: NonNullable<BookingRow['failure']>): BookingFailure {
  switch (stored.code) {
    case 'SOLD_OUT':
    case 'FLIGHT_NOT_FOUND':
      return { code: stored.code, flightIds: stored.flightIds };
    case 'FLIGHT_NOT_SELLABLE':
      return { code: stored.code, flightIds: stored.flightIds, reason: 'not-on-sale' };
    case 'AIRLINE_UNREACHABLE':
      return { code: stored.code, airlines: stored.airlines };
    default:
      return { code: 'PURCHASE_TIMED_OUT', airlines: stored.airlines };
  }
}

/** Puts the ticket numbers from the participants' yes votes on each segment. */
function withTickets(
  segments: readonly BookingSegmentRow[],
  record: CoordinatorTransaction,
): BookingSegmentRow[] {
  const tickets = Object.values(record.votes).flatMap((vote) =>
    vote.vote === 'YES' ? vote.tickets : [],
  );
  return segments.map((segment) => ({
    ...segment,
    tickets: tickets
      .filter((ticket) => ticket.flightId === segment.flightId)
      .map((ticket) => ({ passenger: ticket.passenger, ticketNumber: ticket.ticketNumber })),
  }));
}

/** Checks that each leg leaves from where the previous one landed, within the connection rules. */
function connectionProblem(
  segments: readonly BookingSegmentRow[],
  rules: AirlineConfig['search'],
): ItineraryProblem | null {
  for (let index = 1; index < segments.length; index += 1) {
    const previous = segments[index - 1];
    const next = segments[index];
    if (previous.destination !== next.origin) {
      return {
        kind: 'disconnected',
        leg: index + 1,
        origin: next.origin,
        previousDestination: previous.destination,
      };
    }
    const layoverMs = next.departureAt - previous.arrivalAt;
    if (layoverMs < 0) {
      return { kind: 'out-of-order', leg: index + 1 };
    }
    const minimumMs = rules.minConnectionMsByAirport[next.origin] ?? rules.minConnectionMs;
    if (layoverMs < minimumMs || layoverMs > rules.maxLayoverMs) {
      return {
        kind: 'connection-time',
        airport: next.origin,
        minutes: Math.round(layoverMs / 60_000),
        minimum: minimumMs / 60_000,
        maximum: rules.maxLayoverMs / 60_000,
      };
    }
  }
  return null;
}

/** Returns the service date in a flight id such as `JG9001-20261205`, as YYYY-MM-DD. */
function serviceDateOf(flightId: string): string {
  const digits = flightId.slice(-8);
  return `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`;
}

/** Returns the calendar date in Brasília time, which the timetable's service dates follow. */
function brasiliaDate(now: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(now);
}

/** Draws a delay in the upper half of an exponentially growing window, capped. */
function backoff(attempt: number, baseMs: number, maxMs: number): number {
  const window = Math.min(maxMs, baseMs * 2 ** Math.min(attempt - 1, 20));
  return Math.round(window / 2 + Math.random() * (window / 2));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
