import type {
  BookingSegmentView,
  BookingStatus,
  BookingView,
  CancelBookingResponse,
  CouponView,
  ItineraryView,
  ListBookingsResponse,
  PurchaseResponse,
} from '@interline/contracts';

import { formatFare, formatInstant, formatList } from './format';
import type { MessageKey } from './i18n';
import { renderTable, type TableColumn } from './table';
import {
  flightDesignator,
  renderAirlineName,
  renderConnection,
  renderLayover,
  type ViewContext,
} from './views';

const STATUS_LABELS: Readonly<Record<BookingStatus, MessageKey>> = {
  CONFIRMED: 'booking.statusConfirmed',
  CANCELLING: 'booking.statusCancelling',
  CANCELLED: 'booking.statusCancelled',
};

/** Renders a booking status in words: green when confirmed, dim when cancelled. */
export function renderBookingStatus(status: BookingStatus, view: ViewContext): string {
  const key = STATUS_LABELS[status];
  if (key === undefined) {
    // A status that this console does not know is shown as the node sent it.
    return status;
  }
  const label = view.t(key);
  if (status === 'CONFIRMED') {
    return view.style.success(label);
  }
  return status === 'CANCELLED' ? view.style.dim(label) : label;
}

/**
 * Renders the airports of a booking in travel order, e.g. `SSA → FOR → BEL`. A change of
 * airports within a city shows both, e.g. `SSA → GIG/SDU → CWB`.
 */
export function renderRoute(segments: readonly BookingSegmentView[]): string {
  if (segments.length === 0) {
    return '';
  }
  const stops = [segments[0].origin];
  segments.forEach((segment, index) => {
    if (index > 0 && segment.origin !== segments[index - 1].destination) {
      stops[stops.length - 1] += `/${segment.origin}`;
    }
    stops.push(segment.destination);
  });
  return stops.join(' → ');
}

/** Formats a number of passengers, e.g. `2 passageiros`. */
function renderPassengerCount(count: number, view: ViewContext): string {
  return view.t(count === 1 ? 'itineraries.passengersOne' : 'itineraries.passengersMany', {
    count,
  });
}

/**
 * Renders the passenger's bookings as a numbered table, newest first as the node sends them,
 * with a warning when some airlines were unreachable and their bookings may be missing.
 */
export function renderBookingList(response: ListBookingsResponse, view: ViewContext): string {
  const lines: string[] = [];
  const { bookings, unreachableAirlines } = response;
  if (bookings.length === 0) {
    lines.push(view.t('bookings.none'));
  } else {
    const columns: TableColumn[] = [
      { header: view.t('bookings.column.number'), align: 'right' },
      { header: view.t('bookings.column.locator') },
      { header: view.t('bookings.column.status') },
      { header: view.t('bookings.column.route') },
      { header: view.t('bookings.column.departure') },
      { header: view.t('bookings.column.passengers'), align: 'right' },
      { header: view.t('bookings.column.total'), align: 'right' },
      { header: view.t('bookings.column.soldBy') },
    ];
    const rows = bookings.map((booking, index) => [
      String(index + 1),
      view.style.bold(booking.locator),
      renderBookingStatus(booking.status, view),
      renderRoute(booking.segments),
      renderFirstDeparture(booking, view),
      String(booking.passengers.length),
      formatFare(booking.totalFareCents, view.lang),
      renderAirlineName(booking.soldBy, view),
    ]);
    const count = view.t(bookings.length === 1 ? 'bookings.countOne' : 'bookings.countMany', {
      count: bookings.length,
    });
    lines.push(
      renderTable(columns, rows, (text) => view.style.bold(text)),
      view.style.dim(count),
    );
  }

  if (unreachableAirlines.length > 0) {
    const airlines = formatList(
      unreachableAirlines.map((airline) => renderAirlineName(airline, view)),
      view.lang,
    );
    const key =
      unreachableAirlines.length === 1 ? 'bookings.unreachableOne' : 'bookings.unreachableMany';
    lines.push(view.style.error(view.t(key, { airlines })));
  }
  return lines.join('\n');
}

