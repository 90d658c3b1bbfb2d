import {
  ITINERARY_LEGS_MAX,
  type AccountView,
  type AirportView,
  type FlightView,
  type ItineraryLegView,
  type ItineraryView,
  type Language,
  type ListAirportsResponse,
  type ListFlightsResponse,
  type LogInResponse,
  type RegisterResponse,
  type SearchItinerariesResponse,
} from '@interline/contracts';

import type { ErrorDocument } from './errors';
import {
  arrivalDayOffset,
  formatCalendarDate,
  formatDuration,
  formatFare,
  formatInstant,
  formatLocalTime,
  formatMinutes,
} from './format';
import type { Translator } from './i18n';
import type { NodeTarget } from './settings';
import type { Styler } from './style';
import { renderTable, type TableColumn } from './table';

/** Language, translator and colour setting that the renderers use. */
export interface ViewContext {
  lang: Language;
  t: Translator;
  style: Styler;
  /**
   * Time zone for instants that belong to no airport, such as a token expiry. Default: Brasília
   * time.
   */
  timeZone?: string;
}

/** Renders an account as `Name <email>` with its home airline code in the airline's colour. */
export function renderAccountSummary(account: AccountView, view: ViewContext): string {
  return view.t('account.summary', {
    name: account.name,
    email: account.email,
    airline: view.style.airline(account.homeAirline, account.homeAirline),
  });
}

export function renderRegistered(response: RegisterResponse, view: ViewContext): string {
  const { account } = response;
  return [
    view.style.success(view.t('register.done')),
    renderAccountSummary(account, view),
    view.style.dim(view.t('register.accountId', { id: account.id })),
  ].join('\n');
}

/**
 * Renders a new session. With `tokenNode`, the node that issued the token, it adds the token and
 * how to pass it to later commands on that node.
 */
export function renderLoggedIn(
  response: LogInResponse,
  view: ViewContext,
  tokenNode?: NodeTarget,
): string {
  const lines = [
    view.style.success(view.t('login.done', { name: response.account.name })),
    renderAccountSummary(response.account, view),
    view.t('login.expires', {
      expiresAt: formatInstant(response.expiresAt, view.lang, view.timeZone),
    }),
  ];
  if (tokenNode !== undefined) {
    lines.push(
      '',
      view.t('login.tokenLabel'),
      response.token,
      '',
      view.t('login.tokenHowTo'),
      `  export INTERLINE_TOKEN='${response.token}'`,
      `  npm run console -- logout${tokenNode.option}`,
    );
    if (tokenNode.option !== '') {
      lines.push('', view.t('login.nodeOnly', { node: tokenNode.address }));
    }
  }
  return lines.join('\n');
}

export function renderLoggedOut(view: ViewContext): string {
  return view.style.success(view.t('logout.done'));
}

function renderServed(airport: AirportView, view: ViewContext): string {
  return airport.served
    ? view.t('airports.servedYes')
    : view.style.dim(view.t('airports.servedNo'));
}

export function renderAirports(response: ListAirportsResponse, view: ViewContext): string {
  const { airports } = response;
  if (airports.length === 0) {
    return view.t('airports.none');
  }
  const columns: TableColumn[] = [
    { header: view.t('airports.column.iata') },
    { header: view.t('airports.column.name') },
    { header: view.t('airports.column.city') },
    { header: view.t('airports.column.state') },
    { header: view.t('airports.column.timeZone') },
    { header: view.t('airports.column.served') },
  ];
  const rows = airports.map((airport) => [
    view.style.bold(airport.iata),
    airport.name,
    airport.city,
    airport.state ?? '',
    airport.timeZone,
    renderServed(airport, view),
  ]);
  const count = view.t(airports.length === 1 ? 'airports.countOne' : 'airports.countMany', {
    count: airports.length,
  });
  return `${renderTable(columns, rows, (text) => view.style.bold(text))}\n${view.style.dim(count)}`;
}

/** Returns the flight number with the airline code in front, unless it already starts with it. */
export function flightDesignator(flight: Pick<FlightView, 'airline' | 'flightNumber'>): string {
  const code = flight.airline.code;
  return flight.flightNumber.toUpperCase().startsWith(code.toUpperCase())
    ? flight.flightNumber
    : `${code} ${flight.flightNumber}`;
}

/**
 * Formats an arrival time in its airport's zone, followed by a dim `+1` when the arrival falls on
 * a later local date than the departure did in its own zone.
 */
