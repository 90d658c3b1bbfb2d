import type {
  AbortReason,
  CoordinatorTransaction,
  Decision,
  DecisionAnswer,
  MsgDecision,
  MsgPrepare,
  PriorityStamp,
  TransactionPayload,
  Vote,
} from './types';

/** Timing of the coordinator; validated by `validateTwoPhaseCommitLimits`. */
export interface CoordinatorLimits {
  /** How long the coordinator waits for every vote before it aborts. */
  prepareTimeoutMs: number;
  /** First delay before an unacknowledged decision is sent again; doubles up to the maximum. */
  decisionResendMs: number;
  decisionResendMaxMs: number;
}

export type CoordinatorInput =
  | {
      type: 'begin';
      txId: string;
      coordinator: string;
      payload: TransactionPayload;
      stamp: PriorityStamp;
      now: number;
    }
  | { type: 'vote'; participant: string; vote: Vote; now: number }
  /** A prepare could not be delivered: the node refused the connection or returned an error. */
  | { type: 'prepareFailed'; participant: string; reason: 'UNREACHABLE' | 'TIMEOUT'; now: number }
  /** A timer fired: the prepare deadline or a decision resend may be due. */
  | { type: 'tick'; now: number }
  | { type: 'ack'; participant: string; now: number }
  /** The node restarted and found this record unfinished. */
  | { type: 'recover'; now: number };

export type CoordinatorEffect =
  | { type: 'persist'; record: CoordinatorTransaction; durability: 'durable' | 'relaxed' }
  | { type: 'sendPrepare'; participant: string; message: MsgPrepare }
  | { type: 'sendDecision'; participant: string; message: MsgDecision }
  /** The decision is durable, so the caller waiting for the outcome can be answered. */
  | { type: 'decided'; decision: Decision; reason: AbortReason | null; blamed: string[] }
  | { type: 'wakeAt'; at: number }
  /** Every participant acknowledged; nothing is left to do for this transaction. */
  | { type: 'completed' };

export interface CoordinatorStep {
  record: CoordinatorTransaction;
  effects: CoordinatorEffect[];
}

/** Thrown when an input cannot happen in the protocol: a bug, never a business outcome. */
export class ProtocolViolationError extends Error {
  constructor(detail: string) {
    super(`Two-phase commit protocol violation: ${detail}`);
    this.name = 'ProtocolViolationError';
  }
}

/**
 * Advances one transaction on the coordinator. Pure: the caller performs the effects in order,
 * and every `persist` must complete before the effects that follow it (persist, then send).
 */
export function stepCoordinator(
  record: CoordinatorTransaction | null,
  input: CoordinatorInput,
  limits: CoordinatorLimits,
): CoordinatorStep {
  if (input.type === 'begin') {
    if (record !== null) {
      throw new ProtocolViolationError(`transaction ${input.txId} begun twice`);
    }
    return begin(input, limits);
  }
  if (record === null) {
    throw new ProtocolViolationError(`${input.type} for a transaction that was never begun`);
  }
  if ('participant' in input && !record.participants.includes(input.participant)) {
    throw new ProtocolViolationError(
      `${input.type} from ${input.participant}, not a participant of ${record.txId}`,
    );
  }

  switch (input.type) {
    case 'vote':
      return receiveVote(record, input.participant, input.vote, input.now, limits);
    case 'prepareFailed':
      if (record.phase !== 'PREPARING' || record.votes[input.participant] !== undefined) {
        return unchanged(record);
      }
      return decide(record, 'ABORT', input.reason, [input.participant], input.now, limits);
    case 'tick':
      return tick(record, input.now, limits);
    case 'ack':
      return receiveAck(record, input.participant, input.now);
    case 'recover':
      return recover(record, input.now, limits);
  }
}

/**
 * Returns the response to a participant's decision query. With no record the answer is `UNKNOWN`, which the
 * participant reads as abort: the coordinator forces nothing to disk before deciding, so a
 * transaction it has forgotten was never decided (presumed abort).
 */
