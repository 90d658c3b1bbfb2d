import type {
  AccountView,
  AirportView,
  BookingSegmentView,
  BookingView,
  CancelBookingResponse,
  FlightView,
  ItineraryLegView,
  ItineraryView,
  ListAirportsResponse,
  ListBookingsResponse,
  ListFlightsResponse,
  LogInResponse,
  PurchaseResponse,
  SearchItinerariesResponse,
} from '@interline/contracts';

/** Sample gateway responses shared by the console tests. */

export const JANGADA = { code: 'JG', name: 'Jangada Linhas Aéreas' };
export const IPE = { code: 'IP', name: 'Ipê Linhas Aéreas' };
export const ARAUCARIA = { code: 'RC', name: 'Araucária Linhas Aéreas' };

export const ACCOUNT: AccountView = {
  id: 'acc_7f3c2a',
  email: 'maria@exemplo.com.br',
  name: 'Maria Souza',
  homeAirline: 'JG',
  createdAt: '2026-03-01T12:00:00.000Z',
};

/** A session token of the 43 URL-safe base64 characters the gateway issues. */
export const TOKEN = 'q3Vx9Jk2LmN8pQr4StU6vWx0yZa1Bc3De5Fg7Hi9JkL';

export const LOG_IN_RESPONSE: LogInResponse = {
  token: TOKEN,
  expiresAt: '2026-03-12T21:00:00.000Z',
  account: ACCOUNT,
};

/**
 * Salvador (UTC-3) to Manaus (UTC-4): departs 13:05 UTC, 10:05 in Salvador, and lands 16:50 UTC,
 * 12:50 in Manaus, after 3 h 45 min in the air.
 */
export const SSA_MAO: FlightView = {
  id: 'flt_ssa_mao',
  airline: JANGADA,
  flightNumber: 'JG 2150',
  serviceDate: '2026-03-12',
  origin: 'SSA',
  destination: 'MAO',
  departureAt: '2026-03-12T13:05:00.000Z',
  arrivalAt: '2026-03-12T16:50:00.000Z',
  originTimeZone: 'America/Bahia',
  destinationTimeZone: 'America/Manaus',
  capacity: 186,
  seatsAvailable: 42,
  fareCents: 123456,
};

/** Manaus to Guarulhos overnight: departs 23:30 in Manaus and lands 04:20 the next day. */
export const MAO_GRU_RED_EYE: FlightView = {
  id: 'flt_mao_gru',
  airline: JANGADA,
  flightNumber: '2291',
  serviceDate: '2026-03-12',
  origin: 'MAO',
  destination: 'GRU',
  departureAt: '2026-03-13T03:30:00.000Z',
  arrivalAt: '2026-03-13T07:20:00.000Z',
  originTimeZone: 'America/Manaus',
  destinationTimeZone: 'America/Sao_Paulo',
  capacity: 186,
  seatsAvailable: 0,
  fareCents: 89900,
};

export const FLIGHTS_RESPONSE: ListFlightsResponse = {
  airline: JANGADA,
  date: '2026-03-12',
  flights: [SSA_MAO, MAO_GRU_RED_EYE],
};

export const SALVADOR: AirportView = {
  iata: 'SSA',
  name: 'Aeroporto Internacional de Salvador',
  city: 'Salvador',
  state: 'BA',
  timeZone: 'America/Bahia',
  latitude: -12.9086,
  longitude: -38.3225,
  served: true,
};

export const AIRPORTS_RESPONSE: ListAirportsResponse = {
  airports: [
    SALVADOR,
    {
      iata: 'MAO',
      name: 'Aeroporto Internacional Eduardo Gomes',
      city: 'Manaus',
      state: 'AM',
      timeZone: 'America/Manaus',
      latitude: -3.0386,
      longitude: -60.0497,
      served: false,
    },
  ],
};

/*
 * Itinerary search on Friday 4 December 2026. Salvador, Fortaleza, Curitiba and Belém all keep
 * UTC-3 all year, so each local time below is the UTC time minus three hours.
 */

