import type {
  DecisionAnswer,
  MsgPrepare,
  PeerStateAnswer,
  PriorityStamp,
  TransactionLeg,
  Vote,
} from './types';

/** Bounds of a transaction message; a message outside them is rejected before any step. */
export const TRANSACTION_LEGS_MAX = 4;
export const TRANSACTION_PASSENGERS_MAX = 9;
export const TRANSACTION_PARTICIPANTS_MAX = 4;
export const TRANSACTION_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{7,79}$/;
const AIRLINE_PATTERN = /^[A-Z0-9]{2}$/;
const FLIGHT_ID_PATTERN = /^[A-Z0-9]{2}\d{1,4}-\d{8}$/;
const LOCATOR_PATTERN = /^[A-HJ-NP-Z2-9]{6}$/;
const TICKET_PATTERN = /^\d{14}$/;

export type Validated<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** Checks a prepare received from another node; every problem names the field and the value. */
export function validatePrepareMessage(value: unknown): Validated<MsgPrepare> {
  const problems: string[] = [];
  const message = asObject(value, 'body', problems);
  if (!message) {
    return { ok: false, problems };
  }
  text(message.txId, 'txId', TRANSACTION_ID_PATTERN, problems);
  text(message.coordinator, 'coordinator', AIRLINE_PATTERN, problems);
  const participants = list(
    message.participants,
    'participants',
    TRANSACTION_PARTICIPANTS_MAX,
    problems,
  );
  participants?.forEach((airline, index) =>
    text(airline, `participants[${index}]`, AIRLINE_PATTERN, problems),
  );
  validatePayload(message.payload, problems);
  validateStamp(message.stamp, 'stamp', problems);
  whole(message.deadlineAt, 'deadlineAt', problems);
  return problems.length === 0 ? { ok: true, value: value as MsgPrepare } : { ok: false, problems };
}

/** Checks a vote received from a participant. */
export function validateVote(value: unknown): Validated<Vote> {
  const problems: string[] = [];
  const vote = asObject(value, 'vote', problems);
  if (!vote) {
    return { ok: false, problems };
  }
  if (vote.vote === 'YES') {
    const tickets = list(
      vote.tickets,
      'tickets',
      TRANSACTION_LEGS_MAX * TRANSACTION_PASSENGERS_MAX,
      problems,
    );
    tickets?.forEach((ticket, index) => {
      const entry = asObject(ticket, `tickets[${index}]`, problems);
      if (entry) {
        text(entry.flightId, `tickets[${index}].flightId`, FLIGHT_ID_PATTERN, problems);
        text(entry.ticketNumber, `tickets[${index}].ticketNumber`, TICKET_PATTERN, problems);
        name(entry.passenger, `tickets[${index}].passenger`, problems);
      }
    });
  } else if (vote.vote === 'NO') {
    if (!['SOLD_OUT', 'BUSY', 'INVALID', 'ABORTED'].includes(vote.reason as string)) {
      problems.push(
        `reason ${JSON.stringify(vote.reason)} is not SOLD_OUT, BUSY, INVALID or ABORTED`,
      );
    }
    const flightIds = list(vote.flightIds, 'flightIds', TRANSACTION_LEGS_MAX, problems);
    flightIds?.forEach((id, index) => text(id, `flightIds[${index}]`, FLIGHT_ID_PATTERN, problems));
    if (typeof vote.detail !== 'string' || vote.detail.length > 500) {
      problems.push('detail must be text of at most 500 characters');
    }
  } else {
    problems.push(`vote ${JSON.stringify(vote.vote)} is not YES or NO`);
  }
  return problems.length === 0 ? { ok: true, value: value as Vote } : { ok: false, problems };
}

export function isDecisionAnswer(value: unknown): value is DecisionAnswer {
  return value === 'COMMIT' || value === 'ABORT' || value === 'PENDING' || value === 'UNKNOWN';
}

export function isPeerStateAnswer(value: unknown): value is PeerStateAnswer {
  return value === 'COMMITTED' || value === 'ABORTED' || value === 'UNCERTAIN';
}

function validatePayload(value: unknown, problems: string[]): void {
  const payload = asObject(value, 'payload', problems);
  if (!payload) {
    return;
  }
  if (payload.kind !== 'purchase' && payload.kind !== 'cancel') {
    problems.push(`payload.kind ${JSON.stringify(payload.kind)} is not purchase or cancel`);
  }
  text(payload.locator, 'payload.locator', LOCATOR_PATTERN, problems);
  const passengers = list(
    payload.passengers,
    'payload.passengers',
    TRANSACTION_PASSENGERS_MAX,
    problems,
  );
  passengers?.forEach((passenger, index) =>
    name(passenger, `payload.passengers[${index}]`, problems),
  );
  const legs = list(payload.legs, 'payload.legs', TRANSACTION_LEGS_MAX, problems);
  legs?.forEach((leg, index) => validateLeg(leg, `payload.legs[${index}]`, problems));
  if (passengers?.length === 0 || legs?.length === 0) {
    problems.push('payload needs at least one passenger and one leg');
  }
  const ids = (legs ?? []).map((leg) => (leg as Partial<TransactionLeg>).flightId);
  if (new Set(ids).size !== ids.length) {
    problems.push('payload.legs names the same flight twice');
  }
}

function validateLeg(value: unknown, field: string, problems: string[]): void {
  const leg = asObject(value, field, problems);
  if (!leg) {
    return;
  }
  text(leg.flightId, `${field}.flightId`, FLIGHT_ID_PATTERN, problems);
  text(leg.airline, `${field}.airline`, AIRLINE_PATTERN, problems);
  if (
    !Number.isInteger(leg.seats) ||
    (leg.seats as number) < 1 ||
    (leg.seats as number) > TRANSACTION_PASSENGERS_MAX
  ) {
    problems.push(
      `${field}.seats ${JSON.stringify(leg.seats)} is not a whole number from 1 to ${TRANSACTION_PASSENGERS_MAX}`,
    );
  }
}

function validateStamp(value: unknown, field: string, problems: string[]): void {
  const stamp = asObject(value, field, problems) as Partial<PriorityStamp> | null;
  if (!stamp) {
    return;
  }
  whole(stamp.time, `${field}.time`, problems);
  text(stamp.airline, `${field}.airline`, AIRLINE_PATTERN, problems);
}

function asObject(
  value: unknown,
  field: string,
  problems: string[],
): Record<string, unknown> | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push(`${field} must be a JSON object`);
    return null;
  }
  return value as Record<string, unknown>;
}

function list(value: unknown, field: string, max: number, problems: string[]): unknown[] | null {
  if (!Array.isArray(value) || value.length > max) {
    problems.push(`${field} must be a list of at most ${max} items`);
    return null;
  }
  return value;
}

function text(value: unknown, field: string, pattern: RegExp, problems: string[]): void {
  if (typeof value !== 'string' || !pattern.test(value)) {
    problems.push(`${field} ${JSON.stringify(value)} does not match ${pattern.source}`);
  }
}

function name(value: unknown, field: string, problems: string[]): void {
  if (typeof value !== 'string' || value.length < 1 || value.length > 60) {
    problems.push(`${field} must be a passenger name of 1 to 60 characters`);
  }
}

function whole(value: unknown, field: string, problems: string[]): void {
  if (!Number.isSafeInteger(value) || (value as number) < 0) {
    problems.push(`${field} ${JSON.stringify(value)} is not a non-negative whole number`);
  }
}
