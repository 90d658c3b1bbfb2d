/**
 * Message patterns served by the client gateway, a `@nestjs/microservices` TCP server.
 * Each request frame is `<length>#<json>` where the JSON is `{ "pattern", "data", "id" }`.
 */
export const GatewayPattern = {
  register: 'accounts.register',
  logIn: 'accounts.login',
  logOut: 'accounts.logout',
  listAirports: 'airports.list',
  listFlights: 'flights.list',
  searchItineraries: 'itineraries.search',
  purchase: 'bookings.purchase',
  listBookings: 'bookings.list',
  showBooking: 'bookings.show',
  cancelBooking: 'bookings.cancel',
} as const;

export type GatewayPatternName = (typeof GatewayPattern)[keyof typeof GatewayPattern];

export const GATEWAY_PATTERNS: readonly GatewayPatternName[] = Object.values(GatewayPattern);
