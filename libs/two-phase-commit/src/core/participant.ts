import { type FlightSeats, judgeSeats } from './age-rule';
import { ProtocolViolationError } from './coordinator';
import type {
  Decision,
  DecisionAnswer,
  MsgDecision,
  MsgPrepare,
  ParticipantTransaction,
  PeerStateAnswer,
  RefusalReason,
  TransactionLeg,
  Vote,
} from './types';

/** Timing of a participant; validated by `validateTwoPhaseCommitLimits`. */
export interface ParticipantLimits {
  /** Longest wait of an older transaction for younger holds before it is rejected as busy. */
  waitMaxMs: number;
  /** Margin kept before the coordinator's deadline, so the vote still arrives in time. */
  waitMarginMs: number;
  /** Grace after the prepare deadline before a prepared participant queries the decision. */
  decisionQueryGraceMs: number;
  /** First delay between decision queries; doubles up to the maximum. */
  decisionQueryMs: number;
  decisionQueryMaxMs: number;
}

/** One of this airline's flights as a prepare reads it; null when the flight does not exist. */
export interface ParticipantFlight extends FlightSeats {
  airline: string;
  departureAt: number;
}

/** One coupon of the booking a cancellation names, on this airline's flights. */
export interface ParticipantCoupon {
  ticketNumber: string;
  flightId: string;
  passenger: string;
  status: 'OPEN' | 'VOID';
  /** True while another prepared cancellation is about to void it. */
  pendingVoid: boolean;
}

export interface PrepareContext {
  /** This airline's flights named by the legs, by id; missing or null when unknown. */
  flights: Readonly<Record<string, ParticipantFlight | null>>;
  /** For a cancellation: the booking's coupons on this airline's flights. */
  coupons: readonly ParticipantCoupon[];
  /** When the prepare first had to wait, or null on its first evaluation. */
  waitingSince: number | null;
}

export type ParticipantInput =
  | { type: 'prepare'; message: MsgPrepare; context: PrepareContext; now: number }
  | { type: 'decision'; message: MsgDecision; now: number }
  /** A timer fired: a decision query may be due. */
  | { type: 'tick'; now: number }
  | { type: 'decisionAnswer'; answer: DecisionAnswer; now: number }
  /** The coordinator could not be asked; ask the other participants instead. */
  | { type: 'coordinatorUnreachable'; now: number }
  /** The other participants' responses to a cooperative termination query. */
  | { type: 'peerAnswers'; answers: readonly PeerStateAnswer[]; now: number }
  /** Another participant queries the state this one has recorded. */
  | { type: 'peerQuery'; txId: string; coordinator: string; now: number };

/** Seats and coupons a persisted step changes on this airline's flights. */
export interface ParticipantStorageChange {
  inventory: Array<{ flightId: string; soldDelta: number; heldDelta: number }>;
  /** Ticket numbers to allocate for a yes vote on a purchase, in order. */
  issueTickets?: Array<{ flightId: string; passenger: string }>;
  /** Coupons to create from the yes vote's tickets when a purchase commits. */
  openCoupons?: boolean;
  /** Coupons to void (the yes vote's tickets) when a cancellation commits. */
  voidCoupons?: boolean;
}

export type ParticipantEffect =
  | {
      type: 'persist';
      record: ParticipantTransaction;
      change: ParticipantStorageChange;
      durability: 'durable' | 'relaxed';
    }
  /** Reply to the prepare with the vote of the record as stored. */
  | { type: 'replyVote' }
  /** Keep the prepare open; evaluate it again when seats change or at `until`. */
  | { type: 'wait'; until: number }
  | { type: 'ack' }
  | { type: 'askCoordinator' }
  | { type: 'askPeers'; peers: string[] }
  | { type: 'answerPeer'; answer: PeerStateAnswer }
  | { type: 'wakeAt'; at: number };

export interface ParticipantStep {
  record: ParticipantTransaction | null;
  effects: ParticipantEffect[];
}

