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
  /**
   * Called at named protocol steps so that crash tests can stop the process there; absent in
   * production. Names: `coordinator.before-decision`, `coordinator.after-decision`,
   * `participant.after-vote`.
   */
  crashPoint?: (name: string) => void;
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