/** Formats the first departure of a booking in its origin airport's zone. */
function renderFirstDeparture(booking: BookingView, view: ViewContext): string {
  const first = booking.segments.at(0);
  return first === undefined
    ? ''
    : formatInstant(first.departureAt, view.lang, first.originTimeZone);
}

/**
 * Renders a booking: the locator in bold, status, selling airline and passengers, then the
 * flights as a table with each passenger's ticket under its flight, and the total.
 */
export function renderBooking(booking: BookingView, view: ViewContext): string {
  const lines = [
    view.style.bold(view.t('booking.locator', { locator: booking.locator })),
    view.t('booking.status', { status: renderBookingStatus(booking.status, view) }),
    view.t('booking.soldBy', { airline: renderAirlineName(booking.soldBy, view) }),
    view.t('booking.passengers', { names: formatList(booking.passengers, view.lang) }),
    '',
    ...renderSegmentTable(booking.segments, booking.status, view),
    '',
    view.style.bold(
      view.t('booking.total', {
        total: formatFare(booking.totalFareCents, view.lang),
        passengers: renderPassengerCount(booking.passengers.length, view),
      }),
    ),
    view.style.dim(
      view.t('booking.dates', {
        createdAt: formatInstant(booking.createdAt, view.lang, view.timeZone),
        updatedAt: formatInstant(booking.updatedAt, view.lang, view.timeZone),
      }),
    ),
    view.style.dim(view.t('booking.timesNote')),
  ];
  return lines.join('\n');
}

/** Columns of a flight table with dates: flight, airline, airports, local times and fare. */
function flightColumns(view: ViewContext): TableColumn[] {
  return [
    { header: view.t('flights.column.flight') },
    { header: view.t('flights.column.airline') },
    { header: view.t('flights.column.origin') },
    { header: view.t('flights.column.departure') },
    { header: view.t('flights.column.destination') },
    { header: view.t('flights.column.arrival') },
    { header: view.t('flights.column.fare'), align: 'right' },
  ];
}

/** The fields of a flight that `flightRow` shows, common to itinerary legs and booking segments. */
type FlightFields = Pick<
  BookingSegmentView,
  | 'airline'
  | 'flightNumber'
  | 'origin'
  | 'destination'
  | 'departureAt'
  | 'arrivalAt'
  | 'originTimeZone'
  | 'destinationTimeZone'
  | 'fareCents'
>;

/** Returns the cells of one flight, with date and time in each airport's zone. */
function flightRow(flight: FlightFields, view: ViewContext): string[] {
  return [
    flightDesignator(flight),
    view.style.airline(flight.airline.code, flight.airline.name),
    flight.origin,
    formatInstant(flight.departureAt, view.lang, flight.originTimeZone),
    flight.destination,
    formatInstant(flight.arrivalAt, view.lang, flight.destinationTimeZone),
    formatFare(flight.fareCents, view.lang),
  ];
}

/**
 * Renders a flight table and puts `after(index)` under row `index`: coupons, layovers or both.
 */
function renderFlightTable(
  flights: readonly FlightFields[],
  view: ViewContext,
  after: (index: number) => string[],
): string[] {
  const table = renderTable(
    flightColumns(view),
    flights.map((flight) => flightRow(flight, view)),
    (text) => view.style.bold(text),
  );
  const [header, rule, ...rowLines] = table.split('\n');
  const lines = [header, rule];
  rowLines.forEach((line, index) => lines.push(line, ...after(index)));
  return lines;
}

function renderCoupon(coupon: CouponView, view: ViewContext): string {
  return view.t('booking.coupon', {
    ticketNumber: coupon.ticketNumber,
    passenger: coupon.passenger,
  });
}

/** Renders a coupon of a cancelled booking, whose ticket is void, in dim text. */
function renderVoidCoupon(coupon: CouponView, view: ViewContext): string {
  const text = view.t('booking.couponVoid', {
    ticketNumber: coupon.ticketNumber,
    passenger: coupon.passenger,
  });
  return view.style.dim(text);
}

