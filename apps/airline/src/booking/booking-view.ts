import type { BookingStatus, BookingView } from '@interline/contracts';
import type { BookingRow } from '@interline/persistence';

/** What the view needs to name airlines and airports. */
export interface BookingViewContext {
  airlineName(code: string): string;
  timeZone(iata: string): string;
}

/** A booking as passengers see it. Only confirmed, cancelling or cancelled bookings have one. */
export function toBookingView(
  row: BookingRow,
  soldBy: string,
  context: BookingViewContext,
): BookingView {
  return {
    locator: row.locator,
    status: row.status as BookingStatus,
    soldBy: { code: soldBy, name: context.airlineName(soldBy) },
    passengers: [...row.passengers],
    segments: row.segments.map((segment) => ({
      flightId: segment.flightId,
      airline: { code: segment.airline, name: context.airlineName(segment.airline) },
      flightNumber: segment.flightNumber,
      serviceDate: segment.serviceDate,
      origin: segment.origin,
      destination: segment.destination,
      departureAt: new Date(segment.departureAt).toISOString(),
      arrivalAt: new Date(segment.arrivalAt).toISOString(),
      originTimeZone: context.timeZone(segment.origin),
      destinationTimeZone: context.timeZone(segment.destination),
      fareCents: segment.fareCents,
      coupons: segment.tickets.map((ticket) => ({ ...ticket })),
    })),
    totalFareCents: row.totalFareCents,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

/** True for bookings a passenger can see: failed and unfinished purchases are not bookings. */
export function isVisibleBooking(row: BookingRow): boolean {
  return (VISIBLE_BOOKING_STATUSES as readonly string[]).includes(row.status);
}

/** Statuses of bookings a passenger sees: sold, being cancelled, or cancelled. */
export const VISIBLE_BOOKING_STATUSES = ['CONFIRMED', 'CANCELLING', 'CANCELLED'] as const;