/**
 * Advances one transaction on a participant. Pure: the caller performs the effects in order,
 * and a `persist` completes before anything that follows it is sent.
 */
export function stepParticipant(
  self: string,
  record: ParticipantTransaction | null,
  input: ParticipantInput,
  limits: ParticipantLimits,
): ParticipantStep {
  switch (input.type) {
    case 'prepare':
      return record === null
        ? prepare(self, input.message, input.context, input.now, limits)
        : { record, effects: [{ type: 'replyVote' }] };
    case 'decision':
      return applyDecision(
        self,
        record,
        input.message.txId,
        input.message.decision,
        input.now,
        true,
      );
    case 'tick':
      return tick(record, input.now, limits);
    case 'decisionAnswer':
      return learnAnswer(self, record, input.answer, input.now);
    case 'coordinatorUnreachable':
      return askPeers(self, record);
    case 'peerAnswers':
      return learnFromPeers(self, record, input.answers, input.now);
    case 'peerQuery':
      return answerPeer(record, input.txId, input.coordinator, input.now);
  }
}

/**
 * Returns the vote for a repeated prepare: the stored one, except that a transaction aborted
 * since (or recorded only as a tombstone) gets a no vote, whatever was voted before.
 */
export function voteOf(record: ParticipantTransaction): Vote {
  if (record.phase === 'ABORTED' || record.vote === null) {
    return {
      vote: 'NO',
      reason: 'ABORTED',
      flightIds: [],
      detail: 'the transaction is already aborted',
    };
  }
  return record.vote;
}

/** This airline's legs of a payload. */
export function ownLegs(self: string, legs: readonly TransactionLeg[]): TransactionLeg[] {
  return legs.filter((leg) => leg.airline === self);
}

function prepare(
  self: string,
  message: MsgPrepare,
  context: PrepareContext,
  now: number,
  limits: ParticipantLimits,
): ParticipantStep {
  if (now >= message.deadlineAt) {
    // The coordinator has aborted without this vote, so holding seats now would only keep them
    // until a decision query releases them.
    return refuse(message, 'ABORTED', [], 'the prepare arrived after its deadline', now);
  }
  const legs = ownLegs(self, message.payload.legs);
  const invalid = validate(legs, message, context, now);
  if (invalid !== null) {
    return refuse(message, 'INVALID', invalid.flightIds, invalid.detail, now);
  }
  if (message.payload.kind === 'cancel') {
    return prepareCancellation(legs, message, context, now, limits);
  }

  const verdicts = legs.map((leg) => ({
    leg,
    verdict: judgeSeats(context.flights[leg.flightId] as ParticipantFlight, message, leg.seats),
  }));
  const soldOut = verdicts.filter((entry) => entry.verdict === 'SOLD_OUT');
  if (soldOut.length > 0) {
    const flightIds = soldOut.map((entry) => entry.leg.flightId);
    return refuse(message, 'SOLD_OUT', flightIds, 'not enough seats left', now);
  }
  const contended = verdicts.filter((entry) => entry.verdict !== 'GRANT');
  if (contended.length > 0) {
    const flightIds = contended.map((entry) => entry.leg.flightId);
    return waitOrRefuse(message, context, flightIds, contended, now, limits);
  }

  const record = prepared(message, now, limits, { vote: 'YES', tickets: [] });
  return {
    record,
    effects: [
      {
        type: 'persist',
        record,
        change: {
          inventory: legs.map((leg) => ({
            flightId: leg.flightId,
            soldDelta: 0,
            heldDelta: leg.seats,
          })),
          issueTickets: legs.flatMap((leg) =>
            message.payload.passengers.map((passenger) => ({ flightId: leg.flightId, passenger })),
          ),
        },
        durability: 'durable',
      },
      { type: 'replyVote' },
      { type: 'wakeAt', at: record.queryAt as number },
    ],
  };
}

