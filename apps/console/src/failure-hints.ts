import type { GatewayErrorBody } from '@interline/contracts';

import { ExitCode, GatewayRejection, type ConsoleError, type ErrorDocument } from './errors';
import { formatList } from './format';
import type { NodeTarget } from './settings';
import { renderError, type ViewContext } from './views';

/** Details of a failed request that let its hint name the flights, airlines or key involved. */
export interface FailureDetails {
  /**
   * The request that failed, for errors whose hint depends on it. The gateway returns
   * AIRLINE_UNREACHABLE for purchases, bookings and cancellations alike.
   */
  operation?: 'purchase' | 'show' | 'cancel';
  /** Idempotency key that the purchase sent. */
  idempotencyKey?: string;
  /** Flight designators by flight id, e.g. `flt_jg_1402` to `JG 1402`. */
  flightNames?: ReadonlyMap<string, string>;
  /** Airline names by code. */
  airlineNames?: ReadonlyMap<string, string>;
}

/** FailureDetails plus where the failure is shown, which decides the next step a hint names. */
export interface FailureContext extends FailureDetails {
  /** `command` for a scripted sub-command, `menu` for interactive mode. */
  mode: 'command' | 'menu';
  /**
   * The node that the request went to. Scripted commands set it, and their hints then name the
   * node and add its `--node` option to the commands they print.
   */
  nodeTarget?: NodeTarget;
}

/**
 * Wraps the error of a gateway request together with the details that its hint needs. Flows
 * throw it so that the code that shows errors can word the hint.
 */
export class RequestFailure extends Error {
  constructor(
    readonly error: unknown,
    readonly details: FailureDetails,
  ) {
    super('gateway request failed', { cause: error });
    this.name = 'RequestFailure';
  }
}

/**
 * Renders an error as `renderError` does, followed by the console's own explanation of what
 * happened and what to do next, when it has one for this error.
 */
export function renderFailure(
  failure: ConsoleError,
  view: ViewContext,
  context: FailureContext,
): string {
  const text = renderError(failure.toDocument(view.t), view);
  const hint = failureHint(failure, view, context);
  return hint === undefined ? text : `${text}\n${hint}`;
}

/**
 * Returns the error document printed with `--json`. A purchase that got no reply also carries
 * its idempotency key, so that a script can retry with it.
 */
export function failureDocument(
  failure: ConsoleError,
  view: ViewContext,
  details: FailureDetails,
): ErrorDocument {
  const document = failure.toDocument(view.t);
  if (
    details.operation === 'purchase' &&
    details.idempotencyKey !== undefined &&
    failure.exitCode === ExitCode.nodeUnreachable
  ) {
    return { ...document, idempotencyKey: details.idempotencyKey };
  }
  return document;
}

/** Returns the console's explanation of a failure, or undefined when it has none. */
export function failureHint(
  failure: ConsoleError,
  view: ViewContext,
  context: FailureContext,
): string | undefined {
  if (failure.exitCode === ExitCode.nodeUnreachable) {
    return noReplyHint(view, context);
  }
  if (failure instanceof GatewayRejection) {
    return rejectionHint(failure.body, view, context);
  }
  return undefined;
}

/**
 * Explains a purchase or cancellation that got no reply. Interactive mode shows its own retry
 * prompt for a purchase, so only a scripted purchase gets the `--key` hint.
 * NOTE: the hint names the node that got the purchase, because a node that checks keys only
 * against the bookings it sold itself would sell again under a key first sent to another node.
 */
function noReplyHint(view: ViewContext, context: FailureContext): string | undefined {
  const { operation, idempotencyKey, mode, nodeTarget } = context;
  if (operation === 'purchase' && mode === 'command' && idempotencyKey !== undefined) {
    return nodeTarget === undefined
      ? view.t('hint.purchaseNoReply', { key: idempotencyKey })
      : view.t('hint.purchaseNoReplyOnNode', { key: idempotencyKey, node: nodeTarget.address });
  }
  if (operation === 'cancel') {
    return view.t('hint.cancelNoReply');
  }
  return undefined;
}