export function renderLocalArrival(
  departureAt: string,
  departureTimeZone: string,
  arrivalAt: string,
  arrivalTimeZone: string,
  view: ViewContext,
): string {
  const time = formatLocalTime(arrivalAt, arrivalTimeZone, view.lang);
  const days = arrivalDayOffset(departureAt, departureTimeZone, arrivalAt, arrivalTimeZone);
  return days === 0 ? time : `${time} ${view.style.dim(days > 0 ? `+${days}` : String(days))}`;
}

function renderArrival(flight: FlightView, view: ViewContext): string {
  return renderLocalArrival(
    flight.departureAt,
    flight.originTimeZone,
    flight.arrivalAt,
    flight.destinationTimeZone,
    view,
  );
}

function renderSeats(flight: FlightView, view: ViewContext): string {
  return flight.seatsAvailable > 0
    ? String(flight.seatsAvailable)
    : view.style.dim(view.t('flights.soldOut'));
}

/** Shows "departed" in place of the seat count of a flight whose departure is not after `now`. */
function renderFlightSeats(flight: FlightView, now: Date, view: ViewContext): string {
  return Date.parse(flight.departureAt) <= now.getTime()
    ? view.style.dim(view.t('flights.departed'))
    : renderSeats(flight, view);
}

/** Renders the flights of a date as a table. `now` marks the flights that have departed. */
export function renderFlights(response: ListFlightsResponse, view: ViewContext, now: Date): string {
  const heading = view.style.bold(
    view.t('flights.heading', {
      airline: view.style.airline(response.airline.code, response.airline.name),
      date: formatCalendarDate(response.date, view.lang),
    }),
  );
  if (response.flights.length === 0) {
    return `${heading}\n${view.t('flights.none')}`;
  }

  const columns: TableColumn[] = [
    { header: view.t('flights.column.flight') },
    { header: view.t('flights.column.airline') },
    { header: view.t('flights.column.origin') },
    { header: view.t('flights.column.departure') },
    { header: view.t('flights.column.destination') },
    { header: view.t('flights.column.arrival') },
    { header: view.t('flights.column.duration'), align: 'right' },
    { header: view.t('flights.column.seats'), align: 'right' },
    { header: view.t('flights.column.fare'), align: 'right' },
  ];
  const rows = response.flights.map((flight) => [
    flightDesignator(flight),
    view.style.airline(flight.airline.code, flight.airline.name),
    flight.origin,
    formatLocalTime(flight.departureAt, flight.originTimeZone, view.lang),
    flight.destination,
    renderArrival(flight, view),
    formatDuration(flight.departureAt, flight.arrivalAt),
    renderFlightSeats(flight, now, view),
    formatFare(flight.fareCents, view.lang),
  ]);
  const note = view.style.dim(view.t('flights.timesNote'));
  return [heading, renderTable(columns, rows, (text) => view.style.bold(text)), note].join('\n');
}

/** Options of `renderItineraries`. */
export interface ItinerariesRenderOptions {
  /** The `maxLegs` the request sent, if any. An empty result then suggests more legs. */
  maxLegs?: number;
  /** Adds the flight ids of each sellable itinerary, in the form `buy --flights` takes them. */
  showFlightIds?: boolean;
  /** ` --node <address>` for the printed `buy` command, as in NodeTarget. Default: none. */
  nodeOption?: string;
}

/**
 * Renders an itinerary search: a heading with route, date and passengers, a line naming the
 * airlines whose nodes are unreachable, then one numbered block per itinerary.
 */
