import { Schema } from 'mongoose';

/**
 * Collections of the MongoDB adapter, one mongoose schema each. Every document uses the record's
 * natural key as `_id`. Nested protocol values (payloads, votes, clocks, segments) are stored as
 * plain subdocuments (`Mixed`), and every value a query filters or sorts on is a field of its own.
 *
 * Indexes are declared here and created by `MongoStorage.open` at start (`autoIndex` is off so
 * that a failure stops the node instead of being logged in the background).
 */

const { Mixed } = Schema.Types;

/** Schema options shared by every collection. */
function options(collection: string) {
  return {
    collection,
    versionKey: false as const,
    autoIndex: false,
    autoCreate: false,
    // Fields not declared here are rejected rather than silently dropped from updates.
    strict: 'throw' as const,
    minimize: false,
  };
}

const nullableString = { type: String, default: null };
const nullableNumber = { type: Number, default: null };

export const airportSchema = new Schema(
  {
    _id: String,
    name: String,
    city: String,
    state: nullableString,
    timeZone: String,
    latitude: Number,
    longitude: Number,
  },
  options('airports'),
);

export const airlineSchema = new Schema(
  { _id: String, name: String, hub: nullableString },
  options('airlines'),
);

/**
 * A flight with its seat counts. `applied` lists the markers of participant-write deltas applied
 * to it and not yet cleaned up, so a delta applied twice (a retry after a crash) counts once.
 */
export const flightSchema = new Schema(
  {
    _id: String,
    airlineCode: String,
    flightNumber: String,
    serviceDate: String,
    origin: String,
    destination: String,
    departureAt: Number,
    arrivalAt: Number,
    capacity: Number,
    fareCents: Number,
    seatsSold: Number,
    seatsHeld: Number,
    seatsAvailable: Number,
    applied: { type: [String], default: [] },
  },
  options('flights'),
);
flightSchema.index(
  { airlineCode: 1, flightNumber: 1, serviceDate: 1 },
  { unique: true, name: 'flights_unique_number_per_date' },
);
flightSchema.index(
  { airlineCode: 1, serviceDate: 1, departureAt: 1 },
  { name: 'flights_by_service_date' },
);
flightSchema.index({ airlineCode: 1, departureAt: 1 }, { name: 'flights_by_departure' });

export const accountSchema = new Schema(
  {
    _id: String,
    email: String,
    displayName: String,
    passwordHash: String,
    homeAirline: String,
    createdAt: Number,
  },
  options('accounts'),
);
accountSchema.index({ email: 1 }, { unique: true, name: 'accounts_unique_email' });

/** `_id` is the SHA-256 of the session token; the token itself is never stored. */
export const sessionSchema = new Schema(
  { _id: String, accountId: String, createdAt: Number, expiresAt: Number },
  options('sessions'),
);
sessionSchema.index({ expiresAt: 1 }, { name: 'sessions_by_expiry' });

export const loginThrottleSchema = new Schema(
  { _id: String, failures: Number, lastFailureAt: Number, blockedUntil: Number },
  options('login_throttle'),
);
loginThrottleSchema.index({ lastFailureAt: 1 }, { name: 'login_throttle_by_last_failure' });

/**
 * One airline's advertisement with its flights, so replacing it is one single-document write.
 * `flights` is keyed by flight id (see `flightKey`), so a seat update sets one path per flight.
 */
export const advertisementSchema = new Schema(
  {
    _id: String,
    sequence: Number,
    airlineName: String,
    nodeUrl: String,
    neighbors: [String],
    receivedAt: Number,
    flights: Mixed,
  },
  options('link_state_advertisements'),
);

export const neighborSchema = new Schema(
  { _id: String, airline: nullableString, source: String, addedAt: Number },
  options('link_state_neighbors'),
);

/**
 * A participant's transaction record. `record` is what readers see; `pending` is the intent of
 * a write in progress (see `participant-write-steps.ts`), null when none.
 */
export const participantTransactionSchema = new Schema(
  {
    _id: String,
    record: { type: Mixed, default: null },
    phase: nullableString,
    createdAt: nullableNumber,
    clock: { type: Mixed, default: {} },
    pending: { type: Mixed, default: null },
  },
  options('participant_transactions'),
);
participantTransactionSchema.index(
  { phase: 1, createdAt: 1 },
  { name: 'participant_transactions_by_phase' },
);
participantTransactionSchema.index(
  { 'pending.stage': 1 },
  { name: 'participant_transactions_pending' },
);