function rejectionHint(
  body: GatewayErrorBody,
  view: ViewContext,
  context: FailureContext,
): string | undefined {
  const flights = () => nameFlights(body.flightIds, view, context);
  const airlines = () => nameAirlines(body.airlines, view, context);
  switch (body.code) {
    case 'SESSION_INVALID':
      return sessionInvalidHint(view, context);
    case 'FLIGHT_NOT_FOUND':
      return view.t('hint.flightNotFound', { flights: flights() });
    case 'FLIGHT_NOT_SELLABLE':
      return view.t('hint.flightNotSellable', { flights: flights() });
    case 'ITINERARY_INVALID':
      return view.t(
        context.mode === 'command' ? 'hint.itineraryInvalidCommand' : 'hint.itineraryInvalidMenu',
      );
    case 'SOLD_OUT':
      return view.t('hint.soldOut', { flights: flights() });
    case 'AIRLINE_UNREACHABLE':
      return airlineUnreachableHint(airlines(), view, context);
    case 'PURCHASE_TIMED_OUT':
      // A cancellation that the selling node did not confirm in time also carries this code.
      if (context.operation === 'cancel') {
        return view.t('hint.cancelTimedOut', { airlines: airlines() });
      }
      return withNewKeyHint(view.t('hint.purchaseTimedOut'), view, context);
    case 'CANCELLATION_OUTCOME_UNKNOWN':
      return view.t('hint.cancelOutcomeUnknown');
    case 'IDEMPOTENCY_KEY_REUSED':
      return idempotencyKeyReusedHint(view, context);
    case 'BOOKING_NOT_FOUND':
      return bookingNotFoundHint(view, context);
    case 'BOOKING_NOT_CANCELLABLE':
      return view.t('hint.bookingNotCancellable');
    case 'ACCOUNT_DIRECTORY_UNREACHABLE':
      // Registration and log-in need the node that keeps the account, and so may a purchase.
      return view.t(
        context.operation === 'purchase' ? 'hint.nothingSold' : 'hint.accountDirectoryUnreachable',
      );
    default:
      return undefined;
  }
}

/**
 * Names the node that rejected the session and how to reach another one, because a session
 * token is valid only on the node that issued it. Only scripted commands get it: the
 * interactive menu logs in on its own node and prints its own line about logging in again.
 */
function sessionInvalidHint(view: ViewContext, context: FailureContext): string | undefined {
  const { mode, nodeTarget } = context;
  if (mode === 'menu') {
    return undefined;
  }
  return nodeTarget === undefined
    ? view.t('hint.sessionInvalid')
    : view.t('hint.sessionInvalidOnNode', { node: nodeTarget.address });
}

/**
 * The gateway returns BOOKING_NOT_FOUND only when every node replied, so the hint points to the
 * list of bookings and does not blame an unreachable airline.
 */
function bookingNotFoundHint(view: ViewContext, context: FailureContext): string | undefined {
  const { mode, operation, nodeTarget } = context;
  if (mode === 'command') {
    const command = `bookings${nodeTarget?.option ?? ''}`;
    return operation === 'cancel'
      ? view.t('hint.cancelBookingNotFound', { command })
      : view.t('hint.bookingNotFound', { command });
  }
  // The menu has just listed the bookings, so only a cancellation gets a hint.
  return operation === 'cancel' ? view.t('hint.nothingChanged') : undefined;
}

function airlineUnreachableHint(
  airlines: string,
  view: ViewContext,
  context: FailureContext,
): string | undefined {
  switch (context.operation) {
    case 'purchase':
      return withNewKeyHint(view.t('hint.airlineUnreachable', { airlines }), view, context);
    case 'show':
      return view.t('hint.showAirlineUnreachable', { airlines });
    case 'cancel':
      return view.t('hint.cancelAirlineUnreachable');
    default:
      // The gateway message already contains the airlines and the advice to retry later.
      return undefined;
  }
}

function idempotencyKeyReusedHint(view: ViewContext, context: FailureContext): string {
  return view.t(
    context.mode === 'menu' ? 'hint.idempotencyKeyReusedMenu' : 'hint.idempotencyKeyReusedCommand',
  );
}

/**
 * Adds how to retry a scripted purchase that the network refused as a whole. The gateway returns
 * the first outcome of a repeated key, a refusal included, so the retry needs a new key. Nothing
 * was sold, so the new key cannot buy twice.
 */
function withNewKeyHint(hint: string, view: ViewContext, context: FailureContext): string {
  return context.mode === 'command' ? `${hint}\n${view.t('hint.retryWithNewKey')}` : hint;
}

/** Names the flights of an error body by designator when known, else by id. */
function nameFlights(
  flightIds: readonly string[] | undefined,
  view: ViewContext,
  context: FailureContext,
): string {
  if (flightIds === undefined || flightIds.length === 0) {
    return view.t('hint.someFlight');
  }
  const names = flightIds.map((id) => context.flightNames?.get(id) ?? id);
  return formatList(names, view.lang);
}

/** Names the airlines of an error body as `Name (CODE)` when the name is known, else by code. */
function nameAirlines(
  codes: readonly string[] | undefined,
  view: ViewContext,
  context: FailureContext,
): string {
  if (codes === undefined || codes.length === 0) {
    return view.t('hint.someAirline');
  }
  const names = codes.map((code) => {
    const name = context.airlineNames?.get(code);
    return view.style.airline(code, name === undefined ? code : `${name} (${code})`);
  });
  return formatList(names, view.lang);
}