/** JG 1402 Salvador to Fortaleza, 07:10 to 09:05. */
export const SSA_FOR_LEG: ItineraryLegView = {
  id: 'flt_jg_1402',
  airline: JANGADA,
  flightNumber: '1402',
  serviceDate: '2026-12-04',
  origin: 'SSA',
  destination: 'FOR',
  departureAt: '2026-12-04T10:10:00.000Z',
  arrivalAt: '2026-12-04T12:05:00.000Z',
  originTimeZone: 'America/Bahia',
  destinationTimeZone: 'America/Fortaleza',
  capacity: 174,
  seatsAvailable: 12,
  fareCents: 38990,
  sellable: true,
};

/** IP 3310 Fortaleza to Curitiba, 10:05 to 14:20, an hour after SSA_FOR_LEG lands. */
export const FOR_CWB_LEG: ItineraryLegView = {
  id: 'flt_ip_3310',
  airline: IPE,
  flightNumber: '3310',
  serviceDate: '2026-12-04',
  origin: 'FOR',
  destination: 'CWB',
  departureAt: '2026-12-04T13:05:00.000Z',
  arrivalAt: '2026-12-04T17:20:00.000Z',
  originTimeZone: 'America/Fortaleza',
  destinationTimeZone: 'America/Sao_Paulo',
  capacity: 144,
  seatsAvailable: 8,
  fareCents: 51240,
  sellable: true,
};

/** RC 4825 Curitiba to Belém, 20:10 to 00:25 the next day, 5 h 50 min after FOR_CWB_LEG lands. */
export const CWB_BEL_LEG: ItineraryLegView = {
  id: 'flt_rc_4825',
  airline: ARAUCARIA,
  flightNumber: 'RC 4825',
  serviceDate: '2026-12-04',
  origin: 'CWB',
  destination: 'BEL',
  departureAt: '2026-12-04T23:10:00.000Z',
  arrivalAt: '2026-12-05T03:25:00.000Z',
  originTimeZone: 'America/Sao_Paulo',
  destinationTimeZone: 'America/Belem',
  capacity: 120,
  seatsAvailable: 30,
  fareCents: 46700,
  sellable: true,
};

/** SSA to BEL over FOR and CWB for two passengers: R$ 1.369,30 each, R$ 2.738,60 in total. */
export const SSA_BEL_THREE_LEGS: ItineraryView = {
  legs: [SSA_FOR_LEG, FOR_CWB_LEG, CWB_BEL_LEG],
  departureAt: SSA_FOR_LEG.departureAt,
  arrivalAt: CWB_BEL_LEG.arrivalAt,
  fareCentsPerPassenger: 136930,
  totalFareCents: 273860,
  layoverMinutes: [60, 350],
  sellable: true,
};

const ALL_AIRLINES_REACHABLE = [
  { ...JANGADA, reachable: true },
  { ...IPE, reachable: true },
  { ...ARAUCARIA, reachable: true },
];

export const SEARCH_RESPONSE: SearchItinerariesResponse = {
  origin: 'SSA',
  destination: 'BEL',
  date: '2026-12-04',
  passengers: 2,
  itineraries: [SSA_BEL_THREE_LEGS],
  timetableEndsOn: '2027-01-02',
  airlines: ALL_AIRLINES_REACHABLE,
};

/** IP 3318 Fortaleza to Belém, 12:30 to 15:10, on an airline whose node is unreachable. */
export const FOR_BEL_UNSELLABLE_LEG: ItineraryLegView = {
  id: 'flt_ip_3318',
  airline: IPE,
  flightNumber: '3318',
  serviceDate: '2026-12-04',
  origin: 'FOR',
  destination: 'BEL',
  departureAt: '2026-12-04T15:30:00.000Z',
  arrivalAt: '2026-12-04T18:10:00.000Z',
  originTimeZone: 'America/Fortaleza',
  destinationTimeZone: 'America/Belem',
  capacity: 144,
  seatsAvailable: 20,
  fareCents: 44500,
  sellable: false,
};

/** One passenger, SSA to BEL over FOR, with a 3 h 25 min layover and the IP leg not for sale. */
export const UNSELLABLE_SEARCH_RESPONSE: SearchItinerariesResponse = {
  origin: 'SSA',
  destination: 'BEL',
  date: '2026-12-04',
  passengers: 1,
  timetableEndsOn: '2027-01-02',
  itineraries: [
    {
      legs: [SSA_FOR_LEG, FOR_BEL_UNSELLABLE_LEG],
      departureAt: SSA_FOR_LEG.departureAt,
      arrivalAt: FOR_BEL_UNSELLABLE_LEG.arrivalAt,
      fareCentsPerPassenger: 83490,
      totalFareCents: 83490,
      layoverMinutes: [205],
      sellable: false,
    },
  ],
  airlines: [
    { ...JANGADA, reachable: true },
    { ...IPE, reachable: false },
    { ...ARAUCARIA, reachable: true },
  ],
};

