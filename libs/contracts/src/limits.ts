/** Account field limits shared by the gateway validation and the console prompts. */
export const PASSWORD_LENGTH_MIN = 10;
export const PASSWORD_LENGTH_MAX = 128;
export const DISPLAY_NAME_LENGTH_MAX = 80;
export const EMAIL_LENGTH_MAX = 254;
export const QUERY_LENGTH_MAX = 60;
/** Upper bound of one gateway frame, in characters of its JSON text. */
export const GATEWAY_FRAME_LENGTH_MAX = 64 * 1024;
/** Passengers in one itinerary search or purchase. */
export const PASSENGERS_MIN = 1;
export const PASSENGERS_MAX = 9;
/** Legs in one itinerary. */
export const ITINERARY_LEGS_MAX = 4;
/** Itineraries returned by one search. */
export const SEARCH_RESULTS_MAX = 50;
export const SEARCH_RESULTS_DEFAULT = 20;
/** How far ahead, in days from today at the origin, a search may look. */
export const SEARCH_DAYS_AHEAD_MAX = 330;
/** Length of a record locator (PNR). */
export const RECORD_LOCATOR_LENGTH = 6;
/** Letters and digits of a record locator: no 0/O or 1/I, which people confuse. */
export const RECORD_LOCATOR_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** Client-generated idempotency keys: 16–64 characters of `[A-Za-z0-9_-]`. */
export const IDEMPOTENCY_KEY_LENGTH_MIN = 16;
export const IDEMPOTENCY_KEY_LENGTH_MAX = 64;
/** Passenger names on a booking. */
export const PASSENGER_NAME_LENGTH_MAX = 60;