function prepareCancellation(
  legs: readonly TransactionLeg[],
  message: MsgPrepare,
  context: PrepareContext,
  now: number,
  limits: ParticipantLimits,
): ParticipantStep {
  const ownFlights = new Set(legs.map((leg) => leg.flightId));
  const coupons = context.coupons.filter((coupon) => ownFlights.has(coupon.flightId));
  const pending = coupons.filter((coupon) => coupon.status === 'OPEN' && coupon.pendingVoid);
  if (pending.length > 0) {
    const flightIds = [...new Set(pending.map((coupon) => coupon.flightId))];
    return refuse(
      message,
      'BUSY',
      flightIds,
      'another cancellation of these coupons is in flight',
      now,
    );
  }
  const record = prepared(message, now, limits, {
    vote: 'YES',
    tickets: coupons
      .filter((coupon) => coupon.status === 'OPEN')
      .map((coupon) => ({
        flightId: coupon.flightId,
        passenger: coupon.passenger,
        ticketNumber: coupon.ticketNumber,
      })),
  });
  return {
    record,
    effects: [
      { type: 'persist', record, change: { inventory: [] }, durability: 'durable' },
      { type: 'replyVote' },
      { type: 'wakeAt', at: record.queryAt as number },
    ],
  };
}

/** Checks what no amount of waiting can fix; returns the problem, or null when the legs are valid. */
function validate(
  legs: readonly TransactionLeg[],
  message: MsgPrepare,
  context: PrepareContext,
  now: number,
): { flightIds: string[]; detail: string } | null {
  if (legs.length === 0) {
    return { flightIds: [], detail: 'no leg of this transaction belongs to this airline' };
  }
  const passengers = message.payload.passengers.length;
  for (const leg of legs) {
    const flight = context.flights[leg.flightId];
    if (!flight) {
      return { flightIds: [leg.flightId], detail: `flight ${leg.flightId} does not exist` };
    }
    if (flight.airline !== leg.airline) {
      return {
        flightIds: [leg.flightId],
        detail: `flight ${leg.flightId} is operated by ${flight.airline}`,
      };
    }
    if (flight.departureAt <= now) {
      return { flightIds: [leg.flightId], detail: `flight ${leg.flightId} has departed` };
    }
    if (leg.seats !== passengers || passengers < 1) {
      return {
        flightIds: [leg.flightId],
        detail: `${leg.seats} seats for ${passengers} passengers`,
      };
    }
  }
  if (message.payload.kind === 'cancel') {
    for (const leg of legs) {
      const open = context.coupons.filter(
        (coupon) => coupon.flightId === leg.flightId && coupon.status === 'OPEN',
      );
      if (open.length !== leg.seats) {
        return {
          flightIds: [leg.flightId],
          detail: `${open.length} open coupons of ${message.payload.locator} on ${leg.flightId}, expected ${leg.seats}`,
        };
      }
    }
  }
  return null;
}

function waitOrRefuse(
  message: MsgPrepare,
  context: PrepareContext,
  flightIds: string[],
  contended: ReadonlyArray<{ verdict: string }>,
  now: number,
  limits: ParticipantLimits,
): ParticipantStep {
  const canWait = contended.every((entry) => entry.verdict === 'WAIT');
  const since = context.waitingSince ?? now;
  const until = Math.min(since + limits.waitMaxMs, message.deadlineAt - limits.waitMarginMs);
  if (canWait && now < until) {
    return { record: null, effects: [{ type: 'wait', until }] };
  }
  const detail = canWait
    ? 'seats held by younger purchases did not free up in time'
    : 'seats held by older purchases still in flight';
  return refuse(message, 'BUSY', flightIds, detail, now);
}