export const EMPTY_SEARCH_RESPONSE: SearchItinerariesResponse = {
  ...SEARCH_RESPONSE,
  passengers: 1,
  itineraries: [],
};

/*
 * Bookings. Ticket numbers follow the gateway's format: a 3-digit airline prefix, a 10-digit
 * serial and a check digit equal to the serial modulo 7.
 */

/** A purchase key as the console generates it: 24 random bytes in URL-safe base64. */
export const IDEMPOTENCY_KEY = 'vYqfysbVdIgkJApxI-ba8JCaNZrXj70b';

export const LOCATOR = 'K7QW2M';

/** Builds a booking segment from a flight and its coupons, one per passenger. */
function segmentOf(flight: FlightView, coupons: BookingSegmentView['coupons']): BookingSegmentView {
  return {
    flightId: flight.id,
    airline: flight.airline,
    flightNumber: flight.flightNumber,
    serviceDate: flight.serviceDate,
    origin: flight.origin,
    destination: flight.destination,
    departureAt: flight.departureAt,
    arrivalAt: flight.arrivalAt,
    originTimeZone: flight.originTimeZone,
    destinationTimeZone: flight.destinationTimeZone,
    fareCents: flight.fareCents,
    coupons,
  };
}

/** SSA_BEL_THREE_LEGS bought by Maria Souza on JG's node for herself and João Souza. */
export const BOOKING: BookingView = {
  locator: LOCATOR,
  status: 'CONFIRMED',
  soldBy: JANGADA,
  passengers: ['Maria Souza', 'João Souza'],
  segments: [
    segmentOf(SSA_FOR_LEG, [
      { passenger: 'Maria Souza', ticketNumber: '40200001234564' },
      { passenger: 'João Souza', ticketNumber: '40200001234575' },
    ]),
    segmentOf(FOR_CWB_LEG, [
      { passenger: 'Maria Souza', ticketNumber: '51700008800116' },
      { passenger: 'João Souza', ticketNumber: '51700008800120' },
    ]),
    segmentOf(CWB_BEL_LEG, [
      { passenger: 'Maria Souza', ticketNumber: '63800000045006' },
      { passenger: 'João Souza', ticketNumber: '63800000045010' },
    ]),
  ],
  totalFareCents: 273860,
  createdAt: '2026-03-12T15:00:05.000Z',
  updatedAt: '2026-03-12T15:00:05.000Z',
};

export const PURCHASE_RESPONSE: PurchaseResponse = { booking: BOOKING, replayed: false };

export const CANCELLED_BOOKING: BookingView = {
  ...BOOKING,
  status: 'CANCELLED',
  updatedAt: '2026-03-12T16:30:00.000Z',
};

export const CANCEL_RESPONSE: CancelBookingResponse = {
  booking: CANCELLED_BOOKING,
  alreadyCancelled: false,
};

/** An older, cancelled booking of one passenger on SSA_MAO, sold by IP's node. */
export const OLDER_BOOKING: BookingView = {
  locator: 'P4XN8R',
  status: 'CANCELLED',
  soldBy: IPE,
  passengers: ['Maria Souza'],
  segments: [segmentOf(SSA_MAO, [{ passenger: 'Maria Souza', ticketNumber: '40200001234586' }])],
  totalFareCents: SSA_MAO.fareCents,
  createdAt: '2026-03-01T12:00:00.000Z',
  updatedAt: '2026-03-02T09:00:00.000Z',
};

export const LIST_BOOKINGS_RESPONSE: ListBookingsResponse = {
  bookings: [BOOKING, OLDER_BOOKING],
  unreachableAirlines: [],
};

/** The list when RC's node is unreachable, so bookings that RC sold may be missing. */
export const PARTIAL_BOOKINGS_RESPONSE: ListBookingsResponse = {
  bookings: [BOOKING],
  unreachableAirlines: [ARAUCARIA],
};
