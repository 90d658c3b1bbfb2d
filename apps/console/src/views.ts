import type {
  AccountView,
  AirportView,
  FlightView,
  Language,
  ListAirportsResponse,
  ListFlightsResponse,
  LogInResponse,
  RegisterResponse,
} from '@interline/contracts';

import type { ErrorDocument } from './errors';
import {
  arrivalDayOffset,
  formatCalendarDate,
  formatDuration,
  formatFare,
  formatInstant,
  formatLocalTime,
} from './format';
import type { Translator } from './i18n';
import type { Styler } from './style';
import { renderTable, type TableColumn } from './table';

/** Language, translator and colour setting that the renderers use. */
export interface ViewContext {
  lang: Language;
  t: Translator;
  style: Styler;
  /** Time zone for instants that belong to no airport, such as a token expiry. Default: the machine's. */
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

/** Renders a new session. `showToken` adds the token and how to pass it to later commands. */
export function renderLoggedIn(
  response: LogInResponse,
  view: ViewContext,
  showToken: boolean,
): string {
  const lines = [
    view.style.success(view.t('login.done', { name: response.account.name })),
    renderAccountSummary(response.account, view),
    view.t('login.expires', {
      expiresAt: formatInstant(response.expiresAt, view.lang, view.timeZone),
    }),
  ];
  if (showToken) {
    lines.push(
      '',
      view.t('login.tokenLabel'),
      response.token,
      '',
      view.t('login.tokenHowTo'),
      `  export INTERLINE_TOKEN='${response.token}'`,
      '  npm run console -- logout',
    );
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
export function flightDesignator(flight: FlightView): string {
  const code = flight.airline.code;
  return flight.flightNumber.toUpperCase().startsWith(code.toUpperCase())
    ? flight.flightNumber
    : `${code} ${flight.flightNumber}`;
}

function renderArrival(flight: FlightView, view: ViewContext): string {
  const time = formatLocalTime(flight.arrivalAt, flight.destinationTimeZone, view.lang);
  const days = arrivalDayOffset(
    flight.departureAt,
    flight.originTimeZone,
    flight.arrivalAt,
    flight.destinationTimeZone,
  );
  return days === 0 ? time : `${time} ${view.style.dim(days > 0 ? `+${days}` : String(days))}`;
}

function renderSeats(flight: FlightView, view: ViewContext): string {
  return flight.seatsAvailable > 0
    ? String(flight.seatsAvailable)
    : view.style.dim(view.t('flights.soldOut'));
}

export function renderFlights(response: ListFlightsResponse, view: ViewContext): string {
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
    renderSeats(flight, view),
    formatFare(flight.fareCents, view.lang),
  ]);
  const note = view.style.dim(view.t('flights.timesNote'));
  return [heading, renderTable(columns, rows, (text) => view.style.bold(text)), note].join('\n');
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
  if (document.retryAfterSeconds !== undefined) {
    lines.push(view.t('error.retryAfter', { seconds: document.retryAfterSeconds }));
  }
  return lines.join('\n');
}