/**
 * Renders the segments of a booking with the coupons of each and the layovers between them.
 * The coupons of a cancelled booking are marked void.
 */
function renderSegmentTable(
  segments: readonly BookingSegmentView[],
  status: BookingStatus,
  view: ViewContext,
): string[] {
  const couponText = status === 'CANCELLED' ? renderVoidCoupon : renderCoupon;
  return renderFlightTable(segments, view, (index) => {
    const segment = segments[index];
    const lines = segment.coupons.map((coupon) => `    ${couponText(coupon, view)}`);
    const next = segments.at(index + 1);
    if (next !== undefined) {
      lines.push(renderConnection(segment, next, undefined, view));
    }
    return lines;
  });
}

/**
 * Renders the purchase review: each leg with airline, flight, airports and local times, the
 * layovers, the passengers, the fare per passenger and the total for all of them.
 */
export function renderPurchaseReview(
  itinerary: ItineraryView,
  passengers: readonly string[],
  view: ViewContext,
): string {
  const legLines = renderFlightTable(itinerary.legs, view, (index) =>
    index < itinerary.legs.length - 1 ? [renderLayover(itinerary, index, view)] : [],
  );
  const lines = [
    view.style.bold(view.t('purchase.reviewHeading')),
    '',
    ...legLines,
    '',
    view.t('purchase.passengersHeading'),
    ...passengers.map((name, index) => `  ${index + 1}. ${name}`),
    '',
    view.t('purchase.farePerPassenger', {
      fare: formatFare(itinerary.fareCentsPerPassenger, view.lang),
    }),
    view.t('purchase.passengerCount', { count: passengers.length }),
    view.style.bold(
      view.t('purchase.total', { total: formatFare(itinerary.totalFareCents, view.lang) }),
    ),
    view.style.dim(view.t('booking.timesNote')),
  ];
  return lines.join('\n');
}

/** Renders a completed purchase: a confirmation line, then the booking with its tickets. */
export function renderPurchased(response: PurchaseResponse, view: ViewContext): string {
  const heading = response.replayed
    ? view.t('purchase.replayed')
    : view.style.success(view.t('purchase.done'));
  return [heading, '', renderBooking(response.booking, view)].join('\n');
}

/** Renders the idempotency key of a scripted purchase. */
export function renderPurchaseKey(key: string, view: ViewContext): string {
  return view.style.dim(view.t('purchase.key', { key }));
}

/** Renders what a cancellation voids: each flight of the booking with its tickets. */
export function renderCancellationPreview(booking: BookingView, view: ViewContext): string {
  const lines = [view.t('cancel.previewHeading', { locator: booking.locator })];
  for (const segment of booking.segments) {
    const departure = formatInstant(segment.departureAt, view.lang, segment.originTimeZone);
    const airline = view.style.airline(segment.airline.code, flightDesignator(segment));
    lines.push(`  ${airline} ${segment.origin} → ${segment.destination}, ${departure}`);
    for (const coupon of segment.coupons) {
      lines.push(`    ${renderCoupon(coupon, view)}`);
    }
  }
  return lines.join('\n');
}

/**
 * Renders the result of a cancellation: what happened, in words that tell an earlier
 * cancellation and one still in progress apart, then the booking as it is now.
 */
export function renderCancelled(response: CancelBookingResponse, view: ViewContext): string {
  const { booking } = response;
  const locator = booking.locator;
  let heading: string;
  if (response.alreadyCancelled) {
    heading = view.t('cancel.alreadyCancelled', { locator });
  } else if (booking.status === 'CANCELLED') {
    heading = view.style.success(view.t('cancel.done', { locator }));
  } else if (booking.status === 'CANCELLING') {
    heading = view.t('cancel.inProgress', { locator });
  } else {
    heading = view.style.error(view.t('cancel.notApplied', { locator }));
  }
  return [heading, '', renderBooking(booking, view)].join('\n');
}