function refuse(
  message: MsgPrepare,
  reason: RefusalReason,
  flightIds: string[],
  detail: string,
  now: number,
): ParticipantStep {
  const record: ParticipantTransaction = {
    txId: message.txId,
    coordinator: message.coordinator,
    participants: message.participants,
    payload: message.payload,
    stamp: message.stamp,
    phase: 'REFUSED',
    vote: { vote: 'NO', reason, flightIds, detail },
    holdDeadlineAt: null,
    createdAt: now,
    decidedAt: now,
    queryAt: null,
    queries: 0,
  };
  // A no vote takes no seats. If it is lost, a repeated prepare is judged again, which is safe
  // because the coordinator never commits without this participant's yes.
  return {
    record,
    effects: [
      { type: 'persist', record, change: { inventory: [] }, durability: 'relaxed' },
      { type: 'replyVote' },
    ],
  };
}

function prepared(
  message: MsgPrepare,
  now: number,
  limits: ParticipantLimits,
  vote: Vote,
): ParticipantTransaction {
  const holdDeadlineAt = message.deadlineAt + limits.decisionQueryGraceMs;
  return {
    txId: message.txId,
    coordinator: message.coordinator,
    participants: message.participants,
    payload: message.payload,
    stamp: message.stamp,
    phase: 'PREPARED',
    vote,
    holdDeadlineAt,
    createdAt: now,
    decidedAt: null,
    queryAt: holdDeadlineAt,
    queries: 0,
  };
}

/**
 * Applies a decision, from the coordinator or learnt by asking. A commit is durable before it
 * is acknowledged, because the coordinator may forget the transaction once everyone has
 * acknowledged. An abort may be relaxed: if it is lost, the participant queries again and,
 * under presumed abort, learns abort again.
 */
function applyDecision(
  self: string,
  record: ParticipantTransaction | null,
  txId: string,
  decision: Decision,
  now: number,
  acknowledge: boolean,
): ParticipantStep {
  const ack: ParticipantEffect[] = acknowledge ? [{ type: 'ack' }] : [];
  if (record === null) {
    if (decision === 'COMMIT') {
      throw new ProtocolViolationError(`commit of ${txId}, which this participant never prepared`);
    }
    // The abort overtook the prepare, or the prepare never came: keep a tombstone so that a
    // late prepare is rejected instead of holding seats that no decision would release.
    const tombstone = abortTombstone(txId, '', now);
    return {
      record: tombstone,
      effects: [
        { type: 'persist', record: tombstone, change: { inventory: [] }, durability: 'relaxed' },
        ...ack,
      ],
    };
  }

  if (record.phase !== 'PREPARED') {
    const same =
      (decision === 'COMMIT' && record.phase === 'COMMITTED') ||
      (decision === 'ABORT' && (record.phase === 'ABORTED' || record.phase === 'REFUSED'));
    if (!same) {
      throw new ProtocolViolationError(
        `${decision} of ${txId}, which this participant has already recorded as ${record.phase}`,
      );
    }
    return { record, effects: ack };
  }

  const payload = record.payload;
  if (payload === null) {
    throw new ProtocolViolationError(`prepared record ${txId} has no payload`);
  }
  const legs = ownLegs(self, payload.legs);
  const decided: ParticipantTransaction = {
    ...record,
    phase: decision === 'COMMIT' ? 'COMMITTED' : 'ABORTED',
    decidedAt: now,
    queryAt: null,
  };
  const change: ParticipantStorageChange =
    payload.kind === 'purchase'
      ? {
          inventory: legs.map((leg) => ({
            flightId: leg.flightId,
            soldDelta: decision === 'COMMIT' ? leg.seats : 0,
            heldDelta: -leg.seats,
          })),
          openCoupons: decision === 'COMMIT',
        }
      : {
          inventory:
            decision === 'COMMIT'
              ? legs.map((leg) => ({ flightId: leg.flightId, soldDelta: -leg.seats, heldDelta: 0 }))
              : [],
          voidCoupons: decision === 'COMMIT',
        };
  return {
    record: decided,
    effects: [
      {
        type: 'persist',
        record: decided,
        change,
        durability: decision === 'COMMIT' ? 'durable' : 'relaxed',
      },
      ...ack,
    ],
  };
}

