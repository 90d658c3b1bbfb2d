import type { ConsoleSettings } from './settings';
import { asConsoleError, ExitCode, InternalConsoleError } from './errors';
import type {
  AirportsQuery,
  FlightsQuery,
  Gateway,
  ItinerariesQuery,
  LogInFields,
  LogOutFields,
  RegisterFields,
} from './gateway';
import { translatorFor } from './i18n';
import { Styler } from './style';
import {
  renderAirports,
  renderError,
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
}

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
 * `{ "error": { code, message, ... } }` on stdout. Otherwise the text goes to stderr, with a
 * pointer to `--help` after a usage error and the stack trace after a console bug.
 */
export function reportFailure(error: unknown, context: CommandContext): ExitCode {
  const failure = asConsoleError(error);
  const document = failure.toDocument(context.view.t);
  if (context.json) {
    printJson(context.stdout, { error: document });
    return failure.exitCode;
  }

  context.stderr.write(`${renderError(document, context.view)}\n`);
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
    return reportFailure(error, context);
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
  context: CommandContext,
  gateway: Gateway,
  fields: LogInFields,
): Promise<ExitCode> {
  return runGatewayCommand(
    context,
    () => gateway.logIn(fields),
    (response) => renderLoggedIn(response, context.view, true),
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
  context: CommandContext,
  gateway: Gateway,
  query: ItinerariesQuery,
): Promise<ExitCode> {
  return runGatewayCommand(
    context,
    () => gateway.searchItineraries(query),
    (response) => renderItineraries(response, context.view, query.maxLegs),
  );
}
