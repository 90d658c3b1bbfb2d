import { randomBytes } from 'node:crypto';

import {
  IDEMPOTENCY_KEY_LENGTH_MAX,
  IDEMPOTENCY_KEY_LENGTH_MIN,
  ITINERARY_LEGS_MAX,
  PASSENGER_NAME_LENGTH_MAX,
  PASSENGERS_MAX,
  PASSENGERS_MIN,
  QUERY_LENGTH_MAX,
  RECORD_LOCATOR_ALPHABET,
  RECORD_LOCATOR_LENGTH,
} from '@interline/contracts';

import { UsageError } from './errors';
import type { PurchaseFields } from './gateway';

/** Shortest passenger name the gateway accepts, in characters after trimming. */
export const PASSENGER_NAME_LENGTH_MIN = 2;

/** Characters of a passenger name, the rule of PurchaseRequest.passengers in the contracts. */
const PASSENGER_NAME_PATTERN = /^[\p{L}][\p{L}' .-]*$/u;
const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_-]+$/;
const LOCATOR_PATTERN = new RegExp(`^[${RECORD_LOCATOR_ALPHABET}]{${RECORD_LOCATOR_LENGTH}}$`);

/**
 * Generates a purchase key: 24 random bytes as 32 URL-safe base64 characters, within the
 * 16 to 64 characters of `[A-Za-z0-9_-]` that the gateway accepts.
 */
export function generateIdempotencyKey(): string {
  return randomBytes(24).toString('base64url');
}

/** Trims a passenger name and collapses runs of spaces, as the gateway does before it checks. */
export function normalizePassengerName(value: string): string {
  return value.trim().replace(/\s+/g, ' ');
}

/** Returns true when `name`, already normalized, passes the gateway's passenger name rules. */
export function isValidPassengerName(name: string): boolean {
  return (
    name.length >= PASSENGER_NAME_LENGTH_MIN &&
    name.length <= PASSENGER_NAME_LENGTH_MAX &&
    PASSENGER_NAME_PATTERN.test(name)
  );
}

/** Validates a passenger name and returns it normalized. `field` names the option or prompt. */
export function parsePassengerName(value: string, field: string): string {
  const name = normalizePassengerName(value);
  if (!isValidPassengerName(name)) {
    throw new UsageError('usage.passengerNameInvalid', {
      option: field,
      value,
      min: PASSENGER_NAME_LENGTH_MIN,
      max: PASSENGER_NAME_LENGTH_MAX,
    });
  }
  return name;
}

/** Validates the `--passenger` values: one name each, PASSENGERS_MIN to PASSENGERS_MAX of them. */
export function parsePassengerNames(values: readonly string[]): string[] {
  if (values.length < PASSENGERS_MIN || values.length > PASSENGERS_MAX) {
    throw new UsageError('usage.passengerCount', {
      count: values.length,
      min: PASSENGERS_MIN,
      max: PASSENGERS_MAX,
    });
  }
  return values.map((value) => parsePassengerName(value, '--passenger'));
}

/** Validates `--flights`: 1 to ITINERARY_LEGS_MAX comma-separated flight ids, in travel order. */
export function parseFlightIds(value: string): string[] {
  const ids = value.split(',').map((id) => id.trim());
  const valid =
    ids.length <= ITINERARY_LEGS_MAX &&
    ids.every((id) => id !== '' && id.length <= QUERY_LENGTH_MAX && !/\s/.test(id));
  if (!valid) {
    throw new UsageError('usage.flightIdsInvalid', { value, max: ITINERARY_LEGS_MAX });
  }
  return ids;
}

/** Validates `--key` with the gateway's rule for idempotency keys. */
export function parseIdempotencyKey(value: string): string {
  const key = value.trim();
  const valid =
    key.length >= IDEMPOTENCY_KEY_LENGTH_MIN &&
    key.length <= IDEMPOTENCY_KEY_LENGTH_MAX &&
    IDEMPOTENCY_KEY_PATTERN.test(key);
  if (!valid) {
    throw new UsageError('usage.idempotencyKeyInvalid', {
      value,
      min: IDEMPOTENCY_KEY_LENGTH_MIN,
      max: IDEMPOTENCY_KEY_LENGTH_MAX,
    });
  }
  return key;
}

/** Validates a record locator, in either case, and returns it in upper case. */
export function parseLocator(value: string): string {
  const locator = value.trim().toUpperCase();
  if (!LOCATOR_PATTERN.test(locator)) {
    throw new UsageError('usage.locatorInvalid', { value, length: RECORD_LOCATOR_LENGTH });
  }
  return locator;
}

/** Options of the `buy` sub-command as commander parses them, before validation. */
export interface BuyOptions {
  flights: string;
  /** Every `--passenger` value in order; undefined when the option is not given. */
  passenger?: string[];
  key?: string;
}

/** A purchase request built from the `buy` options, and whether the console made up its key. */
export interface BuyRequest {
  fields: PurchaseFields;
  keyGenerated: boolean;
}

/** Builds the purchase request from the `buy` options. Without `--key` a new key is generated. */
export function buildPurchaseFields(
  options: BuyOptions,
  token: string,
  generateKey: () => string,
): BuyRequest {
  const flightIds = parseFlightIds(options.flights);
  const passengers = parsePassengerNames(options.passenger ?? []);
  const { key } = options;
  const idempotencyKey = key === undefined ? generateKey() : parseIdempotencyKey(key);
  return {
    fields: { token, idempotencyKey, flightIds, passengers },
    keyGenerated: key === undefined,
  };
}