export function answerDecisionQuery(record: CoordinatorTransaction | null): DecisionAnswer {
  if (record === null) {
    return 'UNKNOWN';
  }
  switch (record.phase) {
    case 'PREPARING':
      return 'PENDING';
    case 'COMMITTED':
      return 'COMMIT';
    case 'ABORTED':
      return 'ABORT';
  }
}

function begin(
  input: Extract<CoordinatorInput, { type: 'begin' }>,
  limits: CoordinatorLimits,
): CoordinatorStep {
  const participants = [...new Set(input.payload.legs.map((leg) => leg.airline))].sort();
  if (participants.length === 0) {
    throw new ProtocolViolationError(`transaction ${input.txId} has no legs`);
  }
  const prepareDeadlineAt = input.now + limits.prepareTimeoutMs;
  const record: CoordinatorTransaction = {
    txId: input.txId,
    payload: input.payload,
    participants,
    stamp: input.stamp,
    phase: 'PREPARING',
    votes: {},
    abortReason: null,
    blamed: [],
    acknowledged: [],
    createdAt: input.now,
    prepareDeadlineAt,
    decidedAt: null,
    completedAt: null,
    resendAt: null,
    resends: 0,
  };
  const message: MsgPrepare = {
    txId: input.txId,
    coordinator: input.coordinator,
    participants,
    payload: input.payload,
    stamp: input.stamp,
    deadlineAt: prepareDeadlineAt,
  };

  // Presumed abort: the record need not be durable before the prepares leave. If it is lost in
  // a crash, participants that ask get UNKNOWN and abort.
  return {
    record,
    effects: [
      { type: 'persist', record, durability: 'relaxed' },
      ...participants.map((participant): CoordinatorEffect => ({
        type: 'sendPrepare',
        participant,
        message,
      })),
      { type: 'wakeAt', at: prepareDeadlineAt },
    ],
  };
}

function receiveVote(
  record: CoordinatorTransaction,
  participant: string,
  vote: Vote,
  now: number,
  limits: CoordinatorLimits,
): CoordinatorStep {
  // A vote after the decision changes nothing: an abort already covers a late yes, and a
  // commit was only possible because every vote, this one included, was yes.
  if (record.phase !== 'PREPARING') {
    return unchanged(record);
  }
  const votes = { ...record.votes, [participant]: vote };
  const voted: CoordinatorTransaction = { ...record, votes };

  if (vote.vote === 'NO') {
    const blamed = [participant];
    return decide(voted, 'ABORT', vote.reason, blamed, now, limits);
  }
  if (record.participants.every((airline) => votes[airline]?.vote === 'YES')) {
    return decide(voted, 'COMMIT', null, [], now, limits);
  }
  return { record: voted, effects: [] };
}

function tick(
  record: CoordinatorTransaction,
  now: number,
  limits: CoordinatorLimits,
): CoordinatorStep {
  if (record.phase === 'PREPARING') {
    if (now < record.prepareDeadlineAt) {
      return { record, effects: [{ type: 'wakeAt', at: record.prepareDeadlineAt }] };
    }
    const silent = record.participants.filter((airline) => record.votes[airline] === undefined);
    return decide(record, 'ABORT', 'TIMEOUT', silent, now, limits);
  }
  if (record.completedAt !== null || record.resendAt === null) {
    return unchanged(record);
  }
  if (now < record.resendAt) {
    return { record, effects: [{ type: 'wakeAt', at: record.resendAt }] };
  }
  return resendDecision(record, now, limits);
}