/**
 * A coupon, keyed by ticket number. `insertedBy` and `voidedBy` name the participant write that
 * inserted or voided it, so that write can be retried or undone after a crash.
 */
export const couponSchema = new Schema(
  {
    _id: String,
    flightId: String,
    locator: String,
    passenger: String,
    txId: String,
    status: String,
    issuedAt: Number,
    voidedAt: nullableNumber,
    voidTxId: nullableString,
    insertedBy: nullableString,
    voidedBy: nullableString,
  },
  options('coupons'),
);
couponSchema.index({ locator: 1, issuedAt: 1 }, { name: 'coupons_by_locator' });
couponSchema.index({ flightId: 1, status: 1 }, { name: 'coupons_by_flight' });

export const coordinatorTransactionSchema = new Schema(
  {
    _id: String,
    record: Mixed,
    createdAt: Number,
    completedAt: nullableNumber,
    clock: { type: Mixed, default: {} },
  },
  options('coordinator_transactions'),
);
coordinatorTransactionSchema.index(
  { completedAt: 1, createdAt: 1 },
  { name: 'coordinator_transactions_unfinished' },
);

export const bookingSchema = new Schema(
  {
    _id: String,
    accountId: String,
    accountEmail: String,
    idempotencyKey: String,
    requestDigest: String,
    status: String,
    failure: { type: Mixed, default: null },
    passengers: [String],
    segments: Mixed,
    totalFareCents: Number,
    stamp: Mixed,
    clock: Mixed,
    txIds: [String],
    createdAt: Number,
    updatedAt: Number,
  },
  options('bookings'),
);
bookingSchema.index(
  { accountId: 1, idempotencyKey: 1 },
  { unique: true, name: 'bookings_unique_idempotency_key' },
);
bookingSchema.index({ accountId: 1, createdAt: -1 }, { name: 'bookings_by_account' });
bookingSchema.index({ status: 1, createdAt: 1 }, { name: 'bookings_by_status' });

/** The node's vector clock: a single document with `_id` `node`. */
export const vectorClockSchema = new Schema(
  { _id: String, entries: Mixed, ownReservedUpTo: Number },
  options('vector_clock'),
);

export const purchaseKeySchema = new Schema(
  {
    _id: String,
    accountId: String,
    idempotencyKey: String,
    requestDigest: String,
    airline: String,
    locator: String,
    claimedAt: Number,
  },
  options('purchase_keys'),
);
purchaseKeySchema.index(
  { accountId: 1, idempotencyKey: 1 },
  { unique: true, name: 'purchase_keys_unique_key' },
);

/** Single-value counters; `ticketSerial` holds the last ticket serial handed out. */
export const counterSchema = new Schema({ _id: String, value: Number }, options('counters'));

/** The schema version this database was written with, as the document `{ _id: 'schema' }`. */
export const schemaInfoSchema = new Schema(
  { _id: String, version: Number, updatedAt: Number },
  options('schema_info'),
);

/** Model names and their schemas, registered with `MongooseModule.forFeature`. */
export const MODEL_DEFINITIONS = [
  { name: 'Airport', schema: airportSchema },
  { name: 'Airline', schema: airlineSchema },
  { name: 'Flight', schema: flightSchema },
  { name: 'Account', schema: accountSchema },
  { name: 'Session', schema: sessionSchema },
  { name: 'LoginThrottle', schema: loginThrottleSchema },
  { name: 'Advertisement', schema: advertisementSchema },
  { name: 'Neighbor', schema: neighborSchema },
  { name: 'ParticipantTransaction', schema: participantTransactionSchema },
  { name: 'Coupon', schema: couponSchema },
  { name: 'CoordinatorTransaction', schema: coordinatorTransactionSchema },
  { name: 'Booking', schema: bookingSchema },
  { name: 'VectorClock', schema: vectorClockSchema },
  { name: 'PurchaseKey', schema: purchaseKeySchema },
  { name: 'Counter', schema: counterSchema },
  { name: 'SchemaInfo', schema: schemaInfoSchema },
] as const;

export type ModelName = (typeof MODEL_DEFINITIONS)[number]['name'];