export function renderItineraries(
  response: SearchItinerariesResponse,
  view: ViewContext,
  options: ItinerariesRenderOptions = {},
): string {
  const { maxLegs } = options;
  const count = response.itineraries.length;
  const params = {
    count,
    origin: response.origin,
    destination: response.destination,
    date: formatCalendarDate(response.date, view.lang),
    passengers: view.t(
      response.passengers === 1 ? 'itineraries.passengersOne' : 'itineraries.passengersMany',
      { count: response.passengers },
    ),
  };
  const unreachable = renderUnreachableAirlines(response, view);

  if (count === 0) {
    const lines = [view.t('itineraries.none', params)];
    if (unreachable !== undefined) {
      lines.push(unreachable);
    }
    if (response.timetableEndsOn !== null && response.date > response.timetableEndsOn) {
      lines.push(
        view.t('itineraries.beyondTimetable', {
          date: formatCalendarDate(response.timetableEndsOn, view.lang),
        }),
      );
      return lines.join('\n');
    }
    // Without maxLegs the node already allows ITINERARY_LEGS_MAX legs, its default, so only an
    // explicit lower limit leaves room for more legs.
    lines.push(
      maxLegs !== undefined && maxLegs < ITINERARY_LEGS_MAX
        ? view.t(maxLegs === 1 ? 'itineraries.tryMoreLegsOne' : 'itineraries.tryMoreLegs', {
            maxLegs,
            max: ITINERARY_LEGS_MAX,
          })
        : view.t('itineraries.tryAnotherDate'),
    );
    return lines.join('\n');
  }

  const heading = count === 1 ? 'itineraries.headingOne' : 'itineraries.headingMany';
  const lines = [view.style.bold(view.t(heading, params))];
  if (unreachable !== undefined) {
    lines.push(unreachable);
  }
  response.itineraries.forEach((itinerary, index) => {
    lines.push('', renderItinerary(itinerary, index + 1, response.passengers, view));
    if (options.showFlightIds === true && itinerary.sellable) {
      const ids = itinerary.legs.map((leg) => leg.id).join(',');
      const command = `buy${options.nodeOption ?? ''} --flights`;
      const indent = ' '.repeat(`${index + 1})`.length + 1);
      lines.push(indent + view.style.dim(view.t('itineraries.flightIdsForBuy', { command, ids })));
    }
  });
  lines.push('', view.style.dim(view.t('flights.timesNote')));
  return lines.join('\n');
}

/** Renders an airline as `Name (CODE)` in its colour. */
export function renderAirlineName(
  airline: { code: string; name: string },
  view: ViewContext,
): string {
  return view.style.airline(airline.code, `${airline.name} (${airline.code})`);
}

/** Returns the line that names the unreachable airlines, or undefined when all are reachable. */
function renderUnreachableAirlines(
  response: SearchItinerariesResponse,
  view: ViewContext,
): string | undefined {
  const names = response.airlines
    .filter((airline) => !airline.reachable)
    .map((airline) => renderAirlineName(airline, view));
  if (names.length === 0) {
    return undefined;
  }
  const key =
    names.length === 1 ? 'itineraries.unreachableAirline' : 'itineraries.unreachableAirlines';
  return view.t(key, { airlines: names.join(', ') });
}

function renderStops(legCount: number, view: ViewContext): string {
  const stops = legCount - 1;
  if (stops <= 0) {
    return view.t('itineraries.nonstop');
  }
  return view.t(stops === 1 ? 'itineraries.stopsOne' : 'itineraries.stopsMany', { count: stops });
}

/**
 * Renders one itinerary: a summary line after its number, then its legs as a table with a
 * layover line between consecutive legs, indented under the summary.
 */
function renderItinerary(
  itinerary: ItineraryView,
  number: number,
  passengers: number,
  view: ViewContext,
): string {
  const { legs } = itinerary;
  // The summary reads the times in the first origin's and the last destination's zones. An
  // itinerary always has legs, and UTC only keeps a malformed reply readable.
  const originTimeZone = legs.at(0)?.originTimeZone ?? 'UTC';
  const destinationTimeZone = legs.at(-1)?.destinationTimeZone ?? 'UTC';
  const departure = formatLocalTime(itinerary.departureAt, originTimeZone, view.lang);
  const arrival = renderLocalArrival(
    itinerary.departureAt,
    originTimeZone,
    itinerary.arrivalAt,
    destinationTimeZone,
    view,
  );
  const summary = [
    `${departure} → ${arrival}`,
    formatDuration(itinerary.departureAt, itinerary.arrivalAt),
    renderStops(legs.length, view),
    renderItineraryFare(itinerary, passengers, view),
  ];
  if (!itinerary.sellable) {
    summary.push(view.style.error(view.t('itineraries.notForSale')));
  }

  const label = `${number})`;
  const indent = ' '.repeat(label.length + 1);
  const body = renderLegTable(itinerary, view).map((line) => indent + line);
  return [`${view.style.bold(label)} ${summary.join(' · ')}`, ...body].join('\n');
}

/** Renders the fare per passenger, followed by the total when there is more than one passenger. */
function renderItineraryFare(
  itinerary: ItineraryView,
  passengers: number,
  view: ViewContext,
): string {
  const perPassenger = formatFare(itinerary.fareCentsPerPassenger, view.lang);
  if (passengers === 1) {
    return view.t('itineraries.farePerPassenger', { perPassenger });
  }
  const total = formatFare(itinerary.totalFareCents, view.lang);
  return view.t('itineraries.fareWithTotal', { perPassenger, total });
}

