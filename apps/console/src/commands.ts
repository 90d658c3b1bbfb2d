import type { ConsoleSettings, NodeTarget } from './settings';
import {
  renderBooking,
  renderBookingList,
  renderCancelled,
  renderPurchased,
  renderPurchaseKey,
} from './booking-views';
import type { BuyRequest } from './booking-requests';
import { asConsoleError, ExitCode, InternalConsoleError } from './errors';
import { failureDocument, renderFailure, type FailureDetails } from './failure-hints';
import type {
  AirportsQuery,
  CancelBookingFields,
  FlightsQuery,
  Gateway,
  ItinerariesQuery,
  ListBookingsFields,
  LogInFields,
  LogOutFields,
  RegisterFields,
  ShowBookingFields,
} from './gateway';
import { translatorFor } from './i18n';
import { Styler } from './style';
import {
  renderAirports,
  renderFlights,
  renderItineraries,
  renderLoggedIn,
  renderLoggedOut,
  renderRegistered,
  type ViewContext,
} from './views';

/** A stream the console writes text to, such as process.stdout. */
export interface TextOutput {
  write(text: string): unknown;
}

/** Output settings and streams of one scripted sub-command. */
export interface CommandContext {
  json: boolean;
  view: ViewContext;
  stdout: TextOutput;
  stderr: TextOutput;
  /** The node that the command talks to. Unset until the global options are validated. */
  nodeTarget?: NodeTarget;
}

/** The context of a sub-command that sends a request to a node. */
export type GatewayCommandContext = CommandContext & { nodeTarget: NodeTarget };

/** Builds the renderer context for a language and colour setting. */
export function createView(settings: Pick<ConsoleSettings, 'lang' | 'color'>): ViewContext {
  return {
    lang: settings.lang,
    t: translatorFor(settings.lang),
    style: new Styler(settings.color),
  };
}

function printJson(output: TextOutput, document: unknown): void {
  output.write(`${JSON.stringify(document, null, 2)}\n`);
}

/**
 * Reports a failure and returns the exit code for it. With `--json` the only output is
 * `{ "error": { code, message, ... } }` on stdout. Otherwise the text goes to stderr with the
 * console's hint for the error, a pointer to `--help` after a usage error and the stack trace
 * after a console bug. `details` lets the hint name the flights or the key of the request.
 */
export function reportFailure(
  error: unknown,
  context: CommandContext,
  details: FailureDetails = {},
): ExitCode {
  const failure = asConsoleError(error);
  if (context.json) {
    printJson(context.stdout, { error: failureDocument(failure, context.view, details) });
    return failure.exitCode;
  }

  const text = renderFailure(failure, context.view, {
    ...details,
    mode: 'command',
    nodeTarget: context.nodeTarget,
  });
  context.stderr.write(`${text}\n`);
  if (failure.exitCode === ExitCode.usageError) {
    context.stderr.write(`${context.view.style.dim(context.view.t('usage.seeHelp'))}\n`);
  }
  if (failure instanceof InternalConsoleError && failure.original instanceof Error) {
    context.stderr.write(`${failure.original.stack ?? ''}\n`);
  }
  return failure.exitCode;
}

/**
 * Sends one gateway request and prints the response: the response object itself with `--json`,
 * else the text from `render`. Returns the exit code.
 */
export async function runGatewayCommand<T>(
  context: CommandContext,
  call: () => Promise<T>,
  render: (response: T) => string,
  details: FailureDetails = {},
): Promise<ExitCode> {
  try {
    const response = await call();
    if (context.json) {
      printJson(context.stdout, response);
    } else {
      context.stdout.write(`${render(response)}\n`);
    }
    return ExitCode.success;
  } catch (error) {
    return reportFailure(error, context, details);
  }
}

export function runRegister(
  context: CommandContext,
  gateway: Gateway,
  fields: RegisterFields,
): Promise<ExitCode> {
  return runGatewayCommand(
    context,
    () => gateway.register(fields),
    (response) => renderRegistered(response, context.view),
  );
}

export function runLogIn(
  context: GatewayCommandContext,
  gateway: Gateway,
  fields: LogInFields,
): Promise<ExitCode> {
  return runGatewayCommand(
    context,
    () => gateway.logIn(fields),
    (response) => renderLoggedIn(response, context.view, context.nodeTarget),
  );
}

export function runLogOut(
  context: CommandContext,
  gateway: Gateway,
  fields: LogOutFields,
): Promise<ExitCode> {
  return runGatewayCommand(
    context,
    () => gateway.logOut(fields),
    () => renderLoggedOut(context.view),
  );
}

export function runAirports(
  context: CommandContext,
  gateway: Gateway,
  query: AirportsQuery,
): Promise<ExitCode> {
  return runGatewayCommand(
    context,
    () => gateway.listAirports(query),
    (response) => renderAirports(response, context.view),
  );
}

/** Lists the flights of a date. `now` marks the flights that have departed. */
export function runFlights(
  context: CommandContext,
  gateway: Gateway,
  query: FlightsQuery,
  now: Date,
): Promise<ExitCode> {
  return runGatewayCommand(
    context,
    () => gateway.listFlights(query),
    (response) => renderFlights(response, context.view, now),
  );
}

export function runSearch(
  context: GatewayCommandContext,
  gateway: Gateway,
  query: ItinerariesQuery,
): Promise<ExitCode> {
  return runGatewayCommand(
    context,
    () => gateway.searchItineraries(query),
    (response) =>
      renderItineraries(response, context.view, {
        maxLegs: query.maxLegs,
        showFlightIds: true,
        nodeOption: context.nodeTarget.option,
      }),
  );
}

/**
 * Sends a purchase and prints the booking, after the key when the console generated it. A
 * purchase without a reply has an unknown outcome, and its hint gives the key to retry with.
 * A purchase that the node rejected sold nothing, so its key is not printed.
 * NOTE: a run stopped with Ctrl+C while it waits for the reply prints no key, so that purchase
 * cannot be retried with its key.
 */
export function runBuy(
  context: CommandContext,
  gateway: Gateway,
  request: BuyRequest,
): Promise<ExitCode> {
  const { fields } = request;
  return runGatewayCommand(
    context,
    () => gateway.purchase(fields),
    (response) => {
      const booking = renderPurchased(response, context.view);
      if (!request.keyGenerated) {
        return booking;
      }
      return `${renderPurchaseKey(fields.idempotencyKey, context.view)}\n${booking}`;
    },
    { operation: 'purchase', idempotencyKey: fields.idempotencyKey },
  );
}

export function runBookings(
  context: CommandContext,
  gateway: Gateway,
  fields: ListBookingsFields,
): Promise<ExitCode> {
  return runGatewayCommand(
    context,
    () => gateway.listBookings(fields),
    (response) => renderBookingList(response, context.view),
  );
}

export function runBooking(
  context: CommandContext,
  gateway: Gateway,
  fields: ShowBookingFields,
): Promise<ExitCode> {
  return runGatewayCommand(
    context,
    () => gateway.showBooking(fields),
    (response) => renderBooking(response.booking, context.view),
    { operation: 'show' },
  );
}

export function runCancel(
  context: CommandContext,
  gateway: Gateway,
  fields: CancelBookingFields,
): Promise<ExitCode> {
  return runGatewayCommand(
    context,
    () => gateway.cancelBooking(fields),
    (response) => renderCancelled(response, context.view),
    { operation: 'cancel' },
  );
}