function receiveAck(
  record: CoordinatorTransaction,
  participant: string,
  now: number,
): CoordinatorStep {
  if (record.phase === 'PREPARING') {
    throw new ProtocolViolationError(`acknowledgement from ${participant} before any decision`);
  }
  if (record.completedAt !== null || record.acknowledged.includes(participant)) {
    return unchanged(record);
  }
  const acknowledged = [...record.acknowledged, participant].sort();
  if (!record.participants.every((airline) => acknowledged.includes(airline))) {
    return { record: { ...record, acknowledged }, effects: [] };
  }
  const completed: CoordinatorTransaction = {
    ...record,
    acknowledged,
    completedAt: now,
    resendAt: null,
  };
  // Losing this write only means the decision is resent after a restart; participants
  // acknowledge a repeated decision again.
  return {
    record: completed,
    effects: [{ type: 'persist', record: completed, durability: 'relaxed' }, { type: 'completed' }],
  };
}

function recover(
  record: CoordinatorTransaction,
  now: number,
  limits: CoordinatorLimits,
): CoordinatorStep {
  if (record.phase === 'PREPARING') {
    // It never decided before the restart, so no participant learnt commit: abort (presumed abort).
    const silent = record.participants.filter((airline) => record.votes[airline] === undefined);
    return decide(record, 'ABORT', 'RECOVERY', silent, now, limits);
  }
  if (record.completedAt !== null) {
    return unchanged(record);
  }
  return resendDecision({ ...record, resends: 0 }, now, limits);
}

/**
 * Makes the decision durable, then reports it and sends it to the participants. Participants that
 * voted no hold nothing and keep their refusal, so an abort is not sent to them.
 */
function decide(
  record: CoordinatorTransaction,
  decision: Decision,
  reason: AbortReason | null,
  blamed: string[],
  now: number,
  limits: CoordinatorLimits,
): CoordinatorStep {
  if (
    decision === 'COMMIT' &&
    !record.participants.every((airline) => record.votes[airline]?.vote === 'YES')
  ) {
    throw new ProtocolViolationError(
      `commit of ${record.txId} without a yes vote from every participant`,
    );
  }
  const refused = record.participants.filter((airline) => record.votes[airline]?.vote === 'NO');
  const decided: CoordinatorTransaction = {
    ...record,
    phase: decision === 'COMMIT' ? 'COMMITTED' : 'ABORTED',
    abortReason: reason,
    blamed,
    acknowledged: refused,
    decidedAt: now,
    resendAt: now + limits.decisionResendMs,
    resends: 0,
  };
  const pending = decided.participants.filter((airline) => !refused.includes(airline));
  const message: MsgDecision = { txId: record.txId, decision };

  if (pending.length === 0) {
    const completed: CoordinatorTransaction = { ...decided, completedAt: now, resendAt: null };
    return {
      record: completed,
      effects: [
        { type: 'persist', record: completed, durability: 'durable' },
        { type: 'decided', decision, reason, blamed },
        { type: 'completed' },
      ],
    };
  }
  return {
    record: decided,
    effects: [
      { type: 'persist', record: decided, durability: 'durable' },
      { type: 'decided', decision, reason, blamed },
      ...pending.map((participant): CoordinatorEffect => ({
        type: 'sendDecision',
        participant,
        message,
      })),
      { type: 'wakeAt', at: decided.resendAt as number },
    ],
  };
}

function resendDecision(
  record: CoordinatorTransaction,
  now: number,
  limits: CoordinatorLimits,
): CoordinatorStep {
  const decision: Decision = record.phase === 'COMMITTED' ? 'COMMIT' : 'ABORT';
  const resends = record.resends + 1;
  const delay = Math.min(limits.decisionResendMaxMs, limits.decisionResendMs * 2 ** resends);
  const next: CoordinatorTransaction = { ...record, resends, resendAt: now + delay };
  const pending = record.participants.filter((airline) => !record.acknowledged.includes(airline));
  const message: MsgDecision = { txId: record.txId, decision };
  return {
    record: next,
    effects: [
      ...pending.map((participant): CoordinatorEffect => ({
        type: 'sendDecision',
        participant,
        message,
      })),
      { type: 'wakeAt', at: next.resendAt as number },
    ],
  };
}

function unchanged(record: CoordinatorTransaction): CoordinatorStep {
  return { record, effects: [] };
}
