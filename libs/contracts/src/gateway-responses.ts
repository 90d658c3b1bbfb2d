/** Public view of a passenger account. */
export interface AccountView {
  id: string;
  email: string;
  name: string;
  /** Airline code of the node the account was registered on. */
  homeAirline: string;
  createdAt: string;
}

export interface RegisterResponse {
  account: AccountView;
}

export interface LogInResponse {
  /** Opaque session token; send it back with requests that need a passenger. */
  token: string;
  /** ISO 8601 instant after which the token is rejected. */
  expiresAt: string;
  account: AccountView;
}

export interface LogOutResponse {
  loggedOut: true;
}

export interface AirportView {
  iata: string;
  name: string;
  city: string;
  /** Two-letter Brazilian state code, when known. */
  state: string | null;
  /** IANA time zone, e.g. `America/Sao_Paulo`. */
  timeZone: string;
  latitude: number;
  longitude: number;
  /** True when this node's airline flies from or to the airport. */
  served: boolean;
}

export interface ListAirportsResponse {
  airports: AirportView[];
}

export interface AirlineView {
  code: string;
  name: string;
}

/** One flight leg with its seat inventory, as an airline node reports it. */
export interface FlightView {
  id: string;
  airline: AirlineView;
  flightNumber: string;
  /** Departure date local to the origin airport, YYYY-MM-DD. */
  serviceDate: string;
  origin: string;
  destination: string;
  /** ISO 8601 UTC instants. */
  departureAt: string;
  arrivalAt: string;
  originTimeZone: string;
  destinationTimeZone: string;
  capacity: number;
  seatsAvailable: number;
  /** Fare per passenger in integer BRL cents. */
  fareCents: number;
}

export interface ListFlightsResponse {
  airline: AirlineView;
  date: string;
  flights: FlightView[];
}

/** One leg of an itinerary. */
export interface ItineraryLegView extends FlightView {
  /** False when the operating airline's node is unreachable: shown, but not for sale now. */
  sellable: boolean;
}

/** One Pareto-optimal itinerary over arrival time, fare and number of legs. */
export interface ItineraryView {
  legs: ItineraryLegView[];
  departureAt: string;
  arrivalAt: string;
  /** Sum of the legs' fares for one passenger, BRL cents. */
  fareCentsPerPassenger: number;
  /** `fareCentsPerPassenger × passengers`, BRL cents. */
  totalFareCents: number;
  /** Minutes between each arrival and the next departure, one fewer than the legs. */
  layoverMinutes: number[];
  sellable: boolean;
}

export interface SearchItinerariesResponse {
  origin: string;
  destination: string;
  date: string;
  passengers: number;
  /** Sorted by arrival, then fare, then number of legs. */
  itineraries: ItineraryView[];
  /** Last departure date with published flights in this node's map, YYYY-MM-DD; null when none. */
  timetableEndsOn: string | null;
  /** Airlines whose flights this node's map holds, with their reachability. */
  airlines: Array<AirlineView & { reachable: boolean }>;
}

/** State of a booking as its selling node reports it. */
export type BookingStatus =
  /** Every leg is sold on its airline; coupons are open. */
  | 'CONFIRMED'
  /** A cancellation is being agreed with the airlines; seats are still sold. */
  | 'CANCELLING'
  /** Every coupon is void and every seat returned. */
  | 'CANCELLED';

/** One passenger's coupon on one leg. */
export interface CouponView {
  passenger: string;
  /** 14 digits: airline prefix (3), serial (10), check digit (1, serial mod 7). */
  ticketNumber: string;
}

/** One leg of a booking with the coupons issued for it. */
export interface BookingSegmentView {
  flightId: string;
  airline: AirlineView;
  flightNumber: string;
  serviceDate: string;
  origin: string;
  destination: string;
  departureAt: string;
  arrivalAt: string;
  originTimeZone: string;
  destinationTimeZone: string;
  fareCents: number;
  coupons: CouponView[];
}

/** A booking (PNR), kept by the node that sold it. */
export interface BookingView {
  /** Six-character record locator. */
  locator: string;
  status: BookingStatus;
  /** The airline whose node sold the booking and keeps it. */
  soldBy: AirlineView;
  passengers: string[];
  segments: BookingSegmentView[];
  totalFareCents: number;
  /** ISO 8601 instants. */
  createdAt: string;
  updatedAt: string;
}

export interface PurchaseResponse {
  booking: BookingView;
  /** True when this answers a repeated idempotency key with the first outcome. */
  replayed: boolean;
}

export interface ListBookingsResponse {
  /** Every booking of the passenger found on reachable nodes, newest first. */
  bookings: BookingView[];
  /** Airlines whose nodes did not answer: their bookings may be missing from the list. */
  unreachableAirlines: AirlineView[];
}

export interface ShowBookingResponse {
  booking: BookingView;
}

export interface CancelBookingResponse {
  booking: BookingView;
  /** True when the booking was already cancelled before this request. */
  alreadyCancelled: boolean;
}