/** Returns the lines of an itinerary's leg table, with a layover line after each leg but the last. */
function renderLegTable(itinerary: ItineraryView, view: ViewContext): string[] {
  const { legs } = itinerary;
  const columns: TableColumn[] = [
    { header: view.t('flights.column.flight') },
    { header: view.t('flights.column.airline') },
    { header: view.t('flights.column.origin') },
    { header: view.t('flights.column.departure') },
    { header: view.t('flights.column.destination') },
    { header: view.t('flights.column.arrival') },
    { header: view.t('flights.column.duration'), align: 'right' },
    { header: view.t('flights.column.seats'), align: 'right' },
  ];
  const rows = legs.map((leg) => [
    flightDesignator(leg),
    view.style.airline(leg.airline.code, leg.airline.name),
    leg.origin,
    formatLocalTime(leg.departureAt, leg.originTimeZone, view.lang),
    leg.destination,
    renderArrival(leg, view),
    formatDuration(leg.departureAt, leg.arrivalAt),
    renderLegSeats(leg, view),
  ]);
  const [header, rule, ...rowLines] = renderTable(columns, rows, (text) =>
    view.style.bold(text),
  ).split('\n');

  const lines = [header, rule];
  rowLines.forEach((line, index) => {
    lines.push(line);
    if (index < legs.length - 1) {
      lines.push(renderLayover(itinerary, index, view));
    }
  });
  return lines;
}

/**
 * Shows "unavailable" in place of the seat count of a leg that cannot be sold now. The seat
 * inventory is stored on the airline's own node, and that node is unreachable.
 */
function renderLegSeats(leg: ItineraryLegView, view: ViewContext): string {
  return leg.sellable
    ? renderSeats(leg, view)
    : view.style.error(view.t('itineraries.legUnavailable'));
}

/** Renders the layover after leg `index`, e.g. `conexão em FOR: 1h00`. */
export function renderLayover(itinerary: ItineraryView, index: number, view: ViewContext): string {
  const arriving = itinerary.legs[index];
  const departing = itinerary.legs[index + 1];
  return renderConnection(arriving, departing, itinerary.layoverMinutes[index], view);
}

/**
 * Renders the layover between two consecutive legs, e.g. `conexão em FOR: 1h00`. Without
 * `minutes` it is computed from the arrival and the next departure.
 */
export function renderConnection(
  arriving: { destination: string; arrivalAt: string },
  departing: { origin: string; departureAt: string },
  minutes: number | undefined,
  view: ViewContext,
): string {
  // A connection may change airports within a city, such as GIG to SDU.
  const airport =
    arriving.destination === departing.origin
      ? arriving.destination
      : `${arriving.destination} → ${departing.origin}`;
  const duration = formatMinutes(
    minutes ?? (Date.parse(departing.departureAt) - Date.parse(arriving.arrivalAt)) / 60_000,
  );
  const text = view.t('itineraries.layover', { airport, duration });
  return `  ${view.style.dim(text)}`;
}

/**
 * Renders an error for a person: the message as the gateway or console wrote it, the code in
 * dim text, then one line per field violation and the retry delay when there is one.
 */
export function renderError(document: ErrorDocument, view: ViewContext): string {
  const lines = [`${view.style.error(document.message)} ${view.style.dim(`[${document.code}]`)}`];
  for (const violation of document.violations ?? []) {
    // Some gateway messages already start with "field:", which is not repeated then.
    const named = violation.message.startsWith(`${violation.field}:`);
    lines.push(
      named
        ? `  - ${violation.message}`
        : `  - ${view.style.bold(violation.field)}: ${violation.message}`,
    );
  }
  const seconds = document.retryAfterSeconds;
  if (seconds !== undefined && !mentionsSeconds(document.message, seconds)) {
    lines.push(view.t('error.retryAfter', { seconds }));
  }
  return lines.join('\n');
}

/**
 * Returns whether `message` already gives the wait as `<seconds> s`, as the gateway's
 * TOO_MANY_ATTEMPTS message does in both languages.
 */
function mentionsSeconds(message: string, seconds: number): boolean {
  const number = String(seconds).replaceAll('.', '\\.');
  return new RegExp(`(^|\\D)${number}\\s?s\\b`).test(message);
}