function tick(
  record: ParticipantTransaction | null,
  now: number,
  limits: ParticipantLimits,
): ParticipantStep {
  if (record === null || record.phase !== 'PREPARED' || record.queryAt === null) {
    return { record, effects: [] };
  }
  if (now < record.queryAt) {
    return { record, effects: [{ type: 'wakeAt', at: record.queryAt }] };
  }
  const queries = record.queries + 1;
  const delay = Math.min(limits.decisionQueryMaxMs, limits.decisionQueryMs * 2 ** (queries - 1));
  const next: ParticipantTransaction = { ...record, queries, queryAt: now + delay };
  return {
    record: next,
    effects: [{ type: 'askCoordinator' }, { type: 'wakeAt', at: next.queryAt as number }],
  };
}

function learnAnswer(
  self: string,
  record: ParticipantTransaction | null,
  answer: DecisionAnswer,
  now: number,
): ParticipantStep {
  if (record === null || record.phase !== 'PREPARED' || answer === 'PENDING') {
    return { record, effects: [] };
  }
  const decision: Decision = answer === 'COMMIT' ? 'COMMIT' : 'ABORT';
  return applyDecision(self, record, record.txId, decision, now, false);
}

function askPeers(self: string, record: ParticipantTransaction | null): ParticipantStep {
  if (record === null || record.phase !== 'PREPARED') {
    return { record, effects: [] };
  }
  const peers = record.participants.filter(
    (airline) => airline !== self && airline !== record.coordinator,
  );
  return { record, effects: peers.length > 0 ? [{ type: 'askPeers', peers }] : [] };
}

/**
 * Cooperative termination: a peer that committed or aborted reports the outcome. When every
 * peer is prepared too, only the coordinator can decide, so the holds stay.
 */
function learnFromPeers(
  self: string,
  record: ParticipantTransaction | null,
  answers: readonly PeerStateAnswer[],
  now: number,
): ParticipantStep {
  if (record === null || record.phase !== 'PREPARED') {
    return { record, effects: [] };
  }
  if (answers.includes('COMMITTED')) {
    return applyDecision(self, record, record.txId, 'COMMIT', now, false);
  }
  if (answers.includes('ABORTED')) {
    return applyDecision(self, record, record.txId, 'ABORT', now, false);
  }
  return { record, effects: [] };
}

/**
 * Answers another participant. With no record, this participant has not voted and now never
 * will: it writes a durable abort tombstone first, because the asker will release its holds on
 * the strength of this answer, so a later prepare here must be refused.
 */
function answerPeer(
  record: ParticipantTransaction | null,
  txId: string,
  coordinator: string,
  now: number,
): ParticipantStep {
  if (record === null) {
    const tombstone = abortTombstone(txId, coordinator, now);
    return {
      record: tombstone,
      effects: [
        { type: 'persist', record: tombstone, change: { inventory: [] }, durability: 'durable' },
        { type: 'answerPeer', answer: 'ABORTED' },
      ],
    };
  }
  const answer: PeerStateAnswer =
    record.phase === 'PREPARED'
      ? 'UNCERTAIN'
      : record.phase === 'COMMITTED'
        ? 'COMMITTED'
        : 'ABORTED';
  return { record, effects: [{ type: 'answerPeer', answer }] };
}

/** A record of a transaction aborted here before any prepare was accepted; it refuses later ones. */
function abortTombstone(txId: string, coordinator: string, now: number): ParticipantTransaction {
  return {
    txId,
    coordinator,
    participants: [],
    payload: null,
    stamp: null,
    phase: 'ABORTED',
    vote: null,
    holdDeadlineAt: null,
    createdAt: now,
    decidedAt: now,
    queryAt: null,
    queries: 0,
  };
}
