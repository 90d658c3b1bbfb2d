import type {
  AccountView,
  AirportView,
  FlightView,
  ListAirportsResponse,
  ListFlightsResponse,
  LogInResponse,
} from '@interline/contracts';

/** Sample gateway responses shared by the console tests. */

export const JANGADA = { code: 'JG', name: 'Jangada Linhas Aéreas' };

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
