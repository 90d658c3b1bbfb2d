/**
 * Stable error codes returned by the client gateway. Clients branch on `code`; the `message`
 * is for people and is written in the language the request asked for.
 */
export const GATEWAY_ERROR_CODES = [
  'INVALID_REQUEST',
  'UNKNOWN_PATTERN',
  'MALFORMED_FRAME',
  'FRAME_TOO_LARGE',
  'EMAIL_TAKEN',
  'INVALID_CREDENTIALS',
  'TOO_MANY_ATTEMPTS',
  'SESSION_INVALID',
  'AIRPORT_NOT_FOUND',
  'DATE_OUT_OF_RANGE',
  'SAME_ORIGIN_AND_DESTINATION',
  'FLIGHT_NOT_FOUND',
  'FLIGHT_NOT_SELLABLE',
  'ITINERARY_INVALID',
  'SOLD_OUT',
  'AIRLINE_UNREACHABLE',
  'PURCHASE_TIMED_OUT',
  'PURCHASE_OUTCOME_UNKNOWN',
  'CANCELLATION_OUTCOME_UNKNOWN',
  'IDEMPOTENCY_KEY_REUSED',
  'BOOKING_NOT_FOUND',
  'BOOKING_NOT_CANCELLABLE',
  'ACCOUNT_DIRECTORY_UNREACHABLE',
  'STORAGE_UNAVAILABLE',
  'INTERNAL_ERROR',
] as const;

export type GatewayErrorCode = (typeof GATEWAY_ERROR_CODES)[number];

/** One rejected field of a request. */
export interface FieldViolation {
  field: string;
  /** The rejected value, omitted for secrets such as passwords. */
  value?: unknown;
  message: string;
}

/** The error body a gateway client receives in place of a response. */
export interface GatewayErrorBody {
  code: GatewayErrorCode;
  message: string;
  violations?: FieldViolation[];
  /** Seconds to wait before retrying, set with `TOO_MANY_ATTEMPTS`. */
  retryAfterSeconds?: number;
  /** Airline codes the error is about: the sold-out or unreachable airlines of a purchase. */
  airlines?: string[];
  /** Flight ids the error is about, e.g. the sold-out legs. */
  flightIds?: string[];
}

/** Returns true when `value` has the shape of a gateway error body. */
export function isGatewayErrorBody(value: unknown): value is GatewayErrorBody {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const candidate = value as Partial<GatewayErrorBody>;
  return (
    typeof candidate.code === 'string' &&
    (GATEWAY_ERROR_CODES as readonly string[]).includes(candidate.code) &&
    typeof candidate.message === 'string'
  );
}
