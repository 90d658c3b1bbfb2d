/**
 * Data of the two-phase commit protocol: transactions, votes, decisions and the messages between
 * a coordinator and its participants. Plain serialisable values; instants are epoch milliseconds.
 */

/** A purchase sells seats; a cancellation voids coupons and returns their seats. */
export type TransactionKind = 'purchase' | 'cancel';

/**
 * Total order of purchases: the lower `time` is older; equal times are ordered by airline code.
 * `time` is the sum of the coordinator's vector clock when the purchase started, which grows
 * along every causal chain, so the order never contradicts causality.
 */
export interface PriorityStamp {
  time: number;
  airline: string;
}

/** Seats one transaction takes (or returns) on one flight. */
export interface TransactionLeg {
  flightId: string;
  /** Code of the airline that operates, and alone sells, the flight. */
  airline: string;
  seats: number;
}

/** The content of a transaction, identical on the coordinator and every participant. */
export interface TransactionPayload {
  kind: TransactionKind;
  /** Record locator of the booking the transaction creates or cancels. */
  locator: string;
  /** Passenger names; one seat per name on every leg. */
  passengers: string[];
  legs: TransactionLeg[];
}

/** A ticket number issued for one passenger on one leg, assigned when the participant prepares. */
export interface TicketAssignment {
  flightId: string;
  passenger: string;
  ticketNumber: string;
}

/**
 * Why a participant votes no. `SOLD_OUT`: the seats are sold for good. `BUSY`: the seats are held
 * by transactions still in flight, and the age rule refused to wait for them. `INVALID`: a leg
 * does not exist, is not this airline's, has departed, or the coupons to cancel are not open.
 * `ABORTED`: this participant has already recorded the transaction as aborted.
 */
export type RefusalReason = 'SOLD_OUT' | 'BUSY' | 'INVALID' | 'ABORTED';

export type Vote =
  | { vote: 'YES'; tickets: TicketAssignment[] }
  | { vote: 'NO'; reason: RefusalReason; flightIds: string[]; detail: string };

export type Decision = 'COMMIT' | 'ABORT';

/**
 * Reason a coordinator aborted: the refusal reasons of a participant, plus `TIMEOUT` (no vote by
 * the prepare deadline), `UNREACHABLE` (a participant's node refused the connection) and
 * `RECOVERY` (the coordinator restarted before deciding: presumed abort).
 */
export type AbortReason = RefusalReason | 'TIMEOUT' | 'UNREACHABLE' | 'RECOVERY';

export type CoordinatorPhase =
  /** Prepares sent, waiting for votes. Never forced to disk: presumed abort covers its loss. */
  | 'PREPARING'
  /** Decided; the decision is durable and is resent until every participant acknowledges. */
  | 'COMMITTED'
  | 'ABORTED';

/** The coordinator's record of one transaction. */
export interface CoordinatorTransaction {
  txId: string;
  payload: TransactionPayload;
  /** Airline codes of the participants, sorted, without duplicates. */
  participants: string[];
  stamp: PriorityStamp;
  phase: CoordinatorPhase;
  /** Votes received so far, by participant airline code. */
  votes: Record<string, Vote>;
  /** Set when `phase` is `ABORTED`. */
  abortReason: AbortReason | null;
  /** Participants whose refusal or failure caused the abort, for the passenger's message. */
  blamed: string[];
  /** Participants that acknowledged the decision. */
  acknowledged: string[];
  createdAt: number;
  prepareDeadlineAt: number;
  decidedAt: number | null;
  /** When every participant had acknowledged; the record may then be archived. */
  completedAt: number | null;
  /** Next time the decision is resent to participants that have not acknowledged. */
  resendAt: number | null;
  /** Resends so far, for the back-off. */
  resends: number;
}

export type ParticipantPhase =
  /** Voted yes: the seat holds and this record are durable. Only the decision may end it. */
  | 'PREPARED'
  /** Voted no; nothing is held. */
  | 'REFUSED'
  | 'COMMITTED'
  /**
   * Aborted by the coordinator's decision, or unilaterally while not yet prepared (a tombstone
   * that refuses a prepare arriving after the abort).
   */
  | 'ABORTED';

/** A participant's record of one transaction. */
export interface ParticipantTransaction {
  txId: string;
  /** Airline code of the coordinator, which the participant queries for the decision. */
  coordinator: string;
  /** Every participant, for cooperative termination when the coordinator is unreachable. */
  participants: string[];
  /** Null for a tombstone written before the prepare arrived. */
  payload: TransactionPayload | null;
  stamp: PriorityStamp | null;
  phase: ParticipantPhase;
  /** The vote this participant gave; repeated unchanged to a duplicate prepare. */
  vote: Vote | null;
  /** After this instant a prepared participant starts asking for the decision. */
  holdDeadlineAt: number | null;
  createdAt: number;
  decidedAt: number | null;
  /** Next time a prepared participant queries the decision (termination protocol). */
  queryAt: number | null;
  /** Decision queries made so far, for the back-off. */
  queries: number;
}

/** Prepare request from the coordinator to one participant. */
export interface MsgPrepare {
  txId: string;
  coordinator: string;
  participants: string[];
  payload: TransactionPayload;
  stamp: PriorityStamp;
  /** The coordinator aborts at this instant if it has no vote; the participant's bound on waits. */
  deadlineAt: number;
}

/** The decision sent by the coordinator, or learnt by a participant that asked for it. */
export interface MsgDecision {
  txId: string;
  decision: Decision;
}

/**
 * Response to a decision query (`GET` on the coordinator's transaction). `UNKNOWN` is returned when
 * the coordinator has no record: under presumed abort the participant treats it as `ABORT`.
 * `PENDING` means the coordinator is still collecting votes; ask again later.
 */
export type DecisionAnswer = Decision | 'PENDING' | 'UNKNOWN';

/**
 * Response of one participant to another about a transaction both take part in (cooperative
 * termination). `UNCERTAIN`: prepared and waiting for the decision like the asker.
 */
export type PeerStateAnswer = 'COMMITTED' | 'ABORTED' | 'UNCERTAIN';
