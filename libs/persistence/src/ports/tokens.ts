/** Injection tokens for the repository ports. */
export const AIRPORT_REPOSITORY = Symbol('AirportRepository');
export const AIRLINE_REPOSITORY = Symbol('AirlineRepository');
export const FLIGHT_REPOSITORY = Symbol('FlightRepository');
export const ACCOUNT_REPOSITORY = Symbol('AccountRepository');
export const SESSION_REPOSITORY = Symbol('SessionRepository');
export const LOGIN_THROTTLE_REPOSITORY = Symbol('LoginThrottleRepository');
export const STORAGE_HEALTH_PROBE = Symbol('StorageHealthProbe');
export const LINK_STATE_REPOSITORY = Symbol('LinkStateRepository');
export const PARTICIPANT_REPOSITORY = Symbol('ParticipantRepository');
export const COORDINATOR_REPOSITORY = Symbol('CoordinatorRepository');
export const BOOKING_REPOSITORY = Symbol('BookingRepository');
export const VECTOR_CLOCK_REPOSITORY = Symbol('VectorClockRepository');
export const PURCHASE_KEY_REPOSITORY = Symbol('PurchaseKeyRepository');
