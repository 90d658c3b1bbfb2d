import type {
  AccountView,
  BookingView,
  CancelBookingResponse,
  ItineraryView,
  ListBookingsResponse,
  PurchaseResponse,
  SearchItinerariesResponse,
} from '@interline/contracts';

import {
  isValidPassengerName,
  normalizePassengerName,
  parseLocator,
  parsePassengerName,
} from './booking-requests';
import {
  renderBooking,
  renderBookingList,
  renderCancellationPreview,
  renderCancelled,
  renderPurchased,
  renderPurchaseReview,
} from './booking-views';
import { ConsoleError, ExitCode, UsageError } from './errors';
import { RequestFailure, type FailureDetails } from './failure-hints';
import { formatList } from './format';
import type { Gateway, PurchaseFields } from './gateway';
import { ActionCancelled, type PromptForm } from './prompt-form';
import { parseCount } from './requests';
import { flightDesignator, renderAirlineName, type ViewContext } from './views';

/**
 * Maximum number of times one purchase is sent with the same key, the first time included, when
 * no reply arrives. Each attempt may wait COORDINATED_REQUEST_TIMEOUT_MS.
 */
export const PURCHASE_ATTEMPTS_MAX = 5;

/** The logged-in passenger of an interactive session. */
export interface PassengerSession {
  token: string;
  account: AccountView;
}

export interface BookingFlowOptions {
  gateway: Gateway;
  form: PromptForm;
  /** Returns a new idempotency key for each confirmed purchase. */
  newIdempotencyKey: () => string;
  /** Menu numbers that messages point the passenger to. */
  menuNumbers: { logIn: number; bookings: number };
}

/** Interactive purchase of a search result, and the "My bookings" menu entry. */
export class BookingFlows {
  constructor(private readonly options: BookingFlowOptions) {}

  /**
   * Offers to buy one of the itineraries just listed: asks which one, the passenger names and a
   * confirmation, then sends the purchase. Without a session it only says how to log in.
   */
  async offerPurchase(
    search: SearchItinerariesResponse,
    session: PassengerSession | undefined,
  ): Promise<void> {
    const { form, menuNumbers } = this.options;
    const { t, style } = form.view;
    if (search.itineraries.length === 0) {
      return;
    }
    if (!search.itineraries.some((itinerary) => itinerary.sellable)) {
      form.writeLine(t('purchase.noneForSale'));
      return;
    }
    if (session === undefined) {
      form.writeLine(style.dim(t('purchase.logInToBuy', { option: menuNumbers.logIn })));
      return;
    }

    const itinerary = await form.askParsed(t('purchase.pickPrompt'), (answer) =>
      answer === '' ? undefined : this.parseItineraryChoice(answer, search),
    );
    if (itinerary === undefined) {
      return;
    }
    const passengers = await this.askPassengerNames(search.passengers, session.account);

    form.writeLine(`\n${renderPurchaseReview(itinerary, passengers, form.view)}`);
    if (!(await form.askYesNo(t('purchase.confirm'), false))) {
      form.writeLine(t('purchase.declined'));
      return;
    }

    const fields: PurchaseFields = {
      token: session.token,
      idempotencyKey: this.options.newIdempotencyKey(),
      flightIds: itinerary.legs.map((leg) => leg.id),
      passengers,
    };
    const response = await this.sendPurchase(fields, describeItinerary(itinerary, search));
    form.writeLine(`\n${renderPurchased(response, form.view)}`);
  }

  /**
   * Lists the passenger's bookings, then shows the one picked by number or locator and offers to
   * cancel it after a confirmation that lists the tickets it voids.
   */
  async manageBookings(session: PassengerSession): Promise<void> {
    const { gateway, form } = this.options;
    const { t } = form.view;
    const list = await gateway.listBookings({ token: session.token });
    form.writeLine(renderBookingList(list, form.view));
    if (list.bookings.length === 0) {
      return;
    }

    const locator = await form.askParsed(t('bookings.pickPrompt'), (answer) =>
      answer === '' ? undefined : parseBookingChoice(answer, list.bookings),
    );
    if (locator === undefined) {
      return;
    }
    let booking: BookingView;
    try {
      ({ booking } = await gateway.showBooking({ token: session.token, locator }));
    } catch (error) {
      throw new RequestFailure(error, { operation: 'show', airlineNames: airlineNamesOf(list) });
    }
    form.writeLine(`\n${renderBooking(booking, form.view)}`);
    if (booking.status === 'CANCELLED') {
      return;
    }

    const action = await form.prompter.ask(t('bookings.actionPrompt'));
    if (action.trim().toLowerCase() !== 'c') {
      return;
    }
    await this.cancelBooking(session, booking);
  }

  /** Shows what cancelling `booking` voids and cancels it after a confirmation, default No. */
  private async cancelBooking(session: PassengerSession, booking: BookingView): Promise<void> {
    const { gateway, form } = this.options;
    const { t } = form.view;
    const { locator } = booking;
    form.writeLine(`\n${renderCancellationPreview(booking, form.view)}`);
    if (!(await form.askYesNo(t('cancel.confirm', { locator }), false))) {
      form.writeLine(t('cancel.declined'));
      return;
    }

    let response: CancelBookingResponse;
    try {
      response = await gateway.cancelBooking({ token: session.token, locator });
    } catch (error) {
      const airlineNames = new Map([[booking.soldBy.code, booking.soldBy.name]]);
      throw new RequestFailure(error, { operation: 'cancel', airlineNames });
    }
    form.writeLine(`\n${renderCancelled(response, form.view)}`);
  }

