import type { FlightRow } from '@interline/persistence';

import type { TwoPhaseCommitLimits } from '../core/limits';
import type { ParticipantCoupon, ParticipantFlight } from '../core/participant';
import type { DecisionAnswer, MsgDecision, MsgPrepare, PeerStateAnswer, Vote } from '../core/types';

export const TWO_PHASE_COMMIT_OPTIONS = Symbol('TwoPhaseCommitOptions');
export const TWO_PHASE_COMMIT_TRANSPORT = Symbol('TwoPhaseCommitTransport');
export const PARTICIPANT_RESOURCES = Symbol('ParticipantResources');

export interface TwoPhaseCommitOptions {
  /** This node's airline code. */
  self: string;
  limits: TwoPhaseCommitLimits;
  /** Transactions this node coordinates at once on one flight; more wait, oldest stamp first. */
  transactionsPerFlightMax?: number;
  /** Named protocol steps at which crash tests stop the process; absent in production. */
  crashPoints?: CrashPoints;
}

/**
 * Crash hooks for tests. The services call `reach` at each named step, and a hook armed for that
 * name stops the process there. Names:
 *
 * - `coordinator.before-decision`: the decision is made, not yet written;
 * - `coordinator.after-decision`: the decision is durable, and no participant has learnt it;
 * - `coordinator.after-first-decision-acknowledged`: the first participant acknowledged the
 *   decision and the others have not been sent it; armed, it makes the coordinator send the
 *   decision to one participant at a time;
 * - `coordinator.during-recovery`: at start, the recovery of an unfinished transaction is
 *   durable (an undecided one is now aborted) and its decision not yet sent again;
 * - `participant.after-prepare`: the holds and the prepared record are durable, the yes vote
 *   not yet sent;
 * - `participant.after-vote`: 200 ms after the yes vote was sent;
 * - `participant.during-recovery`: at start, the decision of a transaction found prepared is
 *   known (from a query or from the coordinator) and not yet written.
 */
export interface CrashPoints {
  /** True when the process stops at `name`; lets a service order its steps for that point. */
  armed(name: string): boolean;
  /** Stops the process if `name` is armed; otherwise does nothing. */
  reach(name: string): void;
}

/** Reason a message to another node failed. */
export type DeliveryFailure =
  /** The node refused the connection or is not in the map: it is down or partitioned. */
  | 'UNREACHABLE'
  /** No response in time; the message may or may not have been processed. */
  | 'TIMEOUT'
  /** The node returned an error. */
  | 'REJECTED';

export class DeliveryError extends Error {
  constructor(
    readonly peer: string,
    readonly failure: DeliveryFailure,
    detail: string,
  ) {
    super(`Message to ${peer} failed (${failure}): ${detail}`);
    this.name = 'DeliveryError';
  }
}

/**
 * Sends protocol messages to other airlines' nodes. Implementations throw `DeliveryError`;
 * the node's own airline is never a destination (the services call themselves directly).
 */
export interface TwoPhaseCommitTransport {
  prepare(participant: string, message: MsgPrepare, timeoutMs: number): Promise<Vote>;
  /** Resolves when the participant acknowledged the decision. */
  decide(participant: string, message: MsgDecision): Promise<void>;
  queryDecision(coordinator: string, txId: string): Promise<DecisionAnswer>;
  queryPeer(peer: string, txId: string, coordinator: string): Promise<PeerStateAnswer>;
}

/** Services a participant needs from the airline node around the protocol. */
export interface ParticipantResources {
  /** This airline's flights by id, with their seat counts; `holders` may be left empty. */
  loadFlights(flightIds: readonly string[]): Promise<Record<string, ParticipantFlight | null>>;
  /** The booking's coupons on this airline's flights; `pendingVoid` may be left false. */
  loadCoupons(locator: string): Promise<ParticipantCoupon[]>;
  /** Turns a serial from the ticket counter into a ticket number. */
  formatTicketNumber(serial: number): string;
  /** Seat counts changed durably; publish them. Must not throw. */
  inventoryChanged(flights: readonly FlightRow[]): void;
}