  /**
   * Returns the itinerary picked by its number in the search results. An itinerary that is not
   * for sale is rejected with the airlines that keep it from sale.
   */
  private parseItineraryChoice(answer: string, search: SearchItinerariesResponse): ItineraryView {
    const { t } = this.options.form.view;
    const number = parseCount(answer, t('purchase.pickField'), 1, search.itineraries.length);
    const itinerary = search.itineraries[number - 1];
    if (!itinerary.sellable) {
      throw notSellableError(itinerary, number, this.options.form.view);
    }
    return itinerary;
  }

  /**
   * Asks one name per passenger. The first defaults to the account's name, when that name
   * passes the gateway's rules. Any other empty answer cancels the purchase.
   */
  private async askPassengerNames(count: number, account: AccountView): Promise<string[]> {
    const { form } = this.options;
    const { t } = form.view;
    const accountName = normalizePassengerName(account.name);
    const names: string[] = [];
    for (let number = 1; number <= count; number++) {
      const fallback = number === 1 && isValidPassengerName(accountName) ? accountName : undefined;
      const question =
        fallback === undefined
          ? t('purchase.passengerPrompt', { number, count })
          : t('purchase.passengerPromptDefault', { number, count, name: fallback });
      const field = t('purchase.passengerField', { number });
      const name = await form.askParsed(question, (answer) => {
        if (answer !== '') {
          return parsePassengerName(answer, field);
        }
        if (fallback === undefined) {
          throw new ActionCancelled();
        }
        return fallback;
      });
      names.push(name);
    }
    return names;
  }

  /**
   * Sends the purchase. When no reply arrives it offers to send it again with the same key, so
   * that the node returns the first outcome instead of selling twice. Gives up after
   * PURCHASE_ATTEMPTS_MAX attempts.
   */
  private async sendPurchase(
    fields: PurchaseFields,
    details: FailureDetails,
  ): Promise<PurchaseResponse> {
    const { gateway, form, menuNumbers } = this.options;
    const { t } = form.view;
    for (let attempt = 1; ; attempt++) {
      try {
        return await gateway.purchase(fields);
      } catch (error) {
        if (!(error instanceof ConsoleError) || error.exitCode !== ExitCode.nodeUnreachable) {
          throw new RequestFailure(error, details);
        }
        form.showError(error);
        form.writeLine(t('purchase.noReply'));
        if (attempt >= PURCHASE_ATTEMPTS_MAX) {
          throw new ActionCancelled(
            t('purchase.attemptsExceeded', { count: attempt, option: menuNumbers.bookings }),
          );
        }
        if (!(await form.askYesNo(t('purchase.retryPrompt'), true))) {
          throw new ActionCancelled(t('purchase.notRetried', { option: menuNumbers.bookings }));
        }
      }
    }
  }
}

/** Names the flights and airlines of an itinerary, for the hints of a refused purchase. */
function describeItinerary(
  itinerary: ItineraryView,
  search: SearchItinerariesResponse,
): FailureDetails {
  const flightNames = new Map(itinerary.legs.map((leg) => [leg.id, flightDesignator(leg)]));
  const airlineNames = new Map(search.airlines.map((airline) => [airline.code, airline.name]));
  for (const leg of itinerary.legs) {
    airlineNames.set(leg.airline.code, leg.airline.name);
  }
  return { operation: 'purchase', flightNames, airlineNames };
}

/** Returns the names of the airlines that a booking list mentions, by code. */
function airlineNamesOf(list: ListBookingsResponse): Map<string, string> {
  const airlines = [...list.unreachableAirlines, ...list.bookings.map((booking) => booking.soldBy)];
  return new Map(airlines.map((airline) => [airline.code, airline.name]));
}

/** Builds the rejection of an itinerary that is not for sale, naming the airlines behind it. */
function notSellableError(itinerary: ItineraryView, number: number, view: ViewContext): UsageError {
  const airlines = new Map(
    itinerary.legs.filter((leg) => !leg.sellable).map((leg) => [leg.airline.code, leg.airline]),
  );
  if (airlines.size === 0) {
    return new UsageError('purchase.notSellable', { number });
  }
  const names = [...airlines.values()].map((airline) => renderAirlineName(airline, view));
  const key = airlines.size === 1 ? 'purchase.notSellableOne' : 'purchase.notSellableMany';
  return new UsageError(key, { number, airlines: formatList(names, view.lang) });
}

/**
 * Returns the locator of the booking picked by its number in the list, or of a locator typed in.
 * A locator may consist of digits only, so a number is read as a locator when no row has it.
 */
function parseBookingChoice(answer: string, bookings: readonly BookingView[]): string {
  const number = Number(answer);
  if (/^\d+$/.test(answer) && number >= 1 && number <= bookings.length) {
    return bookings[number - 1].locator;
  }
  try {
    return parseLocator(answer);
  } catch (error) {
    if (!(error instanceof UsageError)) {
      throw error;
    }
    throw new UsageError('bookings.pickInvalid', { value: answer, last: bookings.length });
  }
}
